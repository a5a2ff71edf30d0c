import { definitionFor, type Development } from '../../events/catalogue.js';
import { decodeEvent } from '../../events/decode-event.js';
import { entityKey, streamOf, type EntityRef } from '../../events/identifiers.js';
import { effectiveDevelopments, isAmendment } from '../domain/amendments.js';
import type { ReferenceStates } from '../domain/decider.js';
import { deciderFor } from '../domain/deciders.js';
import { emptyChain, headAfterStored, type ChainHead } from '../audit/hash-chain.js';
import type { EventStore, RecordedEvent } from '../store/event-store.js';
import type { StreamSnapshotPool } from './stream-snapshot-pool.js';

/** One stream as the deciders see it: folded state, revision, and the ids it holds. */
export interface StreamSnapshot {
  readonly ref: EntityRef;
  readonly stream: string;
  state: unknown;
  /** Revision of the last event, or -1 for a stream with no events. */
  revision: number;
  /** The stream's hash chain head, at `revision`: new events chain from it. */
  chain: ChainHead;
  /** Event id → stored development and where it sits, for idempotent answers. */
  readonly events: Map<string, StoredDevelopment>;
}

export interface StoredDevelopment {
  readonly development: Development;
  readonly revision: number;
  /** Known when the event was read from the store; undefined while only planned. */
  position: bigint | undefined;
}

/**
 * Folded stream states read from the store (never from a projection that may lag).
 * A single development uses a fresh cache per attempt, drawing on the process's pool
 * of snapshots, each caught up with the store before use; an import keeps one cache
 * for the whole file and advances it with every development it plans, so each stream
 * is read once.
 */
export class StreamStateCache {
  /**
   * By category, then id: a planned development looks its streams up several times
   * (subject, references, the deciders' reference reads), and keying by the ref's own
   * strings spares building and hashing a stream name each time.
   */
  private readonly snapshots = new Map<EntityRef['category'], Map<string, StreamSnapshot>>();
  private storeWasEmpty = false;
  /** Planned events naming each entity, by entity key: made on first need (see plannedReferrers). */
  private planned: Map<string, { readonly stream: string; readonly eventId: string }[]> | undefined;
  /**
   * The loaded streams' states as deciders read references (undefined for a stream
   * without events): one object for the cache's life, not one per development planned.
   */
  readonly references: ReferenceStates = {
    get: (ref) => {
      const snapshot = this.peek(ref);
      return snapshot && snapshot.revision >= 0 ? snapshot.state : undefined;
    },
  };

  constructor(
    private readonly store: EventStore,
    private readonly pool?: StreamSnapshotPool,
  ) {}

  /**
   * The store held no events when the caller looked: every stream starts empty without
   * a read each (an import into a new store names thousands). Appends decided on them
   * expect 'no_stream', so a stream another writer starts meanwhile is still a conflict.
   */
  assumeEmptyStore(): void {
    this.storeWasEmpty = true;
  }

  async load(ref: EntityRef): Promise<StreamSnapshot> {
    const cached = this.peek(ref);
    if (cached) return cached;
    return this.keep(ref, this.pool ? await this.pool.current(ref) : this.storeWasEmpty ? emptySnapshot(ref) : await readSnapshot(this.store, ref));
  }

  private keep(ref: EntityRef, snapshot: StreamSnapshot): StreamSnapshot {
    let ofCategory = this.snapshots.get(ref.category);
    if (ofCategory === undefined) this.snapshots.set(ref.category, (ofCategory = new Map()));
    ofCategory.set(ref.id, snapshot);
    return snapshot;
  }

  /**
   * A loaded stream's state, or a new stream's in a store that was empty (made and kept
   * here); undefined when the stream must be read from the store first (`load`).
   */
  atHand(ref: EntityRef): StreamSnapshot | undefined {
    const cached = this.peek(ref);
    if (cached !== undefined || !this.storeWasEmpty || this.pool) return cached;
    return this.keep(ref, emptySnapshot(ref));
  }

  /** The loaded streams' events in log order, as amendments are decided against them. */
  eventsOf(snapshot: StreamSnapshot): { eventId: string; development: Development }[] {
    return [...snapshot.events].map(([eventId, { development }]) => ({ eventId, development }));
  }

  /** The state of an already loaded stream (references are loaded before deciding). */
  peek(ref: EntityRef): StreamSnapshot | undefined {
    return this.snapshots.get(ref.category)?.get(ref.id);
  }

  /** Advances a snapshot by developments decided (and about to be appended) on it, with their chain head. */
  advance(snapshot: StreamSnapshot, eventIds: readonly string[], developments: readonly Development[], chain: ChainHead): void {
    advanceSnapshot(snapshot, eventIds, developments, chain);
    if (this.planned !== undefined) developments.forEach((development, i) => this.indexPlanned(snapshot.stream, eventIds[i]!, development));
  }

  /**
   * Ids of the events planned and not yet stored (position unknown) in the streams this
   * cache holds, outside `ownStream`, that name `ref`. Indexed on the first ask, then kept
   * up by `advance`: an import with no retraction of a registration pays nothing for it.
   */
  plannedReferrers(ref: EntityRef, ownStream: string): string[] {
    if (this.planned === undefined) {
      this.planned = new Map();
      for (const ofCategory of this.snapshots.values()) {
        for (const snapshot of ofCategory.values()) {
          for (const [eventId, { development, position }] of snapshot.events) if (position === undefined) this.indexPlanned(snapshot.stream, eventId, development);
        }
      }
    }
    return (this.planned.get(entityKey(ref)) ?? []).filter((event) => event.stream !== ownStream).map((event) => event.eventId);
  }

  private indexPlanned(stream: string, eventId: string, development: Development): void {
    for (const { ref } of definitionFor(development).references(development.data)) {
      const key = entityKey(ref);
      const naming = this.planned!.get(key);
      if (naming === undefined) this.planned!.set(key, [{ stream, eventId }]);
      else naming.push({ stream, eventId });
    }
  }

}

/** Advances a snapshot by developments decided on it, with the chain head after them. */
export function advanceSnapshot(snapshot: StreamSnapshot, eventIds: readonly string[], developments: readonly Development[], chain: ChainHead): void {
  const decider = deciderFor(snapshot.ref.category);
  developments.forEach((development, i) => {
    if (!isAmendment(development)) snapshot.state = decider.evolve(snapshot.state, development);
    snapshot.revision += 1;
    snapshot.events.set(eventIds[i]!, { development, revision: snapshot.revision, position: undefined });
  });
  snapshot.chain = chain;
  // An amendment changes what came before it: the state is folded again from the start.
  if (developments.some(isAmendment)) snapshot.state = foldEffective(snapshot);
}

function emptySnapshot(ref: EntityRef): StreamSnapshot {
  const stream = streamOf(ref);
  return { ref, stream, state: deciderFor(ref.category).initialState, revision: -1, chain: emptyChain(stream), events: new Map() };
}

/** A stream read whole from the store and folded. */
export async function readSnapshot(store: EventStore, ref: EntityRef): Promise<StreamSnapshot> {
  const snapshot = emptySnapshot(ref);
  // Whole, as stored: a revision missing in the middle (deleted by hand) is for verify to report.
  applyStored(snapshot, await store.readStream(snapshot.stream), { contiguous: false });
  return snapshot;
}

/**
 * Catches a snapshot up with events read from its stream: those it already holds are
 * skipped (two readers may catch up the same snapshot at once). False when an event
 * does not follow the snapshot's revision: the snapshot is then unusable and the stream
 * must be read afresh.
 */
export function applyStored(snapshot: StreamSnapshot, recordedEvents: readonly RecordedEvent[], { contiguous } = { contiguous: true }): boolean {
  const decider = deciderFor(snapshot.ref.category);
  let refold = snapshot.revision < 0;
  for (const recorded of recordedEvents) {
    if (recorded.revision <= snapshot.revision) continue;
    if (contiguous && recorded.revision !== snapshot.revision + 1) return false;
    const event = decodeEvent(recorded);
    snapshot.revision = event.revision;
    snapshot.chain = headAfterStored(snapshot.chain, recorded);
    snapshot.events.set(event.eventId, { development: event.development, revision: event.revision, position: event.position });
    // An amendment changes what came before it: the state is folded again from the start.
    if (isAmendment(event.development)) refold = true;
    else if (!refold) snapshot.state = decider.evolve(snapshot.state, event.development);
  }
  if (refold) snapshot.state = foldEffective(snapshot);
  return true;
}

/** A stream's state: its developments as corrected, retracted ones left out, folded in log order. */
function foldEffective(snapshot: StreamSnapshot): unknown {
  const decider = deciderFor(snapshot.ref.category);
  const events = [...snapshot.events].map(([eventId, { development }]) => ({ eventId, development }));
  return effectiveDevelopments(events).reduce((state, { development }) => decider.evolve(state, development), decider.initialState);
}
