import Database from 'better-sqlite3';

/**
 * The floor: better-sqlite3 with the same durability (WAL, synchronous=FULL), the same
 * table, indexes and page cache as the store's schema 2, and the same rows, with no
 * event-store logic at all. Same indexes because each costs every insert a B-tree
 * update: a floor without them would measure a different table, not the store's logic.
 */
export interface RawRow {
  stream: string;
  revision: number;
  eventId: string;
  type: string;
  data: string;
  metadata: string;
}

export function rawInsertAll(path: string, rows: readonly RawRow[]): void {
  const { db, insert } = openRaw(path);
  db.transaction(() => {
    for (const r of rows) insert.run(r.stream, r.revision, r.eventId, r.type, r.data, r.metadata);
  })();
  db.close();
}

/**
 * The floor of the concurrent writers: the rows they stored, committed `groupSize` at a
 * time in stored order (each of Concord's group commits held one append per writer), each
 * transaction durable before the next starts. Checkpoints are left out of the timed
 * commits, as Concord's writing connection leaves them to a thread of its own
 * (src/store/sqlite-wal-checkpointer.ts); with SQLite's default, the connection that
 * commits copies the log into the file every 1,000 pages, which made 64-row commits here
 * about half as slow again. Returns the time of the commits alone, in ms.
 */
export function rawGroupCommits(path: string, rows: readonly RawRow[], groupSize: number): number {
  const { db, insert } = openRaw(path);
  db.pragma('wal_autocheckpoint = 0');
  const commit = db.transaction((from: number) => {
    for (let i = from; i < Math.min(from + groupSize, rows.length); i++) {
      const r = rows[i]!;
      insert.run(r.stream, r.revision, r.eventId, r.type, r.data, r.metadata);
    }
  });
  const start = performance.now();
  for (let from = 0; from < rows.length; from += groupSize) commit(from);
  const ms = performance.now() - start;
  db.close();
  return ms;
}

function openRaw(path: string): { db: Database.Database; insert: Database.Statement<[string, number, string, string, string, string]> } {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('cache_size = -65536');
  db.exec(`CREATE TABLE events (position INTEGER PRIMARY KEY AUTOINCREMENT, stream TEXT NOT NULL, revision INTEGER NOT NULL,
    event_id TEXT NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, UNIQUE(stream, revision))`);
  db.exec('CREATE INDEX events_stream_event_id ON events (stream, event_id)');
  return { db, insert: db.prepare('INSERT INTO events (stream, revision, event_id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)') };
}

/** Iterates every row (or the first `limit` after position `after`) in position order and parses data and metadata. */
export function rawReadAll(path: string, limit = Infinity, after = 0): number {
  const db = new Database(path, { readonly: true });
  let count = 0;
  const rows = db.prepare('SELECT position, stream, revision, event_id, type, data, metadata FROM events WHERE position > ? ORDER BY position').iterate(after);
  for (const row of rows as Iterable<RawRow & { data: string; metadata: string }>) {
    JSON.parse(row.data);
    JSON.parse(row.metadata);
    if (++count >= limit) break;
  }
  db.close();
  return count;
}
