import { CorruptEventError, decodeEvent, type ConcordEvent } from '../../events/decode-event.js';
import { ReadModels } from '../../projections/read-models.js';
import type { EventStore, RecordedEvent } from '../store/event-store.js';
import { type Anchor, HeadTracker } from './anchor.js';
import { AUDIT_CHECKS, FailureLog, type AuditCheck, type AuditFailure } from './audit-failure.js';
import { compareWithAnchor } from './compare-anchor.js';
import { eventHash, genesisHash, hashedFieldsOf, HASH_PATTERN, storedHashOf } from './event-hash.js';
import { cataloguePointers, type PointerReader } from './event-pointers.js';
import { readLog } from './read-log.js';

export interface VerifyOptions {
  /** The position verified up to; default the head when the run starts. */
  readonly until?: bigint;
  /** The live read models' digest at `until`, to compare the rebuilt ones with. */
  readonly liveDigest?: string;
  readonly anchor?: Anchor;
  readonly pointers?: PointerReader;
  /** Called every few thousand events of each pass with the events read so far. */
  readonly onProgress?: (pass: 1 | 2, events: number) => void;
}

export interface VerificationReport {
  readonly ok: boolean;
  readonly position: string | null;
  readonly events: number;
  readonly streams: number;
  readonly checks: readonly { readonly check: AuditCheck; readonly ok: boolean; readonly failures: number; readonly skipped?: string }[];
  /** The first failure of each check in each stream. */
  readonly failures: readonly AuditFailure[];
  readonly digests: { readonly rebuilt: readonly [string, string]; readonly live: string | null };
  readonly anchor: { readonly position: string | null; readonly digest: string } | null;
  readonly durationMs: number;
}

interface StreamCursor {
  nextRevision: number;
  prevHash: string;
  readonly ids: Set<string>;
}

const PROGRESS_EVERY = 5000;

function at(event: RecordedEvent): Pick<AuditFailure, 'stream' | 'revision' | 'position' | 'eventId'> {
  return { stream: event.stream, revision: event.revision, position: event.position.toString(), eventId: event.eventId };
}

/** Checks (b): revisions without gaps in commit order, and each hash chained to its predecessor. */
function checkChain(event: RecordedEvent, cursor: StreamCursor, log: FailureLog): void {
  if (event.revision !== cursor.nextRevision) {
    const message =
      event.revision > cursor.nextRevision
        ? `revision ${cursor.nextRevision}${event.revision - cursor.nextRevision > 1 ? ` to ${event.revision - 1}` : ''} missing: the next event of the stream is revision ${event.revision}`
        : `revision ${event.revision} comes after revision ${cursor.nextRevision - 1} in commit order: events out of order or repeated`;
    log.add({ check: 'revisions', ...at(event), message });
  }
  const stored = storedHashOf(event.metadata);
  const expected = eventHash(hashedFieldsOf(event, cursor.prevHash));
  if (stored === undefined || !HASH_PATTERN.test(stored)) {
    log.add({ check: 'chain', ...at(event), message: 'the event carries no hash' });
  } else if (stored !== expected) {
    log.add({ check: 'chain', ...at(event), message: 'the stored hash does not match the event as stored and the hash of the event before it: the event, or one before it, was altered, removed or moved' });
  }
  // Go on from what is stored, so one bad event is reported once, not in every event after it.
  cursor.prevHash = stored ?? expected;
  cursor.nextRevision = event.revision + 1;
}

function decodeInto(event: RecordedEvent, log: FailureLog | undefined): ConcordEvent | undefined {
  try {
    return decodeEvent(event);
  } catch (error) {
    if (!(error instanceof CorruptEventError)) throw error;
    log?.add({ check: 'schema', ...at(event), message: error.message });
    return undefined;
  }
}

/** Folds every readable event up to `until` into fresh read models and returns their digest. */
async function rebuildDigest(store: EventStore, until: bigint | undefined, onEvent?: (recorded: RecordedEvent, decoded: ConcordEvent | undefined) => void, onProgress?: (events: number) => void): Promise<string> {
  const models = new ReadModels();
  let count = 0;
  if (until !== undefined) {
    for await (const recorded of readLog(store, until)) {
      const decoded = decodeInto(recorded, undefined);
      onEvent?.(recorded, decoded);
      if (decoded) models.apply(decoded);
      count += 1;
      if (count % PROGRESS_EVERY === 0) onProgress?.(count);
    }
  }
  for (const projection of models.projections) projection.caughtUp();
  return models.digest();
}

/**
 * Reads the whole log up to one pinned position and checks (a) every event parses
 * against its schema version, (b) every stream's revisions have no gap and its hash
 * chain holds, (c) every event that points at another event of its stream points at an
 * earlier one that exists, (d) two rebuilds of the read models give the same digest,
 * equal to the live one when given; and, with an anchor, that every stream's head at
 * the anchor's position is still there unchanged.
 */
export async function verifyLog(store: EventStore, options: VerifyOptions = {}): Promise<VerificationReport> {
  const started = performance.now();
  const until = options.until ?? (await store.headPosition());
  const pointers = options.pointers ?? cataloguePointers;
  const log = new FailureLog();
  const cursors = new Map<string, StreamCursor>();
  const anchorPosition = options.anchor?.position == null ? undefined : BigInt(options.anchor.position);
  const anchorHeads = new HeadTracker();
  let events = 0;

  const firstPass = (recorded: RecordedEvent, decoded: ConcordEvent | undefined) => {
    events += 1;
    if (decoded === undefined) decodeInto(recorded, log);
    let cursor = cursors.get(recorded.stream);
    if (!cursor) cursors.set(recorded.stream, (cursor = { nextRevision: 0, prevHash: genesisHash(recorded.stream), ids: new Set() }));
    checkChain(recorded, cursor, log);
    if (decoded) {
      for (const pointer of pointers(decoded)) {
        if (!cursor.ids.has(pointer.eventId)) {
          log.add({ check: 'pointers', ...at(recorded), message: `${pointer.field} names event ${pointer.eventId}, which is not an earlier event of stream ${recorded.stream}` });
        }
      }
    }
    cursor.ids.add(recorded.eventId);
    if (anchorPosition !== undefined && recorded.position <= anchorPosition) anchorHeads.see(recorded);
  };

  const first = await rebuildDigest(store, until, firstPass, (n) => options.onProgress?.(1, n));
  const second = await rebuildDigest(store, until, undefined, (n) => options.onProgress?.(2, n));
  if (first !== second) log.add({ check: 'read-models', message: `two rebuilds of the read models from the same events gave different digests (${first} and ${second}): a projection is not deterministic` });
  if (options.liveDigest !== undefined && options.liveDigest !== first) {
    log.add({ check: 'read-models', message: `the live read models' digest ${options.liveDigest} differs from the rebuilt ${first} at position ${until ?? 'none'}` });
  }
  if (options.anchor) for (const failure of compareWithAnchor(options.anchor, anchorHeads.snapshot(), until)) log.add(failure);

  const skipped: Partial<Record<AuditCheck, string>> = {
    ...(options.anchor ? {} : { anchor: 'no anchor given (--against <anchor file>)' }),
  };
  const checks = AUDIT_CHECKS.map((check) => ({ check, ok: log.count(check) === 0, failures: log.count(check), ...(skipped[check] ? { skipped: skipped[check] } : {}) }));
  return {
    ok: checks.every((c) => c.ok),
    position: until === undefined ? null : until.toString(),
    events,
    streams: cursors.size,
    checks,
    failures: log.failures,
    digests: { rebuilt: [first, second], live: options.liveDigest ?? null },
    anchor: options.anchor ? { position: options.anchor.position, digest: options.anchor.digest } : null,
    durationMs: Math.round(performance.now() - started),
  };
}
