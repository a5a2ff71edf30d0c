import Database from 'better-sqlite3';
import { StoreUnavailableError } from './event-store.js';

/** The first wait before trying the lock again; each next one doubles, up to LONGEST_RETRY_MS. */
const FIRST_RETRY_MS = 1;
const LONGEST_RETRY_MS = 50;

/**
 * SQLite's write lock (BEGIN IMMEDIATE) for the group commit, taken without blocking the
 * event loop while another connection holds it.
 *
 * Why: better-sqlite3 waits for a lock inside SQLite's busy handler, which sleeps on the
 * calling thread: the whole process stopped, reads and HTTP included, for as long as
 * another process held the lock, up to the busy timeout (10 s) per commit. A
 * one-transaction `concord import` holds the lock for a minute at 1,000,000
 * developments, so a server beside it answered nothing at all. Here the BEGIN does not
 * wait (busy timeout 0 for that one statement); the group goes back to the queue and is
 * tried again on a timer, and each write is refused as StoreUnavailableError (503 with
 * Retry-After over HTTP) only once it has itself waited the busy timeout out.
 */
export class SqliteWriteLock {
  private readonly begin: Database.Statement;
  private readonly waitPragma: string;
  private retryMs = FIRST_RETRY_MS;

  constructor(
    private readonly db: Database.Database,
    /** How long one write may wait for the lock before it is refused. */
    readonly busyTimeoutMs: number,
  ) {
    this.begin = db.prepare('BEGIN IMMEDIATE');
    this.waitPragma = `PRAGMA busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`;
  }

  /** BEGIN IMMEDIATE, waiting on this thread as the busy timeout allows (a store's close, which must commit what is queued). */
  beginWaiting(): void {
    this.begin.run();
  }

  /** BEGIN IMMEDIATE if no other connection holds the write lock; false if one does. */
  tryBegin(): boolean {
    // Run, not prepared once: SQLite applies a PRAGMA busy_timeout when it is prepared,
    // and a prepared one run again only reports the value it was prepared with. `exec`:
    // the pair costs about 3 µs, against about 15 through `db.pragma`.
    this.db.exec('PRAGMA busy_timeout = 0');
    try {
      this.begin.run();
      this.retryMs = FIRST_RETRY_MS;
      return true;
    } catch (error) {
      if (error instanceof Database.SqliteError && error.code.startsWith('SQLITE_BUSY')) return false;
      throw error;
    } finally {
      this.db.exec(this.waitPragma);
    }
  }

  /** How long to wait before the next try: 1 ms, then twice as long each time, up to 50 ms. */
  nextRetryMs(): number {
    const wait = this.retryMs;
    this.retryMs = Math.min(LONGEST_RETRY_MS, this.retryMs * 2);
    return wait;
  }

  /** The refusal of a write queued at `queuedAt` that has waited the busy timeout out at `now`; undefined while it may wait on. */
  refusalAfterWaiting(queuedAt: number, now: number, appends: number): StoreUnavailableError | undefined {
    const waited = now - queuedAt;
    if (waited < this.busyTimeoutMs) return undefined;
    return new StoreUnavailableError(
      `event store busy: another connection held the write lock while ${appends} append(s) waited ${Math.round(waited)} ms (SQLITE_BUSY); nothing of them was written`,
    );
  }
}
