import type Database from 'better-sqlite3';
import {
  DuplicateEventIdError,
  WrongExpectedRevisionError,
  type AppendResult,
  type ExpectedRevision,
} from './event-store.js';
import { translateSqliteError } from './sqlite-errors.js';
import type { EncodedEvent } from './sqlite-event-rows.js';
import type { SqliteEventQueries, StoredEventRef } from './sqlite-event-queries.js';

interface PendingAppend {
  readonly stream: string;
  readonly events: readonly EncodedEvent[];
  readonly expectedRevision: ExpectedRevision;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

type Outcome = { readonly ok: true; readonly result: AppendResult; readonly written: number } | { readonly ok: false; readonly error: unknown };

export interface GroupCommitStats {
  /** Transactions committed; fewer than `appendsAcknowledged` when appends were grouped. */
  readonly commits: number;
  /** Appends resolved, idempotent retries included. */
  readonly appendsAcknowledged: number;
  /** Appends rejected (conflicts, duplicates, an unavailable store). */
  readonly appendsRejected: number;
  readonly eventsWritten: number;
  /** Appends in the largest transaction so far. */
  readonly largestGroup: number;
}

export interface GroupCommitOptions {
  /** Bounds one transaction, so one flush does not hold the write lock or the event loop too long. */
  readonly maxAppendsPerCommit: number;
  /** Called after a commit that wrote events, to wake local subscriptions at once. */
  readonly onCommitted: () => void;
}

/**
 * Group commit: appends queued during one event-loop turn share one transaction, so
 * they share one fsync. BEGIN IMMEDIATE takes the write lock first, so the revision
 * checks run against the file as other processes left it; a SAVEPOINT per append lets
 * one failing append roll back alone. Every promise settles only after COMMIT returns.
 */
export class GroupCommitQueue {
  private pending: PendingAppend[] = [];
  private flushScheduled = false;
  private counters = { commits: 0, appendsAcknowledged: 0, appendsRejected: 0, eventsWritten: 0, largestGroup: 0 };
  private readonly statements: Record<'begin' | 'commit' | 'rollback' | 'savepoint' | 'rollbackToSavepoint' | 'releaseSavepoint', Database.Statement>;

  constructor(
    private readonly db: Database.Database,
    private readonly queries: SqliteEventQueries,
    private readonly options: GroupCommitOptions,
  ) {
    this.statements = {
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
      savepoint: db.prepare('SAVEPOINT append'),
      rollbackToSavepoint: db.prepare('ROLLBACK TO append'),
      releaseSavepoint: db.prepare('RELEASE append'),
    };
  }

  enqueue(stream: string, events: readonly EncodedEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    return new Promise<AppendResult>((resolve, reject) => {
      this.pending.push({ stream, events, expectedRevision, resolve, reject });
      this.scheduleFlush();
    });
  }

  /** Commits everything queued, now. */
  drain(): void {
    while (this.pending.length > 0) this.commitGroup(this.pending.splice(0, this.options.maxAppendsPerCommit));
  }

  stats(): GroupCommitStats {
    return { ...this.counters };
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // setImmediate, not a microtask: appends issued anywhere in this turn (across awaits
    // that resolve in it) join the same group.
    setImmediate(() => {
      this.flushScheduled = false;
      if (this.pending.length === 0) return;
      this.commitGroup(this.pending.splice(0, this.options.maxAppendsPerCommit));
      if (this.pending.length > 0) this.scheduleFlush();
    });
  }

  private commitGroup(group: PendingAppend[]): void {
    const outcomes: Outcome[] = [];
    try {
      this.statements.begin.run();
      for (const append of group) outcomes.push(this.applyInSavepoint(append));
      this.statements.commit.run();
    } catch (error) {
      this.rollbackQuietly();
      const reason = translateSqliteError(error, `commit ${group.length} append(s)`);
      this.counters.appendsRejected += group.length;
      for (const append of group) append.reject(reason);
      return;
    }
    this.counters.commits += 1;
    this.counters.largestGroup = Math.max(this.counters.largestGroup, group.length);
    let written = 0;
    group.forEach((append, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) {
        written += outcome.written;
        this.counters.appendsAcknowledged += 1;
        append.resolve(outcome.result);
      } else {
        this.counters.appendsRejected += 1;
        append.reject(outcome.error);
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

  private applyInSavepoint(append: PendingAppend): Outcome {
    this.statements.savepoint.run();
    try {
      const outcome = this.apply(append);
      this.statements.releaseSavepoint.run();
      return outcome;
    } catch (error) {
      // Some errors (disk full, I/O) make SQLite roll back the whole transaction: then
      // the earlier appends of the group are gone too and the whole group must fail.
      if (!this.db.inTransaction) throw error;
      this.statements.rollbackToSavepoint.run();
      this.statements.releaseSavepoint.run();
      return { ok: false, error: translateSqliteError(error, `append to ${append.stream}`) };
    }
  }

  /** Runs inside the transaction, so it also sees earlier appends of the same group. */
  private apply({ stream, events, expectedRevision }: PendingAppend): Outcome {
    const last = this.queries.lastRevision(stream);
    if (last !== undefined) {
      const stored = this.queries.storedEvents(stream, events.map((event) => event.eventId));
      // A retry is recognised before the revision check: it succeeds whatever it expected.
      if (stored.length > 0) return { ok: true, result: idempotentResult(stream, events, stored), written: 0 };
    }
    if (!revisionMatches(expectedRevision, last)) {
      throw new WrongExpectedRevisionError(stream, expectedRevision, last ?? 'no_stream');
    }
    let revision = last ?? -1;
    let position = 0n;
    for (const event of events) {
      revision += 1;
      position = this.queries.insert(stream, revision, event);
    }
    return { ok: true, result: { nextExpectedRevision: revision, position }, written: events.length };
  }
}

function revisionMatches(expected: ExpectedRevision, last: number | undefined): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return last === undefined;
    case 'stream_exists':
      return last !== undefined;
    default:
      return last === expected;
  }
}

/** The original result if the append's ids are all stored, consecutively and in order. */
function idempotentResult(stream: string, events: readonly EncodedEvent[], stored: readonly StoredEventRef[]): AppendResult {
  const first = stored[0]!;
  const isWholeRetry =
    stored.length === events.length &&
    stored.every((ref, index) => ref.eventId === events[index]!.eventId && ref.revision === first.revision + index);
  if (!isWholeRetry) {
    const storedIds = new Set(stored.map((ref) => ref.eventId));
    const duplicate = events.find((event) => storedIds.has(event.eventId))!;
    throw new DuplicateEventIdError(stream, duplicate.eventId);
  }
  const last = stored.at(-1)!;
  return { nextExpectedRevision: last.revision, position: last.position };
}
