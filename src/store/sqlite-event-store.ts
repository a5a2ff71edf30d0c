import type Database from 'better-sqlite3';
import {
  type AppendResult,
  type BulkAppendSession,
  type EventFilter,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type StreamAppend,
  type StreamMark,
  type SubscribeOptions,
  type Subscription,
  type SubscriptionListener,
} from './event-store.js';
import type { DeferredAppend, DeferredProvenance } from '../audit/deferred-chain.js';
import { SqliteBulkAppend } from './sqlite-bulk-append.js';
import { closedStoreError, translateSqliteError } from './sqlite-errors.js';
import { MAX_POSITION, SqliteEventQueries } from './sqlite-event-queries.js';
import { encodeAppend, encodeStreamAppends } from './sqlite-event-rows.js';
import { GroupCommitQueue } from './sqlite-group-commit.js';
import { LocalWrites } from './sqlite-local-writes.js';
import { SqliteDurableView } from './sqlite-durable-view.js';
import { openDatabase } from './sqlite-schema.js';
import {
  DEFAULTS,
  syncsLogOffThread,
  withoutUndefined,
  type Settings,
  type SqliteEventStoreOptions,
  type SqliteEventStoreStats,
} from './sqlite-store-settings.js';
import { SqliteSubscriptions } from './sqlite-subscriptions.js';
import { readAllInWindows } from './sqlite-windowed-read.js';
import { WalCheckpointer } from './sqlite-wal-checkpointer.js';

export { CATCH_UP_PAGE_SIZE, type SqliteEventStoreOptions, type SqliteEventStoreStats } from './sqlite-store-settings.js';

/**
 * The event store in one SQLite file (WAL), shareable by several processes. One
 * connection per instance: better-sqlite3 is synchronous, so reads run between
 * group commits and never see a half-applied group.
 */
export class SqliteEventStore implements EventStore {
  /** One transaction, rows inserted in the order given. */
  readonly appendManyKeepsOrder = true;
  private readonly queries: SqliteEventQueries;
  private readonly commits: GroupCommitQueue;
  private readonly subscriptions: SqliteSubscriptions;
  private readonly localWrites = new LocalWrites();
  private checkpointer: WalCheckpointer | undefined;
  /** What reads may show: only what is durable. */
  private readonly durableView: SqliteDurableView;
  private closed = false;

  private constructor(
    private readonly db: Database.Database,
    readonly path: string,
    private readonly settings: Settings,
  ) {
    this.queries = new SqliteEventQueries(db);
    this.subscriptions = new SqliteSubscriptions(db, settings, () => this.queries.dataVersion(), (after, filter, limit) => this.readPage(after, filter, limit), () => this.closed);
    try {
      this.durableView = new SqliteDurableView(path, settings.syncFile, this.queries, () => {
        if (!this.closed) this.subscriptions.wake();
      });
    } catch (error) {
      db.close();
      throw error;
    }
    const { logSync } = this.durableView;
    this.commits = new GroupCommitQueue(db, this.queries, {
      ...(logSync && syncsLogOffThread(path, settings) ? { logSync } : {}),
      maxAppendsPerCommit: settings.maxAppendsPerCommit,
      busyTimeoutMs: settings.busyTimeoutMs,
      onCommitted: () => {
        this.subscriptions.wake();
        this.checkpointInBackgroundOnceBusy();
      },
      localWrites: this.localWrites,
      holdCommits: () => this.checkpointer?.holdForRestart(),
    });
  }

  /** Opens the file, creating its parent directory and the schema if missing. */
  static open(path: string, options: SqliteEventStoreOptions = {}): SqliteEventStore {
    const settings = { ...DEFAULTS, ...withoutUndefined(options) };
    try {
      const synchronous = syncsLogOffThread(path, settings) ? 'NORMAL' : 'FULL';
      return new SqliteEventStore(openDatabase(path, { ...settings, synchronous }), path, settings);
    } catch (error) {
      throw translateSqliteError(error, `open ${path}`);
    }
  }

  async append(stream: string, events: readonly NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    if (this.closed) throw closedStoreError(`append to ${stream}`);
    return this.commits.enqueue(encodeAppend(stream, events, expectedRevision));
  }

  /**
   * See EventStore.beginBulkAppend. None for an in-memory database: a second connection
   * would open a database of its own.
   */
  beginBulkAppend(expectHead: bigint | undefined): Promise<BulkAppendSession> | undefined {
    if (this.closed) return Promise.reject(closedStoreError('begin a bulk append'));
    if (this.path === ':memory:') return undefined;
    return SqliteBulkAppend.begin(this.path, this.settings.busyTimeoutMs, expectHead);
  }

  /** See EventStore.beginChainingBulkAppend; none for an in-memory database, as above. */
  beginChainingBulkAppend(expectHead: bigint | undefined, provenance: DeferredProvenance): Promise<BulkAppendSession<DeferredAppend>> | undefined {
    if (this.closed) return Promise.reject(closedStoreError('begin a bulk append'));
    if (this.path === ':memory:') return undefined;
    return SqliteBulkAppend.beginChaining(this.path, this.settings.busyTimeoutMs, expectHead, provenance);
  }

  /** All or nothing: the appends commit in one transaction, or none of them does. */
  async appendMany(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    if (this.closed) throw closedStoreError(`append to ${appends.length} stream(s)`);
    if (appends.length === 0) return [];
    return this.commits.enqueueMany(encodeStreamAppends(appends));
  }

  async readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    await this.othersCommitsSynced();
    return this.read(`read stream ${stream}`, () => this.queries.readStream(stream, options, this.visibleHead()));
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    await this.othersCommitsSynced();
    if (options?.filter !== undefined) return this.readAllInWindows(options, options.filter);
    return this.read('read all events', () => this.queries.readAll(options, this.visibleHead()));
  }

  /** A filtered read, a window of positions per statement (see readAllInWindows). */
  private readAllInWindows(options: ReadAllOptions, filter: EventFilter): Promise<RecordedEvent[]> {
    return readAllInWindows(
      options,
      filter,
      () => this.read('read the head position', () => this.queries.headPosition(this.visibleHead())),
      BigInt(this.settings.searchWindow),
      (direction, from, to, windowFilter, remaining) => this.read('read all events', () => this.queries.readWindow(direction, from, to, windowFilter, remaining)),
    );
  }

  async readAt(positions: readonly bigint[]): Promise<RecordedEvent[]> {
    await this.othersCommitsSynced();
    return this.read(`read ${positions.length} event(s) by position`, () => this.queries.readAt(positions, this.visibleHead()));
  }

  async findEvent(stream: string, eventId: string): Promise<RecordedEvent | undefined> {
    await this.othersCommitsSynced();
    return this.read(`find event ${eventId} in ${stream}`, () => this.queries.findEvent(stream, eventId, this.visibleHead()));
  }

  async headPosition(): Promise<bigint | undefined> {
    await this.othersCommitsSynced();
    return this.read('read the head position', () => this.queries.headPosition(this.visibleHead()));
  }

  /**
   * Read without touching the stream: `PRAGMA data_version` (moved only by other
   * connections' commits) and the count of events this connection wrote to the stream.
   */
  streamMark(stream: string): StreamMark {
    return this.read(`read the data version for ${stream}`, () => ({ external: this.queries.dataVersion(), writtenHere: this.localWrites.writtenTo(stream) }));
  }

  wroteAppend(result: AppendResult): boolean {
    return this.localWrites.wrote(result);
  }

  subscribeToAll(options: SubscribeOptions, listener: SubscriptionListener): Subscription {
    if (this.closed) throw closedStoreError('subscribe');
    return this.subscriptions.subscribe(options, listener);
  }

  /** Commits anything queued and waits until it is durable, stops subscriptions, the watcher and the checkpointer, closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.commits.drain();
    await this.commits.settled();
    this.subscriptions.stopAll();
    await this.checkpointer?.stop();
    await this.durableView.logSync?.idle();
    this.db.close();
    this.durableView.logSync?.close();
  }

  /**
   * A store that writes in earnest gets its checkpoints off the committing thread; one
   * that only reads, or writes a little (most tests, a CLI command), never starts a thread.
   */
  private checkpointInBackgroundOnceBusy(): void {
    if (this.checkpointer !== undefined || this.closed || this.commits.stats().eventsWritten < this.settings.backgroundCheckpointAfterEvents) return;
    this.checkpointer = WalCheckpointer.start(this.db, this.path, {
      intervalMs: this.settings.checkpointIntervalMs,
      busyTimeoutMs: this.settings.busyTimeoutMs,
      restartBytes: this.settings.logRestartBytes,
    });
  }

  /** Counters of the group commit, for tests and monitoring. */
  stats(): SqliteEventStoreStats {
    const background = this.checkpointer !== undefined && !this.checkpointer.fellBack && !this.closed;
    const pageCacheKiB = this.closed ? 0 : -Number(this.db.pragma('cache_size', { simple: true }));
    return {
      ...this.commits.stats(),
      liveSubscriptions: this.subscriptions.size,
      checkpoints: background ? 'background' : 'in-commits',
      ...(this.checkpointer?.restarts ?? { logRestarts: 0, logRestartsRefused: 0 }),
      pageCacheKiB,
    };
  }

  private readPage(after: bigint, filter: EventFilter | undefined, limit: number): { events: RecordedEvent[]; scannedTo: bigint } {
    if (this.closed) throw closedStoreError('read events for a subscription');
    try {
      return this.queries.readPage(after, filter, limit, this.visibleHead());
    } catch (error) {
      throw translateSqliteError(error, 'read events for a subscription');
    }
  }

  /** The last position reads may show (see SqliteDurableView). */
  private visibleHead(): bigint {
    return this.durableView.visibleHead(this.commits.visibleHead() ?? MAX_POSITION);
  }

  /** Async reads wait for a sync rather than show less, when others have committed since the last one. */
  private async othersCommitsSynced(): Promise<void> {
    if (this.closed) return;
    if (this.read('read the data version', () => this.durableView.othersSynced())) return;
    await this.durableView.afterSync();
  }

  private read<T>(action: string, query: () => T): T {
    if (this.closed) throw closedStoreError(action);
    try {
      return query();
    } catch (error) {
      throw translateSqliteError(error, action);
    }
  }

}
