import type { Development } from '../../events/catalogue.js';
import type { EventMetadata } from '../../events/metadata.js';
import { definitionFor } from '../../events/catalogue.js';
import { isAmendment } from '../domain/amendments.js';
import { streamOf } from '../../events/identifiers.js';
import { WrongExpectedRevisionError, type EventStore, type NewEvent } from '../store/event-store.js';
import { canonicalJson, type CanonicalValue } from '../../events/canonical-json.js';
import type { DeferredEvent } from '../audit/deferred-chain.js';
import { chainNewEvents, type ChainHead } from '../audit/hash-chain.js';
import { KeyedMutex } from './keyed-mutex.js';
import { planDevelopment } from './plan-development.js';
import { snapshotPoolOf } from './stream-snapshot-pool.js';
import { StreamStateCache } from './stream-state-cache.js';

/** Who records a development and why: becomes the event's metadata. */
export interface Provenance {
  readonly recordedBy: string;
  readonly correlationId: string;
  readonly causationId?: string | null;
  readonly importedFrom?: { file: string; item: number; line?: number };
}

export interface RecordedDevelopment {
  readonly eventId: string;
  readonly stream: string;
  readonly revision: number;
  readonly position: bigint;
  /** True when the event id was already recorded: nothing was written. */
  readonly replayed: boolean;
}

export type Clock = () => Date;

function amendedEventId(development: Development): string | undefined {
  if (!isAmendment(development)) return undefined;
  return development.type === 'DevelopmentCorrected' ? development.data.correctsEventId : development.data.retractsEventId;
}

/**
 * `date.toISOString()`, remembered for the last millisecond asked: developments recorded
 * one after another mostly fall in the same millisecond (an import stamps ten or more per
 * millisecond), and each `toISOString` cost about 1.3 µs. An invalid date has no time to
 * match, so it still throws as `toISOString` does.
 */
function isoTimestamp(date: Date): string {
  const ms = date.getTime();
  if (ms !== lastTimestamp.ms) lastTimestamp = { ms, iso: date.toISOString() };
  return lastTimestamp.iso;
}

let lastTimestamp = { ms: Number.NaN, iso: '' };

export function metadataFor(development: Development, provenance: Provenance, clock: Clock): EventMetadata {
  const { recordedAt, causationId, schemaVersion } = stampOf(development, provenance.causationId, clock);
  return {
    recordedAt,
    recordedBy: provenance.recordedBy,
    correlationId: provenance.correlationId,
    causationId,
    schemaVersion,
    ...(provenance.importedFrom ? { importedFrom: provenance.importedFrom } : {}),
  };
}

/** The metadata an event's own development and moment decide; the rest is the provenance's. */
function stampOf(development: Development, causationId: string | null | undefined, clock: Clock): { recordedAt: string; causationId: string | null; schemaVersion: number } {
  return {
    recordedAt: isoTimestamp(clock()),
    // A correction or retraction is caused by the event it amends: auditors follow that link.
    causationId: causationId ?? amendedEventId(development) ?? null,
    schemaVersion: definitionFor(development).schemaVersion,
  };
}

/**
 * The events to append for developments decided on a stream whose chain stands at
 * `chain`, each with its metadata and hash; to be appended at exactly `chain.revision`.
 * `data`: canonical JSON already computed for a development's data (its content id).
 */
export function newEvents(
  chain: ChainHead,
  developments: readonly Development[],
  eventIds: readonly string[],
  provenance: Provenance,
  clock: Clock,
  data?: CanonicalValue,
): { events: NewEvent[]; chain: ChainHead } {
  const unchained = developments.map((development, i) => ({
    eventId: eventIds[i]!,
    type: development.type,
    data: development.data,
    metadata: metadataFor(development, provenance, clock),
  }));
  const { events, head } = chainNewEvents(chain, unchained, data);
  return { events, chain: head };
}

/**
 * The events of developments decided on a stream whose chain is linked on the writing
 * thread (src/audit/deferred-chain.ts): the metadata's parts that each event decides,
 * with the data serialised, for that thread to hash and complete with the provenance the
 * session was begun with (`from`: the development's place in the import file). `data` as
 * for newEvents.
 */
export function deferredEvents(
  developments: readonly Development[],
  eventIds: readonly string[],
  from: { readonly item: number; readonly line?: number | undefined },
  clock: Clock,
  data?: CanonicalValue,
): DeferredEvent[] {
  return developments.map((development, i) => {
    const json = JSON.stringify(development.data) as string | undefined;
    if (json === undefined) throw new TypeError(`development ${eventIds[i]} (${development.type}) has no data to record`);
    const canonical = data !== undefined && data.value === development.data ? data.json : canonicalJson(development.data);
    const { recordedAt, causationId, schemaVersion } = stampOf(development, undefined, clock);
    const eventId = eventIds[i]!;
    const type = development.type;
    const canonicalData = canonical === json ? '' : canonical;
    return from.line === undefined
      ? { eventId, type, data: json, canonicalData, recordedAt, causationId, schemaVersion, item: from.item }
      : { eventId, type, data: json, canonicalData, recordedAt, causationId, schemaVersion, item: from.item, line: from.line };
  });
}

/** Another writer kept changing the stream between our read and our append. */
export class ConcurrencyConflictError extends Error {
  readonly code = 'concurrency-conflict';
  constructor(readonly stream: string, readonly attempts: number, options?: { cause?: unknown }) {
    super(`stream ${stream} changed during each of ${attempts} attempts to append; retry the request`, options);
  }
}

/**
 * A write that must land on the version of the stream the caller read (HTTP If-Match):
 * one of these revisions, or any revision of an existing stream.
 */
export type Precondition = { readonly revisions: readonly number[] } | { readonly exists: true };

/** The stream is not at the revision the caller expected: nothing was written. */
export class PreconditionFailedError extends Error {
  readonly code = 'precondition-failed';
  constructor(readonly stream: string, readonly currentRevision: number | null) {
    super(`${stream} is at revision ${currentRevision ?? 'none (no such stream)'}, not the one If-Match names; read it again and decide again`);
  }
}

function satisfied(precondition: Precondition, revision: number): boolean {
  return 'exists' in precondition ? revision >= 0 : precondition.revisions.includes(revision);
}

const MAX_ATTEMPTS = 5;
const streamLocks = new WeakMap<EventStore, KeyedMutex>();

function locksOf(store: EventStore): KeyedMutex {
  let locks = streamLocks.get(store);
  if (!locks) streamLocks.set(store, (locks = new KeyedMutex()));
  return locks;
}

/**
 * Records one development: read its stream and every referenced stream from the store,
 * decide, append at the exact revision decided on. A concurrent append to the same
 * stream makes the append fail; the development is then decided afresh on the new
 * state (so a rule broken meanwhile is reported as such), up to MAX_ATTEMPTS. Within
 * one process developments on the same stream take turns, so conflicts come only from
 * other processes.
 */
export async function recordDevelopment(
  store: EventStore,
  development: Development,
  eventId: string,
  provenance: Provenance,
  clock: Clock = () => new Date(),
  precondition?: Precondition,
): Promise<RecordedDevelopment> {
  const stream = streamOf(definitionFor(development).subject(development.data));
  return locksOf(store).run(stream, () => decideAndAppend(store, development, eventId, provenance, clock, precondition));
}

async function decideAndAppend(
  store: EventStore,
  development: Development,
  eventId: string,
  provenance: Provenance,
  clock: Clock,
  precondition: Precondition | undefined,
): Promise<RecordedDevelopment> {
  let lastConflict: WrongExpectedRevisionError | undefined;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
    const plan = await planDevelopment(new StreamStateCache(store, snapshotPoolOf(store)), development, eventId, store);
    if (plan.kind === 'already-recorded') {
      return { eventId, stream: plan.stream, revision: plan.revision, position: plan.position!, replayed: true };
    }
    const current = plan.chain.revision;
    if (precondition && !satisfied(precondition, current)) throw new PreconditionFailedError(plan.stream, current < 0 ? null : current);
    try {
      const { events, chain } = newEvents(plan.chain, plan.developments, plan.eventIds, provenance, clock);
      const result = await store.append(plan.stream, events, plan.expectedRevision);
      snapshotPoolOf(store).appended(plan.snapshot, plan.chain, plan.eventIds, plan.developments, chain, result);
      return { eventId, stream: plan.stream, revision: result.nextExpectedRevision - (plan.developments.length - 1), position: result.position, replayed: false };
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      // The next attempt reads the stream whole: it may have changed in ways catching up cannot see.
      snapshotPoolOf(store).forget(plan.stream);
      // The revision the caller read is gone for good: deciding again cannot help.
      if (precondition) throw new PreconditionFailedError(plan.stream, typeof error.actual === 'number' ? error.actual : null);
      lastConflict = error;
      // Another process won the race: step aside a random moment so the two do not collide again.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
    }
  }
  throw new ConcurrencyConflictError(lastConflict!.stream, MAX_ATTEMPTS, { cause: lastConflict });
}
