import { closeSync, fsync, fsyncSync, openSync } from 'node:fs';
import { StoreUnavailableError } from './event-store.js';

/** Makes everything written to a file so far durable; tests put one they control in its place. */
export type SyncFile = (path: string) => Promise<void>;

/**
 * The write-ahead log could not be made durable. Commits waiting on that sync may or may
 * not survive a power loss, and after a failed fsync the kernel may already have dropped
 * the pages it could not write, so a later fsync that succeeds proves nothing: the store
 * refuses every append from then on, until it is reopened (HTTP: 503 store-unavailable).
 */
export function logSyncFailure(path: string, cause: unknown): StoreUnavailableError {
  return new StoreUnavailableError(
    `syncing the write-ahead log ${path} failed (${describe(cause)}); appends since the last sync may not be durable, and this store takes no more appends: restart to reopen it`,
    1,
    { cause },
  );
}

/**
 * Syncs the log once, blocking, as a store opens: what other processes committed before
 * is then durable, so the store can show it at once. A missing log holds nothing.
 */
export function syncLogNow(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'r+');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Syncs the write-ahead log off the event loop, for commits made without a sync of their
 * own (`synchronous = NORMAL`). One sync runs at a time; callers that ask while it runs
 * wait for the next one, which covers all of them: a sync started after a commit
 * returned covers that commit's frames, so each caller is answered by the first sync
 * that started after it asked.
 *
 * Why: with `synchronous = FULL` SQLite syncs inside COMMIT, and better-sqlite3 is
 * synchronous, so the whole process waited on the disk for about 40% of the time 64
 * concurrent writers took (profile of the writers' benchmark). Here the event loop goes
 * on deciding the next developments while the disk syncs; an append is still
 * acknowledged only once synced. One at a time, not one per commit: with syncs
 * overlapping, the two halves of a flush (see GroupCommitQueue) were answered together
 * and their writers fell back into step (1.13x FULL's rate instead of 1.4x).
 */
export class LogSync {
  private running = false;
  /** Callers the next sync answers. */
  private next: Waiter[] = [];
  private failure: StoreUnavailableError | undefined;
  private syncs = 0;
  private idleWaiters: (() => void)[] = [];

  /** Our own descriptor of the log, for the default sync. */
  private fd: number | undefined;

  /**
   * `sync` absent: fsync through a descriptor of our own, kept open, on libuv's thread
   * pool. Linux syncs a file's dirty pages whichever descriptor wrote them, so this
   * covers what SQLite wrote through its own. The log keeps its inode while this store's
   * connection is open (SQLite deletes it only when the last connection closes, and
   * PASSIVE checkpoints never truncate it). Opening the file for each sync instead cost
   * a third of the writers' throughput (two more trips to the thread pool per sync).
   */
  /**
   * `beforeEachSync`: called just before each sync begins; what it returns is called once
   * that sync has succeeded (the store notes what the sync covered).
   */
  constructor(
    readonly path: string,
    private readonly sync: SyncFile = (file) => this.syncOwnDescriptor(file),
    private readonly beforeEachSync: () => () => void = () => () => {},
  ) {}

  /** Closes our descriptor of the log; call once the store's connection is closed. */
  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }

  /** Whether a sync is running now. */
  get busy(): boolean {
    return this.running;
  }

  /** The failure that stopped this log's syncs, if one did. */
  get failed(): StoreUnavailableError | undefined {
    return this.failure;
  }

  /** Syncs completed so far. */
  get completed(): number {
    return this.syncs;
  }

  /** Settles once everything written to the log before this call is durable. */
  afterSync(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<void>((resolve, reject) => {
      this.next.push({ resolve, reject });
      if (!this.running) this.start();
    });
  }

  /** Settles once no sync runs and none is asked for. */
  idle(): Promise<void> {
    if (!this.running && this.next.length === 0) return Promise.resolve();
    return new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private syncOwnDescriptor(file: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      try {
        // Opened at the first sync: by then a COMMIT has created the log. Read-write
        // without creating or truncating: Windows flushes only a handle open for writing.
        this.fd ??= openSync(file, 'r+');
      } catch (error) {
        reject(error);
        return;
      }
      fsync(this.fd, (error) => (error ? reject(error) : resolve()));
    });
  }

  private start(): void {
    const covered = this.next;
    this.next = [];
    this.running = true;
    const noteSynced = this.beforeEachSync();
    this.sync(this.path).then(
      () => {
        noteSynced();
        this.syncs += 1;
        this.running = false;
        // Started before answering: callers that commit again when answered join the next sync.
        if (this.next.length > 0) this.start();
        for (const waiter of covered) waiter.resolve();
        this.notifyIdle();
      },
      (error: unknown) => {
        this.running = false;
        this.failure = logSyncFailure(this.path, error);
        const waiting = [...covered, ...this.next];
        this.next = [];
        for (const waiter of waiting) waiter.reject(this.failure);
        this.notifyIdle();
      },
    );
  }

  private notifyIdle(): void {
    if (this.running || this.next.length > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

function describe(cause: unknown): string {
  if (cause instanceof Error) return 'code' in cause && typeof cause.code === 'string' ? `${cause.code}: ${cause.message}` : cause.message;
  return String(cause);
}
