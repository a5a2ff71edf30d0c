import { hash } from 'node:crypto';
import { canonicalJson, type CanonicalValue } from '../../events/canonical-json.js';

/**
 * The fields of a stored event that its hash covers, exactly as stored (before any
 * upcasting): changing any of them, or the event before it in the stream, changes the
 * hash. `importedFrom` is provenance about the source file and is not part of the chain.
 */
export interface HashedFields {
  readonly stream: string;
  readonly revision: number;
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: unknown;
  readonly data: unknown;
  readonly recordedAt: unknown;
  readonly recordedBy: unknown;
  readonly correlationId: unknown;
  readonly causationId: unknown;
  readonly prevHash: string;
}

export { EVENT_HASH_PATTERN as HASH_PATTERN } from '../../events/metadata.js';

/** One-shot hashing: no Hash object per event (strings hash as UTF-8). */
function sha256(text: string): string {
  return hash('sha256', text, 'hex');
}

/** The `prevHash` of a stream's first event: the SHA-256 of the stream name. */
export function genesisHash(stream: string): string {
  return sha256(stream);
}

/** The hashed fields' names in RFC 8785 key order (UTF-16 code units). */
const HASHED_KEYS = ['causationId', 'correlationId', 'data', 'eventId', 'prevHash', 'recordedAt', 'recordedBy', 'revision', 'schemaVersion', 'stream', 'type'] as const;

/**
 * SHA-256 over the RFC 8785 canonical JSON of the hashed fields. The object is written
 * in its canonical key order directly, byte for byte what `canonicalJson` makes of it
 * (fields left undefined are left out), without sorting the same keys for every event.
 * `data`, when given for the very object `fields.data` is, spares canonicalising it again.
 */
export function eventHash(fields: HashedFields, data?: CanonicalValue): string {
  const dataJson = fields.data === undefined ? undefined : data !== undefined && data.value === fields.data ? data.json : canonicalJson(fields.data);
  return eventHashOfJson(fields, dataJson);
}

/**
 * `eventHash` with the data given as its canonical JSON (undefined: no data), for a
 * thread that has the JSON and not the value (src/audit/deferred-chain.ts).
 */
export function eventHashOfJson(fields: Omit<HashedFields, 'data'>, dataJson: string | undefined): string {
  let json = '{';
  for (const key of HASHED_KEYS) {
    let valueJson: string;
    if (key === 'data') {
      if (dataJson === undefined) continue;
      valueJson = dataJson;
    } else {
      // A missing causationId hashes as null, the value recorded for "none".
      const value = key === 'causationId' ? (fields.causationId ?? null) : fields[key];
      if (value === undefined) continue;
      valueJson = canonicalJson(value);
    }
    json += `${json.length > 1 ? ',' : ''}"${key}":${valueJson}`;
  }
  return sha256(`${json}}`);
}

/** The metadata of a stored event as far as hashing reads it (unvalidated: verify reads raw rows). */
export function hashedFieldsOf(
  event: { stream: string; revision: number; eventId: string; type: string; data: unknown; metadata: unknown },
  prevHash: string,
): HashedFields {
  const meta = (typeof event.metadata === 'object' && event.metadata !== null ? event.metadata : {}) as Record<string, unknown>;
  return {
    stream: event.stream,
    revision: event.revision,
    eventId: event.eventId,
    type: event.type,
    schemaVersion: meta.schemaVersion,
    data: event.data,
    recordedAt: meta.recordedAt,
    recordedBy: meta.recordedBy,
    correlationId: meta.correlationId,
    causationId: meta.causationId,
    prevHash,
  };
}

/** The hash a stored event carries in its metadata, if any. */
export function storedHashOf(metadata: unknown): string | undefined {
  const hash = typeof metadata === 'object' && metadata !== null ? (metadata as Record<string, unknown>).hash : undefined;
  return typeof hash === 'string' ? hash : undefined;
}
