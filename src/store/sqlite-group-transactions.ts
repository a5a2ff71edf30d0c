import type Database from 'better-sqlite3';
import { AppendManyError, type AppendResult } from './event-store.js';
import { AppendFailure, SqliteAppendWriter, type EncodedAppend } from './sqlite-append-writer.js';
import { translateSqliteError } from './sqlite-errors.js';
import type { SqliteEventQueries } from './sqlite-event-queries.js';
import type { GroupCommitOptions } from './sqlite-group-commit.js';
import type { SqliteWriteLock } from './sqlite-write-lock.js';

/** One unit of the queue: a single append, or the appends of one appendMany, all or nothing. */
export interface PendingWrite {
  readonly appends: readonly EncodedAppend[];
  /** appendMany: failures are reported as AppendManyError naming the append. */
  readonly many: boolean;
  readonly resolve: (results: AppendResult[]) => void;
  readonly reject: (error: unknown) => void;
  /** performance.now() when queued: how long it has waited for the write lock. */
  readonly queuedAt: number;
}

type Outcome =
  | { readonly ok: true; readonly results: AppendResult[]; readonly inserted: number[]; readonly written: number; readonly firstPosition: bigint | undefined }
  | { readonly ok: false; readonly error: unknown };

/**
 * The transactions of a group commit (see GroupCommitQueue): one group's units checked and
 * inserted under BEGIN IMMEDIATE and committed together, each unit answered once its
 * commit is durable, and the counts of what was answered how.
 */
export class GroupTransactions {
  readonly counters = { commits: 0, appendsAcknowledged: 0, appendsRejected: 0, eventsWritten: 0, largestGroup: 0 };
  /** The first position of each commit that wrote events and waits for its sync, oldest first. */
  readonly unsynced: bigint[] = [];
  private readonly statements: Record<'commit' | 'rollback', Database.Statement>;
  private readonly writer: SqliteAppendWriter;

  constructor(
    private readonly db: Database.Database,
    queries: SqliteEventQueries,
    private readonly lock: SqliteWriteLock,
    private readonly options: GroupCommitOptions,
  ) {
    this.statements = {
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
    };
    this.writer = new SqliteAppendWriter(db, queries);
  }

  /** Answers a unit with its refusal, counted. */
  reject(write: PendingWrite, error: unknown): void {
    this.counters.appendsRejected += write.appends.length;
    write.reject(error);
  }

  /**
   * Commits a group, or answers it with its refusal; 'lock-busy' when another connection
   * holds the write lock, after handing the group to `retryForLock` (`waiting`: the lock
   * is waited for on this thread instead, as at close).
   */
  commit(group: PendingWrite[], lockWait: 'retry' | 'waiting', retryForLock: (group: PendingWrite[]) => 'lock-busy'): 'done' | 'lock-busy' {
    const failed = this.options.logSync?.failed;
    if (failed) {
      // Queued before the failure: committing them now could only add to what is unknown.
      for (const write of group) this.reject(write, failed);
      return 'done';
    }
    const outcomes: Outcome[] = [];
    try {
      if (lockWait === 'waiting') this.lock.beginWaiting();
      else if (!this.lock.tryBegin()) return retryForLock(group);
      for (const write of group) outcomes.push(this.apply(write));
      this.statements.commit.run();
    } catch (error) {
      this.rollbackQuietly();
      const reason = translateSqliteError(error, `commit ${group.length} append(s)`);
      for (const write of group) this.reject(write, reason);
      return 'done';
    }
    this.counters.commits += 1;
    const appendsInGroup = group.reduce((count, write) => count + write.appends.length, 0);
    this.counters.largestGroup = Math.max(this.counters.largestGroup, appendsInGroup);
    const { logSync } = this.options;
    if (logSync === undefined) {
      this.settle(group, outcomes);
      return 'done';
    }
    const firstPosition = firstPositionOf(outcomes);
    if (firstPosition !== undefined) this.unsynced.push(firstPosition);
    logSync.afterSync().then(
      () => {
        if (firstPosition !== undefined) this.unsynced.shift();
        this.settle(group, outcomes);
      },
      // The commit's events stay hidden: whether they are durable cannot be known.
      (error: unknown) => {
        for (const write of group) this.reject(write, error);
      },
    );
    return 'done';
  }

  /** Answers a committed, durable group: each unit's results or refusal. */
  private settle(group: PendingWrite[], outcomes: Outcome[]): void {
    let written = 0;
    group.forEach((write, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) {
        written += outcome.written;
        write.appends.forEach((append, i) => this.options.localWrites.committed(append.stream, outcome.inserted[i]!, outcome.results[i]!, !write.many));
        this.counters.appendsAcknowledged += write.appends.length;
        write.resolve(outcome.results);
      } else {
        this.reject(write, outcome.error);
      }
    });
    this.counters.eventsWritten += written;
    if (written > 0) this.options.onCommitted();
  }

  /** The group's own error is what callers need; a failing ROLLBACK would only hide it. */
  private rollbackQuietly(): void {
    try {
      if (this.db.inTransaction) this.statements.rollback.run();
    } catch {
      // SQLite rolls back by itself when the connection cannot.
    }
  }

  /** A refused unit is that unit's outcome; any other error fails the whole group. */
  private apply(write: PendingWrite): Outcome {
    try {
      return { ok: true, ...this.writer.write(write.appends) };
    } catch (error) {
      if (!(error instanceof AppendFailure)) throw error;
      const reason = write.many ? new AppendManyError(error.index, error.stream, true, error.error) : error.error;
      return { ok: false, error: reason };
    }
  }}

/** Where a commit's events begin: positions grow with insertion, so the first unit's first row. */
function firstPositionOf(outcomes: readonly Outcome[]): bigint | undefined {
  for (const outcome of outcomes) if (outcome.ok && outcome.firstPosition !== undefined) return outcome.firstPosition;
  return undefined;
}
