import type { GroupCommitStats } from './sqlite-group-commit.js';
import type { SyncFile } from './sqlite-log-sync.js';

/** How a SQLite store is opened and run (the defaults are DEFAULTS below). */
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
export const BULK_SCAN_AFTER_PAGES = 8;
/** The page cache while scanning, in KiB: room for the tables' and indexes' inner pages. */
export const BULK_SCAN_CACHE_KIB = 2_048;

/** The options with their defaults; `syncFile` absent means fsync (see LogSync). */
export type Settings = Required<Omit<SqliteEventStoreOptions, 'syncFile'>> & Pick<SqliteEventStoreOptions, 'syncFile'>;

export const DEFAULTS = {
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

/** Whether the store syncs its log on a thread after COMMIT: a file store's choice, never an in-memory one's. */
export function syncsLogOffThread(path: string, settings: Settings): boolean {
  return settings.syncLogOffThread && path !== ':memory:';
}

/** The options given, the ones left undefined dropped (so that the defaults apply to them). */
export function withoutUndefined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
