import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rawGroupCommits, rawInsertAll, type RawRow } from '../../bench/workloads/raw-sqlite.js';
import { tempDir } from '../support/temp-dir.js';

/** The benchmark's floors store exactly the rows they are given, as the store's table holds them. */
let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.remove());

const rows: RawRow[] = Array.from({ length: 130 }, (_, i) => ({ stream: `person-w${i % 64}`, revision: Math.floor(i / 64), eventId: `id-${i}`, type: 'StatementMade', data: `{"n":${i}}`, metadata: '{}' }));

function stored(path: string): { stream: string; revision: number; event_id: string; data: string }[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT stream, revision, event_id, data FROM events ORDER BY position').all() as { stream: string; revision: number; event_id: string; data: string }[];
  } finally {
    db.close();
  }
}

describe('the raw better-sqlite3 floors', () => {
  it('commit the writers’ rows in groups, every row stored once in the order given, and answer the time taken', () => {
    const ms = rawGroupCommits(tmp.file('groups.db'), rows, 64);

    expect(ms).toBeGreaterThan(0);
    expect(stored(tmp.file('groups.db'))).toEqual(rows.map((r) => ({ stream: r.stream, revision: r.revision, event_id: r.eventId, data: r.data })));
  });

  it('insert the import rows in one transaction, the same table as the groups', () => {
    rawInsertAll(tmp.file('all.db'), rows);
    rawGroupCommits(tmp.file('groups.db'), rows, 64);

    expect(stored(tmp.file('all.db'))).toEqual(stored(tmp.file('groups.db')));
  });
});
