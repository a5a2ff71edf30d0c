import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyLog, type VerificationReport } from '../../src/audit/verify-log.js';
import { loadSeed } from '../../src/recording/load-seed.js';
import { SqliteEventStore } from '../../src/store/sqlite-event-store.js';
import { tempDir } from '../support/temp-dir.js';

/**
 * Given the seed data set in a SQLite file, when someone edits the file directly,
 * then `verify` fails and names the first event that betrays the edit.
 */
let tmp: ReturnType<typeof tempDir>;
let dbPath: string;
let seeded: number;

interface Row {
  position: number;
  stream: string;
  revision: number;
  event_id: string;
  data: string;
}

beforeEach(async () => {
  tmp = tempDir();
  dbPath = tmp.file('concord.db');
  const store = SqliteEventStore.open(dbPath);
  seeded = (await loadSeed(store)).written;
  await store.close();
});
afterEach(() => tmp.remove());

function tamper<T>(edit: (db: Database.Database) => T): T {
  const db = new Database(dbPath);
  try {
    return edit(db);
  } finally {
    db.close();
  }
}

/** A stream with at least `n` events, and its rows in revision order. */
function streamWith(db: Database.Database, n: number): Row[] {
  const { stream } = db.prepare('SELECT stream FROM events GROUP BY stream HAVING COUNT(*) >= ? ORDER BY stream LIMIT 1').get(n) as { stream: string };
  return db.prepare('SELECT position, stream, revision, event_id, data FROM events WHERE stream = ? ORDER BY revision').all(stream) as Row[];
}

async function verify(): Promise<VerificationReport> {
  const store = SqliteEventStore.open(dbPath);
  try {
    return await verifyLog(store);
  } finally {
    await store.close();
  }
}

function failuresOf(report: VerificationReport, check: string) {
  return report.failures.filter((f) => f.check === check);
}

describe('verify on an untouched store', () => {
  it('holds every check on the seed data set', async () => {
    const report = await verify();
    expect(report.failures).toEqual([]);
    expect(report.ok).toBe(true);
    expect(seeded).toBeGreaterThan(0);
    expect(report.events).toBeGreaterThanOrEqual(seeded);
    expect(report.digests.rebuilt[0]).toBe(report.digests.rebuilt[1]);
  });
});

describe('verify on a tampered SQLite file', () => {
  it('names the event whose data had one byte changed', async () => {
    const target = tamper((db) => {
      const row = streamWith(db, 3)[1]!;
      // A digit in a date, so the data still parses and only the hash can tell.
      const index = row.data.search(/\d/);
      const changed = row.data.slice(0, index) + (row.data[index] === '1' ? '2' : '1') + row.data.slice(index + 1);
      db.prepare('UPDATE events SET data = ? WHERE position = ?').run(changed, row.position);
      return row;
    });
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(failuresOf(report, 'chain')).toEqual([
      expect.objectContaining({ stream: target.stream, revision: target.revision, position: String(target.position), eventId: target.event_id }),
    ]);
    expect(failuresOf(report, 'revisions')).toEqual([]);
  });

  it('names the event whose data no longer parses', async () => {
    const target = tamper((db) => {
      const row = streamWith(db, 2)[0]!;
      db.prepare('UPDATE events SET data = ? WHERE position = ?').run(row.data.replace('{', '{"x":1,'), row.position);
      return row;
    });
    const report = await verify();
    expect(failuresOf(report, 'schema')).toEqual([expect.objectContaining({ stream: target.stream, revision: target.revision, position: String(target.position) })]);
    expect(failuresOf(report, 'chain')).toEqual([expect.objectContaining({ stream: target.stream, revision: target.revision })]);
  });

  it('names the stream, the missing revision and the event after a deleted row', async () => {
    const [deleted, next] = tamper((db) => {
      const rows = streamWith(db, 3);
      db.prepare('DELETE FROM events WHERE position = ?').run(rows[1]!.position);
      return [rows[1]!, rows[2]!];
    });
    const report = await verify();
    expect(report.ok).toBe(false);
    const gap = failuresOf(report, 'revisions');
    expect(gap).toEqual([expect.objectContaining({ stream: deleted.stream, revision: next.revision, position: String(next.position) })]);
    expect(gap[0]!.message).toContain(`revision ${deleted.revision} missing`);
    expect(failuresOf(report, 'chain')).toEqual([expect.objectContaining({ stream: deleted.stream, revision: next.revision })]);
  });

  it('names the first event out of order when two rows swap positions', async () => {
    const [earlier, later] = tamper((db) => {
      const rows = streamWith(db, 2);
      const [a, b] = [rows[0]!, rows[1]!];
      const swap = db.prepare('UPDATE events SET position = ? WHERE position = ?');
      db.transaction(() => {
        swap.run(-1, a.position);
        swap.run(a.position, b.position);
        swap.run(b.position, -1);
      })();
      return [a, b];
    });
    const report = await verify();
    expect(report.ok).toBe(false);
    // Revision 1 now sits at revision 0's position: the first event of the stream in commit order is out of place.
    expect(failuresOf(report, 'revisions')).toEqual([expect.objectContaining({ stream: earlier.stream, revision: later.revision, position: String(earlier.position) })]);
    expect(failuresOf(report, 'chain')).toEqual([expect.objectContaining({ stream: earlier.stream, revision: later.revision, position: String(earlier.position) })]);
  });

  it('names the first event when two rows of a stream swap their contents', async () => {
    const [first] = tamper((db) => {
      const rows = streamWith(db, 2);
      const [a, b] = [rows[0]!, rows[1]!];
      const swap = db.prepare('UPDATE events SET revision = ? WHERE position = ?');
      db.transaction(() => {
        swap.run(-1, a.position);
        swap.run(a.revision, b.position);
        swap.run(b.revision, a.position);
      })();
      return [a, b];
    });
    const report = await verify();
    expect(failuresOf(report, 'chain')).toEqual([expect.objectContaining({ stream: first.stream, revision: 1, position: String(first.position) })]);
  });
});
