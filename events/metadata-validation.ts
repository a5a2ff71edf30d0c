import type { z } from 'zod';
import { EVENT_HASH_PATTERN, eventMetadata, type EventMetadata } from './metadata.js';

/**
 * Validates a stored event's metadata: `eventMetadata.safeParse`, with the same answer and
 * the same output (key order included), but cheaper for the metadata Concord writes.
 *
 * Why: every catch-up and every read of the log validates each event's metadata, and zod
 * took 4-5 µs of the 7-9.5 µs an event's whole validation costs (measured at 100,000
 * events), most of it on the five fields that identify who recorded the event and when,
 * which repeat from one event to the next (one recording's events, an import's run: who
 * recorded it stays, the time changes every few events). So each of those five is
 * checked by its own schema when its value changes and remembered; the event's own fields
 * (the hash, the import provenance) are checked here with the schema's exact rules.
 * Anything else (a missing field, a key a later version added, a value a schema refuses,
 * anything odd) takes zod's whole path, which then answers: errors always come from zod.
 */
export function validateMetadata(input: unknown): z.ZodSafeParseResult<EventMetadata> {
  const fast = acceptedFast(input);
  if (fast !== undefined) return { success: true, data: fast };
  return eventMetadata.safeParse(input) as z.ZodSafeParseResult<EventMetadata>;
}

/** The fields that say who recorded an event, when, and why: the same over runs of events. */
const IDENTIFYING_KEYS = ['recordedAt', 'recordedBy', 'correlationId', 'causationId', 'schemaVersion'] as const;
type IdentifyingKey = (typeof IDENTIFYING_KEYS)[number];
const WITH_HASH = [...IDENTIFYING_KEYS, 'hash'];
const WITH_PROVENANCE = [...IDENTIFYING_KEYS, 'importedFrom'];
const WITH_BOTH = [...IDENTIFYING_KEYS, 'hash', 'importedFrom'];

/** Nothing accepted yet: no value is this one. */
const NONE = Symbol('none');

/** The value of each identifying field last accepted by its own schema. */
const last: Record<IdentifyingKey, unknown> = { recordedAt: NONE, recordedBy: NONE, correlationId: NONE, causationId: NONE, schemaVersion: NONE };

/**
 * Whether each identifying field of `m` is valid: the value last accepted, or one its own
 * schema accepts now (then remembered). The schema checks each field on its own (no rule
 * spans fields), so a field valid alone is valid in the object.
 */
function identifyingFieldsValid(m: Record<string, unknown>): boolean {
  // Most often all five are those of the event before.
  if (m.recordedAt === last.recordedAt && m.recordedBy === last.recordedBy && m.correlationId === last.correlationId && m.causationId === last.causationId && m.schemaVersion === last.schemaVersion) return true;
  for (const key of IDENTIFYING_KEYS) {
    const value = m[key];
    if (value === last[key]) continue;
    if (!eventMetadata.shape[key].safeParse(value).success) return false;
    last[key] = value;
  }
  return true;
}


/** Whether `value`'s own keys are exactly `names` (in any order): a key given as undefined, or one a later version added, is zod's to judge. */
function hasExactly(value: object, names: readonly string[]): boolean {
  // Counted with for...in rather than Object.keys, which made an array per event read.
  let count = 0;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) return false;
    count += 1;
  }
  if (count !== names.length) return false;
  for (const name of names) if (!Object.hasOwn(value, name)) return false;
  return true;
}

/** zod's output for `input` if it is metadata of the usual form and valid; undefined to have zod decide. */
function acceptedFast(input: unknown): EventMetadata | undefined {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return undefined;
  const m = input as Record<string, unknown>;
  const { hash, importedFrom } = m;
  if (hash !== undefined && (typeof hash !== 'string' || !EVENT_HASH_PATTERN.test(hash))) return undefined;
  const provenance = importedFrom === undefined ? undefined : importProvenance(importedFrom);
  if (importedFrom !== undefined && provenance === undefined) return undefined;
  if (!hasExactly(m, hash === undefined ? (provenance === undefined ? IDENTIFYING_KEYS : WITH_PROVENANCE) : provenance === undefined ? WITH_HASH : WITH_BOTH)) return undefined;
  if (!identifyingFieldsValid(m)) return undefined;
  const { recordedAt, recordedBy, correlationId, causationId, schemaVersion } = m as EventMetadata;
  // zod's order: the schema's keys, those present.
  if (provenance === undefined) {
    return hash === undefined
      ? { recordedAt, recordedBy, correlationId, causationId, schemaVersion }
      : { recordedAt, recordedBy, correlationId, causationId, schemaVersion, hash: hash as string };
  }
  return hash === undefined
    ? { recordedAt, recordedBy, correlationId, causationId, schemaVersion, importedFrom: provenance }
    : { recordedAt, recordedBy, correlationId, causationId, schemaVersion, hash: hash as string, importedFrom: provenance };
}

const FILE_ITEM = ['file', 'item'];
const FILE_ITEM_LINE = ['file', 'item', 'line'];

/** `importedFrom` as the schema's strict object gives it, or undefined to have zod decide. */
function importProvenance(value: unknown): EventMetadata['importedFrom'] | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { file, item, line } = value as Record<string, unknown>;
  if (typeof file !== 'string' || !isPositiveInteger(item)) return undefined;
  if (line === undefined) return hasExactly(value, FILE_ITEM) ? { file, item } : undefined;
  return isPositiveInteger(line) && hasExactly(value, FILE_ITEM_LINE) ? { file, item, line } : undefined;
}

/** `z.number().int().positive()`: a safe integer above zero. */
function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}
