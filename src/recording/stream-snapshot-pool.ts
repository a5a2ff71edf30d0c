import type { Development } from '../../events/catalogue.js';
import { streamOf, type EntityRef } from '../../events/identifiers.js';
import { storedHashOf } from '../audit/event-hash.js';
import type { ChainHead } from '../audit/hash-chain.js';
import type { AppendResult, EventStore, RecordedEvent, StreamMark } from '../store/event-store.js';
import { LeastRecentlyUsed } from './least-recently-used.js';
import { advanceSnapshot, applyStored, readSnapshot, type StreamSnapshot } from './stream-state-cache.js';

const DEFAULT_CAPACITY = 10_000;

/**
 * Stream snapshots kept across the developments one process records, so deciding a
 * development reads only the events appended since the snapshot (usually none, or the
 * process's own last append) instead of reading and folding the whole stream each time.
 * Every use first catches the snapshot up with the store, so states stay as fresh as a
 * full read would make them, whoever appended (another process included). A store that
 * marks its streams (`streamMark`, SQLite) spares that read while the stream's mark has
 * not moved since the snapshot was last known to match the store: no other process has
 * committed, and this process wrote nothing to the stream but the appends the pool
 * advanced the snapshot by itself. An append
 * decided on a snapshot still names its exact expected revision, and a conflict makes
 * the caller forget the snapshot, so a stream changed behind the store's back (events
 * deleted by hand) is read whole again. Least recently used snapshots beyond the
 * capacity are dropped.
 */
export class StreamSnapshotPool {
  private readonly snapshots: LeastRecentlyUsed<string, StreamSnapshot>;
  /** Snapshots advanced by `appended` whose last event has not been read back yet. */
  private readonly unconfirmed = new WeakSet<StreamSnapshot>();
  /** The stream's mark when a snapshot was last known to hold exactly what the store holds. */
  private readonly matchedAt = new WeakMap<StreamSnapshot, StreamMark>();

  constructor(
    private readonly store: EventStore,
    capacity = DEFAULT_CAPACITY,
  ) {
    this.snapshots = new LeastRecentlyUsed(capacity);
  }

  /** The stream's snapshot, caught up with every event the store holds for it now. */
  async current(ref: EntityRef): Promise<StreamSnapshot> {
    const stream = streamOf(ref);
    const kept = this.snapshots.get(stream);
    // Taken before any read: a commit landing between the mark and the read is in the
    // snapshot but not in the mark, so it costs one more read later, never a missed event.
    const mark = this.store.streamMark?.(stream);
    if (kept) {
      this.snapshots.keep(stream, kept);
      if (mark !== undefined && sameMark(this.matchedAt.get(kept), mark)) return kept;
      // An advanced snapshot's last event is read again and must be the one stored: an
      // idempotent answer may stand for another process's event under the same id.
      const unconfirmed = this.unconfirmed.has(kept);
      const newer = await this.store.readStream(stream, { fromRevision: unconfirmed ? kept.revision : kept.revision + 1 });
      let caughtUp = false;
      try {
        caughtUp = (!unconfirmed || this.confirm(kept, newer[0])) && applyStored(kept, newer);
      } finally {
        if (!caughtUp) this.forget(stream);
      }
      if (caughtUp) {
        this.matched(kept, mark);
        return kept;
      }
    }
    const snapshot = await readSnapshot(this.store, ref);
    this.matched(snapshot, mark);
    this.snapshots.keep(stream, snapshot);
    return snapshot;
  }

  /**
   * Advances a kept snapshot by a development this process just appended on it, so the
   * next recording need not decode and fold it again. It only reads back the stored
   * hash, and not even that when the stream's mark shows that this very append wrote
   * the one event the stream gained since the snapshot matched the store.
   * Left to the next catch-up instead when the
   * snapshot has moved meanwhile (caught up by another recording) or when the decision
   * appended several events, whose positions but the last the store does not answer.
   */
  appended(snapshot: StreamSnapshot, decidedAt: ChainHead, eventIds: readonly string[], developments: readonly Development[], chain: ChainHead, result: AppendResult): void {
    if (this.snapshots.get(snapshot.stream) !== snapshot || snapshot.revision !== decidedAt.revision) return;
    if (developments.length !== 1 || result.nextExpectedRevision !== decidedAt.revision + 1) {
      this.forget(snapshot.stream);
      return;
    }
    const matchedAt = this.matchedAt.get(snapshot);
    advanceSnapshot(snapshot, eventIds, developments, chain);
    snapshot.events.get(eventIds[0]!)!.position = result.position;
    // Read back once anything else reaches the store: a hash changed by hand must be seen.
    this.unconfirmed.add(snapshot);
    // The mark the stream has if this append wrote the one event it gained since the
    // snapshot matched: while the store's mark equals it, the stored event is our own, as
    // we hashed it. (An idempotent answer wrote nothing, and may stand for another's event.)
    const ours = matchedAt !== undefined && this.store.wroteAppend?.(result) === true;
    this.matched(snapshot, ours ? { external: matchedAt.external, writtenHere: matchedAt.writtenHere + 1 } : undefined);
  }

  private matched(snapshot: StreamSnapshot, mark: StreamMark | undefined): void {
    if (mark === undefined) this.matchedAt.delete(snapshot);
    else this.matchedAt.set(snapshot, mark);
  }

  /** Whether the stored event at the snapshot's revision carries the hash the snapshot chained to. */
  private confirm(snapshot: StreamSnapshot, stored: RecordedEvent | undefined): boolean {
    if (stored?.revision !== snapshot.revision || storedHashOf(stored.metadata) !== snapshot.chain.hash) return false;
    this.unconfirmed.delete(snapshot);
    return true;
  }

  forget(stream: string): void {
    this.snapshots.delete(stream);
  }
}

function sameMark(a: StreamMark | undefined, b: StreamMark): boolean {
  return a !== undefined && a.external === b.external && a.writtenHere === b.writtenHere;
}

const pools = new WeakMap<EventStore, StreamSnapshotPool>();

/** The pool of one store, shared by every recording through it in this process. */
export function snapshotPoolOf(store: EventStore): StreamSnapshotPool {
  let pool = pools.get(store);
  if (!pool) pools.set(store, (pool = new StreamSnapshotPool(store)));
  return pool;
}
