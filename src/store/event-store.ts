/**
 * The event store port. Adapters (SQLite, EventStoreDB) implement it; the conformance
 * suite in tests/store states its contract once for all of them.
 *
 * Revisions are 0-based per stream. Positions are global, strictly increasing along the
 * store's commit order, meaningful only within one store, and possibly sparse
 * (EventStoreDB commit positions are byte offsets); they travel as decimal strings in JSON.
 */

import type { DeferredAppend, DeferredProvenance } from '../audit/deferred-chain.js';

/** What an append expects of the stream: its last revision, or a coarser condition. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

export interface NewEvent {
  /** UUID; an id already in the stream makes the append an idempotent retry. */
  readonly eventId: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
}

export interface RecordedEvent {
  readonly eventId: string;
  readonly stream: string;
  readonly revision: number;
  readonly position: bigint;
  readonly type: string;
  /** JSON as stored; validated by the caller (events/decode-event.ts). */
  readonly data: unknown;
  readonly metadata: unknown;
}

export interface AppendResult {
  /** Revision of the last event appended (or already there, for an idempotent retry). */
  readonly nextExpectedRevision: number;
  /** Position of the last event appended. */
  readonly position: bigint;
}

export interface ReadStreamOptions {
  readonly direction?: 'forwards' | 'backwards';
  /** Inclusive starting revision; default the start (forwards) or end (backwards). */
  readonly fromRevision?: number;
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  readonly direction?: 'forwards' | 'backwards';
  /**
   * Exclusive bound: forwards reads events after this position, backwards reads events
   * before it. Omitted: from the start (forwards) or the end (backwards).
   */
  readonly fromPosition?: bigint;
  readonly maxCount?: number;
  readonly filter?: EventFilter;
}

export interface EventFilter {
  /** Keep events whose stream starts with one of these. */
  readonly streamPrefixes?: readonly string[];
  /** Keep events of these types. */
  readonly eventTypes?: readonly string[];
  /**
   * Keep events whose data, written as JSON (`JSON.stringify`), contains this text: a
   * narrowing the store can do without parsing each event (SQLite in SQL), for a search
   * by value such as `JSON.stringify(id)`. It can keep events that merely contain the
   * text elsewhere, so the caller checks what it gets; it never drops one that holds it.
   */
  readonly dataContains?: string;
}

/** One append of an `appendMany`: what `append` takes, as one value. */
export interface StreamAppend {
  readonly stream: string;
  readonly events: readonly NewEvent[];
  readonly expectedRevision: ExpectedRevision;
}

export interface SubscriptionListener {
  onEvent(event: RecordedEvent): void | Promise<void>;
  /** Every event that existed when the subscription started has been delivered. */
  onCaughtUp?(position: bigint | undefined): void;
  /** The subscription ended with an error (after retries the adapter gave up on). */
  onError?(error: Error): void;
  /**
   * The connection to the store was lost; the adapter is resubscribing from its checkpoint
   * and calls `onCaughtUp` again once it has caught up. Adapters that cannot lose their
   * connection (SQLite) never call it.
   */
  onInterrupted?(error: Error): void;
}

export interface SubscribeOptions {
  /** Exclusive: deliver events after this position; omitted: from the start. */
  readonly fromPosition?: bigint;
  readonly filter?: EventFilter;
}

export interface Subscription {
  unsubscribe(): Promise<void>;
}

export interface EventStore {
  /** Appends atomically: all events or none. Durable when the promise resolves. */
  append(stream: string, events: readonly NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult>;
  /**
   * Appends to many streams in one call: each append is checked as `append` checks it
   * (expected revision, idempotent retry), in the order given, so an append sees those
   * before it (two on one stream take consecutive revisions). Resolves, once all are
   * durable, with each append's result in order. When one fails, rejects with an
   * AppendManyError naming it. Whether the others are then written depends on the
   * adapter: SQLite writes all or none (one transaction); EventStoreDB writes stream by
   * stream, so others may be written. Either way each append is an idempotent retry
   * the second time, so the same batch can be sent again.
   */
  appendMany(appends: readonly StreamAppend[]): Promise<AppendResult[]>;
  /**
   * Whether `appendMany` gives its appends positions in the order given across streams
   * too (SQLite: one transaction, inserted in order), so that a caller keeping the log's
   * global order (a restore) may send many streams' appends at once; where false
   * (EventStoreDB: streams go out concurrently), such a caller appends one after another.
   */
  readonly appendManyKeepsOrder: boolean;
  /** Events of one stream in revision order; an empty array for a stream that does not exist. */
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /**
   * The events at these log positions, in position order, each once; a position at which
   * no event is stored is left out. For reading back what an index located (an entity's
   * history) without reading the log around it.
   */
  readAt(positions: readonly bigint[]): Promise<RecordedEvent[]>;
  /** The event with this id in this stream, if any. */
  findEvent(stream: string, eventId: string): Promise<RecordedEvent | undefined>;
  /**
   * Delivers every matching event after `fromPosition` in position order, then
   * `onCaughtUp`, then new events as they are committed (also by other processes).
   * The next event is delivered only after the listener's promise for the previous
   * one settles.
   */
  subscribeToAll(options: SubscribeOptions, listener: SubscriptionListener): Subscription;
  /** Position of the newest event, undefined for an empty store. */
  headPosition(): Promise<bigint | undefined>;
  close(): Promise<void>;
  /**
   * Optional (SQLite): where one stream stands as far as this instance can tell without
   * reading it. Two equal marks taken at two moments mean nothing reached the stream in
   * between. Adapters that cannot tell (EventStoreDB) leave it out; callers then read.
   */
  streamMark?(stream: string): StreamMark;
  /**
   * Optional, with `streamMark`: whether `result`, as `append` answered it, stands for
   * events this instance wrote itself, rather than an idempotent answer standing for
   * events already stored. False for results of `appendMany`.
   */
  wroteAppend?(result: AppendResult): boolean;
  /**
   * Optional (SQLite, a file store): a session that writes appends as they come, in one
   * transaction held open on a thread of its own, and makes them durable all at once on
   * `commit` (or none of them, on `rollBack` or a crash). It holds the store's write
   * lock until then, so the store it was begun on cannot change under the caller, and
   * every other writer waits: for a bulk load (`concord import`), not for a server.
   * `expectHead` is the head position the caller planned against: a session that finds
   * the log moved past it by the time it holds the lock fails with StoreMovedError (so
   * the caller may plan while the session starts). Undefined where the adapter has none
   * (EventStoreDB, an in-memory database).
   */
  beginBulkAppend?(expectHead: bigint | undefined): Promise<BulkAppendSession> | undefined;
  /**
   * Optional (SQLite, a file store): a bulk append (as `beginBulkAppend`) whose appends
   * come without their hashes, for the session's thread to link each to its stream's
   * hash chain and write the metadata `provenance` and each event describe (see
   * src/audit/deferred-chain.ts): the thread deciding a bulk load then does not hash.
   */
  beginChainingBulkAppend?(expectHead: bigint | undefined, provenance: DeferredProvenance): Promise<BulkAppendSession<DeferredAppend>> | undefined;
}

/** A bulk load's writes (see `EventStore.beginBulkAppend`). */
export interface BulkAppendSession<A = StreamAppend> {
  /**
   * Writes these appends, checked as `appendMany` checks them, after those of earlier
   * calls; several calls may be in flight. Resolves once written (not yet durable);
   * rejects with an AppendManyError naming the refused append of this call, after which
   * the session can only be rolled back.
   */
  write(appends: readonly A[]): Promise<void>;
  /** Makes every write durable at once; if any write failed, rolls back and rejects with that failure. */
  commit(): Promise<void>;
  /** Undoes every write. Harmless after a failure, a commit or another roll-back. */
  rollBack(): Promise<void>;
}

/**
 * What may have changed a stream, as `streamMark` tells it. `external` moves whenever
 * another connection or process commits anything (SQLite's `PRAGMA data_version`); this
 * instance's own commits do not move it, so `writtenHere` counts the events this
 * instance has written to the stream.
 */
export interface StreamMark {
  readonly external: bigint;
  readonly writtenHere: number;
}

export { AppendManyError, DuplicateEventIdError, StoreMovedError, StoreUnavailableError, WrongExpectedRevisionError, formatPosition } from './event-store-errors.js';
