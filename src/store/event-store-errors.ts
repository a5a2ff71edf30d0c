/**
 * The event store's errors, re-exported by the port (event-store.ts) for its importers.
 * Errors carry a stable code and the context to act on.
 */

import type { ExpectedRevision } from './event-store.js';

export class WrongExpectedRevisionError extends Error {
  readonly code = 'wrong-expected-revision';
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    /** Revision of the stream's last event, or 'no_stream'. */
    readonly actual: number | 'no_stream',
  ) {
    super(`stream ${stream}: expected revision ${String(expected)}, but the stream is at ${String(actual)}`);
  }
}

export class DuplicateEventIdError extends Error {
  readonly code = 'duplicate-event-id';
  constructor(readonly stream: string, readonly eventId: string) {
    super(`stream ${stream} already holds event ${eventId} in another position than this append would put it`);
  }
}

/** One append of an `appendMany` failed; `cause` is what `append` would have thrown. */
export class AppendManyError extends Error {
  readonly code = 'append-many-failed';
  constructor(
    /** Index of the failing append in the batch. */
    readonly index: number,
    readonly stream: string,
    /** Whether the adapter wrote none of the batch (SQLite) or may have written others (EventStoreDB). */
    readonly nothingWritten: boolean,
    override readonly cause: Error,
  ) {
    super(`append ${index + 1} of the batch (stream ${stream}) failed${nothingWritten ? ', nothing of the batch was written' : ''}: ${cause.message}`, { cause });
  }
}

/** A bulk append found the log moved past the head its caller planned against (another writer committed meanwhile). */
export class StoreMovedError extends Error {
  readonly code = 'store-moved';
  constructor(readonly expected: bigint | undefined, readonly found: bigint | undefined) {
    super(`the log moved from position ${formatPosition(expected) ?? 'none'} to ${formatPosition(found) ?? 'none'} before the bulk append took the write lock`);
  }
}

export class StoreUnavailableError extends Error {
  readonly code = 'store-unavailable';
  constructor(message: string, readonly retryAfterSeconds = 1, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export function formatPosition(position: bigint | undefined): string | null {
  return position === undefined ? null : position.toString();
}
