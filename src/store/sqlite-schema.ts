import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/** Bumped by each migration; kept in `PRAGMA user_version`. */
export const SCHEMA_VERSION = 2;

export class UnsupportedSchemaVersionError extends Error {
  readonly code = 'unsupported-schema-version';
  constructor(readonly path: string, readonly found: number, readonly supported: number) {
    super(`event store ${path} has schema version ${found}; this code supports up to ${supported}`);
  }
}

/**
 * AUTOINCREMENT so a position is never handed out twice, even after the newest events
 * are deleted by hand. UNIQUE(stream, revision) serves stream reads and the
 * last-revision lookup.
 *
 * Version 2 indexes (stream, event_id): every append to an existing stream looks its
 * ids up (idempotent retries, no id twice in a stream), and without the index that is a
 * scan of the stream's rows, so an import that appends to one stream chunk after chunk
 * grew quadratic (at 100,000 events most of its time went there). The index costs each
 * insert a second B-tree update, which the cache below keeps in memory.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS events (
     position INTEGER PRIMARY KEY AUTOINCREMENT,
     stream   TEXT    NOT NULL,
     revision INTEGER NOT NULL,
     event_id TEXT    NOT NULL,
     type     TEXT    NOT NULL,
     data     TEXT    NOT NULL,
     metadata TEXT    NOT NULL,
     UNIQUE (stream, revision)
   )`,
  'CREATE INDEX IF NOT EXISTS events_stream_event_id ON events (stream, event_id)',
];

/**
 * Page cache per connection, in KiB (negative: SQLite's unit for KiB). Bulk appends
 * touch index pages all over the file (streams interleave); with SQLite's default 2 MiB
 * those pages are evicted and read back over and over. Memory is taken only as pages
 * are used.
 */
export const CACHE_KIB = 65_536;

/** Sets the connection's page cache, in KiB; pages beyond it are freed at once. */
export function setCacheSize(db: Database.Database, kib: number): void {
  db.pragma(`cache_size = -${kib}`);
}

export interface OpenDatabaseOptions {
  readonly busyTimeoutMs: number;
  /**
   * FULL (the default): a commit is on disk when COMMIT returns. NORMAL: COMMIT returns
   * once the log is written, for a caller that syncs the log itself before it
   * acknowledges anything (LogSync); SQLite still syncs the log before each checkpoint and
   * when it starts reusing it.
   */
  readonly synchronous?: 'FULL' | 'NORMAL';
}

/** Opens (creating if missing) the database file with the pragmas the store relies on. */
export function openDatabase(path: string, options: OpenDatabaseOptions): Database.Database {
  const inMemory = path === ':memory:';
  if (!inMemory) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: options.busyTimeoutMs });
  try {
    // WAL lets readers (subscriptions, other processes) go on while one process commits.
    if (!inMemory) db.pragma('journal_mode = WAL');
    // Either way an acknowledged append survives power loss (see OpenDatabaseOptions).
    db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs))}`);
    setCacheSize(db, CACHE_KIB);
    migrate(db, path);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function migrate(db: Database.Database, path: string): void {
  const current = readSchemaVersion(db);
  if (current > SCHEMA_VERSION) throw new UnsupportedSchemaVersionError(path, current, SCHEMA_VERSION);
  if (current === SCHEMA_VERSION) return;
  // IMMEDIATE: two processes opening a new file at once must not both migrate.
  db.exec('BEGIN IMMEDIATE');
  try {
    for (let version = readSchemaVersion(db); version < SCHEMA_VERSION; version++) {
      const step = MIGRATIONS[version];
      if (step === undefined) throw new Error(`missing migration to schema version ${version + 1}`);
      db.exec(step);
      db.pragma(`user_version = ${version + 1}`);
    }
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

export function readSchemaVersion(db: Database.Database): number {
  return Number(db.pragma('user_version', { simple: true }));
}
