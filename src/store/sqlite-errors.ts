import Database from 'better-sqlite3';
import { StoreUnavailableError } from './event-store.js';

/**
 * SQLITE_BUSY/LOCKED after the busy timeout means another connection held the file
 * too long: a condition worth retrying, so callers get StoreUnavailableError.
 * Every other error passes through unchanged.
 */
export function translateSqliteError(error: unknown, action: string): unknown {
  if (error instanceof Database.SqliteError && isLockContention(error.code)) {
    return new StoreUnavailableError(`event store busy while trying to ${action} (${error.code})`, 1, { cause: error });
  }
  return error;
}

function isLockContention(code: string): boolean {
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');
}

export function closedStoreError(action: string): StoreUnavailableError {
  return new StoreUnavailableError(`cannot ${action}: the event store is closed`);
}
