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
import { ExternalCommitWatcher } from './sqlite-commit-watcher.js';
import { SqliteBulkAppend } from './sqlite-bulk-append.js';
import { closedStoreError, translateSqliteError } from './sqlite-errors.js';
import { MAX_POSITION, SqliteEventQueries } from './sqlite-event-queries.js';
import { encodeAppend, encodeStreamAppends } from './sqlite-event-rows.js';
import { GroupCommitQueue, type GroupCommitStats } from './sqlite-group-commit.js';
import { LocalWrites } from './sqlite-local-writes.js';
import { LogSync, syncLogNow, type SyncFile } from './sqlite-log-sync.js';
import { CACHE_KIB, openDatabase, setCacheSize } from './sqlite-schema.js';
import { SqliteSubscription } from './sqlite-subscription.js';
import { WalCheckpointer } from './sqlite-wal-checkpointer.js';

export interface SqliteEventStoreOptions {
  /** How long to wait for another connection's lock before StoreUnavailableError. Default 10 000. */
  readonly busyTimeoutMs?: number;
  /** How often live subscriptions look for commits by other processes. Default 150. */
  readonly pollIntervalMs?: number;
  /** Most appends committed in one transaction. Default 1 000. */
  readonly maxAppendsPerCommit?: number;
  /** Events a subscription reads at a time while catching up. Default 500. */
  readonly subscriptionPageSize?: number;
  /**
   * Once this instance has written this many events, the write-ahead log is checkpointed
   * on a worker thread instead of inside commits (see WalCheckpointer). Default 1 000;
   * Infinity keeps SQLite's checkpoints in the commits.
   */
  readonly backgroundCheckpointAfterEvents?: number;
  /** How often the worker checkpoints. Default 250. */
  readonly checkpointIntervalMs?: number;
  /**
   * With checkpoints on the worker: the log's size in bytes from which the next commit
   * waits while the worker copies the rest of the log so that it starts afresh (see
   * WalCheckpointer.holdForRestart); the file is cut back to this size. Default 64 MiB;
   * Infinity lets the log grow for as long as commits follow each other.
   */
  readonly logRestartBytes?: number;
  /** Positions a filtered `readAll` reads per statement before giving the event loop a turn (see readAllInWindows). Default 20 000. */
  readonly searchWindow?: number;
  /**
   * Sync the write-ahead log on a thread after COMMIT instead of inside it (see LogSync),
   * acknowledging appends once synced. Default true; false makes each COMMIT sync
   * (`synchronous = FULL`). Either way an acknowledged append is durable. No effect on
   * an in-memory store.
   */
  readonly syncLogOffThread?: boolean;
  /** How the log is synced off the thread; tests put a sync they control here. Default fsync. */
  readonly syncFile?: SyncFile;
}

export interface SqliteEventStoreStats extends GroupCommitStats {
  readonly liveSubscriptions: number;
  /** Where the write-ahead log is checkpointed: in commits (SQLite's default) or on the worker. */
  readonly checkpoints: 'in-commits' | 'background';
  /** The connection's page cache limit in KiB (smaller while a subscription scans the log); 0 once closed. */
  readonly pageCacheKiB: number;
  /** Times the worker had the write-ahead log start afresh while commits were held, and times it could not (see logRestartBytes). */
  readonly logRestarts: number;
  readonly logRestartsRefused: number;
}

/** Events a catch-up reads at a time: small pages die young, large ones are promoted and cost the GC. */
export const CATCH_UP_PAGE_SIZE = 500;

/** A subscription that reads this many full pages in a row is scanning the log (see bulkScanning). */
const BULK_SCAN_AFTER_PAGES = 8;
/** The page cache while scanning, in KiB: room for the tables' and indexes' inner pages. */
const BULK_SCAN_CACHE_KIB = 2_048;

/** The options with their defaults; `syncFile` absent means fsync (see LogSync). */
type Settings = Required<Omit<SqliteEventStoreOptions, 'syncFile'>> & Pick<SqliteEventStoreOptions, 'syncFile'>;

const DEFAULTS = {
  busyTimeoutMs: 10_000,
  pollIntervalMs: 150,
  maxAppendsPerCommit: 1_000,
  subscriptionPageSize: CATCH_UP_PAGE_SIZE,
  backgroundCheckpointAfterEvents: 1_000,
  checkpointIntervalMs: 250,
  logRestartBytes: 64 * 1024 * 1024,
  searchWindow: 20_000,
  syncLogOffThread: true,
} satisfies Settings;

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
  private readonly watcher: ExternalCommitWatcher;
  private readonly subscriptions = new Set<SqliteSubscription>();
  private readonly localWrites = new LocalWrites();
  private checkpointer: WalCheckpointer | undefined;
  private readonly logSync: LogSync | undefined;
  /** The head and `data_version` read just before the last sync of the log that succeeded: what it made durable. */
  private durable: { readonly head: bigint | undefined; readonly version: bigint } | undefined;
  /** A sync asked for because a read found other connections' commits not yet synced here. */
  private externalSyncAsked = false;
  private closed = false;
  /** Subscriptions reading a long run of the log right now (see bulkScanning). */
  private bulkScans = 0;

  private constructor(
    private readonly db: Database.Database,
    readonly path: string,
    private readonly settings: Settings,
  ) {
    this.queries = new SqliteEventQueries(db);
    // Every file store syncs the log before it shows another connection's commits; one
    // that syncs off the thread also answers its own appends with these syncs.
    this.logSync = path === ':memory:' ? undefined : new LogSync(`${path}-wal`, settings.syncFile, () => this.syncStarting());
    if (this.logSync) {
      // Everything committed before the open is shown at once, as before; only later
      // commits of other connections wait for a sync here.
      const covers = this.syncStarting();
      try {
        syncLogNow(this.logSync.path);
      } catch (error) {
        db.close();
        throw error;
      }
      covers();
    }
    this.commits = new GroupCommitQueue(db, this.queries, {
      ...(this.logSync && syncsLogOffThread(path, settings) ? { logSync: this.logSync } : {}),
      maxAppendsPerCommit: settings.maxAppendsPerCommit,
      busyTimeoutMs: settings.busyTimeoutMs,
      onCommitted: () => {
        this.wakeSubscriptions();
        this.checkpointInBackgroundOnceBusy();
      },
      localWrites: this.localWrites,
      holdCommits: () => this.checkpointer?.holdForRestart(),
    });
    this.watcher = new ExternalCommitWatcher(() => this.queries.dataVersion(), settings.pollIntervalMs, () => this.wakeSubscriptions());
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

  /**
   * A filtered read can scan the whole log for few matches: a registration's retraction
   * looks for events naming the entity (`dataContains`), which at 1,000,000 events was
   * one statement of 0.6-0.9 s, the server answering nothing meanwhile (better-sqlite3
   * is synchronous). It reads `searchWindow` positions per statement instead, giving the
   * event loop a turn between them. The answer is the one statement's at the start: the
   * head is read first, and positions at or below a committed head never change (commits
   * take positions above it, under the write lock).
   */
  private async readAllInWindows(options: ReadAllOptions, filter: EventFilter): Promise<RecordedEvent[]> {
    const direction = options.direction ?? 'forwards';
    const forwards = direction === 'forwards';
    const limit = options.maxCount ?? Number.POSITIVE_INFINITY;
    if (limit !== Number.POSITIVE_INFINITY && (!Number.isInteger(limit) || limit < 0)) throw new RangeError(`maxCount must be a non-negative integer, got ${limit}`);
    const head = this.read('read the head position', () => this.queries.headPosition(this.visibleHead()));
    const events: RecordedEvent[] = [];
    if (head === undefined || limit <= 0) return events;
    const window = BigInt(this.settings.searchWindow);
    let from = forwards ? (options.fromPosition ?? 0n) : options.fromPosition === undefined || options.fromPosition > head ? head + 1n : options.fromPosition;
    while (forwards ? from < head : from > 1n) {
      const to = forwards ? (from + window < head ? from + window : head) : from - window > 1n ? from - window : 1n;
      const bound = from;
      const remaining = limit === Number.POSITIVE_INFINITY ? undefined : limit - events.length;
      events.push(...this.read('read all events', () => this.queries.readWindow(direction, bound, to, filter, remaining)));
      if (events.length >= limit) break;
      from = to;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return events;
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
    const subscription = new SqliteSubscription(
      { readPage: (after, filter, limit) => this.readPage(after, filter, limit) },
      options,
      listener,
      {
        pageSize: this.settings.subscriptionPageSize,
        retryDelayMs: this.settings.pollIntervalMs,
        maxReadRetries: 5,
        onStopped: (stopped) => this.forgetSubscription(stopped),
        bulkScanAfterPages: BULK_SCAN_AFTER_PAGES,
        onBulkScan: (scanning) => this.bulkScanning(scanning),
      },
    );
    this.subscriptions.add(subscription);
    this.watcher.start();
    subscription.start();
    return subscription;
  }

  /** Commits anything queued and waits until it is durable, stops subscriptions, the watcher and the checkpointer, closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.commits.drain();
    await this.commits.settled();
    for (const subscription of [...this.subscriptions]) subscription.stop();
    this.watcher.stop();
    await this.checkpointer?.stop();
    await this.logSync?.idle();
    this.db.close();
    this.logSync?.close();
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

  /**
   * The last position reads may show: nothing is read here before it is durable. Our own
   * commits wait for their sync (GroupCommitQueue.visibleHead). Another connection's
   * commit is visible through SQLite as soon as it commits, and if that process syncs
   * off the thread it may not be durable yet, so while `data_version` has moved since
   * the last sync here, reads stop at what that sync covered and a sync is asked for;
   * subscriptions are woken when it ends. Nothing is shown before a first sync.
   */
  private visibleHead(): bigint {
    const own = this.commits.visibleHead() ?? MAX_POSITION;
    if (this.logSync === undefined || this.durable?.version === this.queries.dataVersion()) return own;
    this.askExternalSync();
    const synced = this.durable?.head ?? 0n;
    return synced < own ? synced : own;
  }

  /** Async reads wait for a sync rather than show less, when others have committed since the last one. */
  private async othersCommitsSynced(): Promise<void> {
    if (this.logSync === undefined || this.closed) return;
    if (this.read('read the data version', () => this.durable?.version === this.queries.dataVersion())) return;
    // A failed sync leaves those commits hidden; the read goes on without them.
    await this.logSync.afterSync().catch(() => undefined);
  }

  private askExternalSync(): void {
    if (this.externalSyncAsked || this.logSync === undefined) return;
    this.externalSyncAsked = true;
    const done = () => {
      this.externalSyncAsked = false;
      if (!this.closed) this.wakeSubscriptions();
    };
    this.logSync.afterSync().then(done, done);
  }

  /** Notes, just before a sync of the log begins, what it will cover. */
  private syncStarting(): () => void {
    try {
      const covers = { head: this.queries.headPosition(), version: this.queries.dataVersion() };
      return () => {
        this.durable = covers;
      };
    } catch {
      // The connection is closing: nothing to note.
      return () => {};
    }
  }

  private read<T>(action: string, query: () => T): T {
    if (this.closed) throw closedStoreError(action);
    try {
      return query();
    } catch (error) {
      throw translateSqliteError(error, action);
    }
  }

  /**
   * While a subscription reads a long run of the log (a catch-up), the connection's page
   * cache is kept small. A scan reads each page once, so caching it gains nothing, and a
   * cache filled to its 64 MiB by the scan is memory the process keeps: once freed, the
   * C allocator does not give it back. Measured at 1,000,000 events: 60 MiB less resident
   * memory after a catch-up (bench/HISTORY.md), the catch-up as fast.
   */
  private bulkScanning(scanning: boolean): void {
    const before = this.bulkScans;
    this.bulkScans += scanning ? 1 : -1;
    if (this.closed) return;
    if (before === 0 && this.bulkScans === 1) setCacheSize(this.db, BULK_SCAN_CACHE_KIB);
    else if (before === 1 && this.bulkScans === 0) setCacheSize(this.db, CACHE_KIB);
  }

  private wakeSubscriptions(): void {
    for (const subscription of this.subscriptions) subscription.wake();
  }

  private forgetSubscription(subscription: SqliteSubscription): void {
    this.subscriptions.delete(subscription);
    if (this.subscriptions.size === 0) this.watcher.stop();
  }
}

function syncsLogOffThread(path: string, settings: Settings): boolean {
  return settings.syncLogOffThread && path !== ':memory:';
}

function withoutUndefined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
