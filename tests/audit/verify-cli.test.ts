import { readFileSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventHash, genesisHash, hashedFieldsOf } from '../../src/audit/event-hash.js';
import { verifyLog } from '../../src/audit/verify-log.js';
import { loadSeed } from '../../src/recording/load-seed.js';
import { SqliteEventStore } from '../../src/store/sqlite-event-store.js';
import { runCli } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';

/** Given a seeded store and an anchor taken of it, when the file is edited, then verify tells. */
let tmp: ReturnType<typeof tempDir>;
let pristine: Buffer;
let env: Record<string, string>;
let anchorFile: string;
let anchorDigest: string;

beforeAll(async () => {
  tmp = tempDir();
  env = { CONCORD_SQLITE_PATH: tmp.file('concord.db') };
  const store = SqliteEventStore.open(env.CONCORD_SQLITE_PATH!);
  await loadSeed(store);
  await store.close();
  new Database(env.CONCORD_SQLITE_PATH!).pragma('wal_checkpoint(TRUNCATE)');
  pristine = readFileSync(env.CONCORD_SQLITE_PATH!);
  anchorFile = tmp.file('anchor.json');
  const anchored = await runCli(['anchor', '--out', anchorFile], env);
  expect(anchored.code).toBe(0);
  anchorDigest = /anchor digest ([0-9a-f]{64})/.exec(anchored.stderr)![1]!;
});
afterAll(() => tmp.remove());
beforeEach(() => writeFileSync(env.CONCORD_SQLITE_PATH!, pristine));

/** Verify without an anchor, in process: what the chains alone can show. */
async function chainsHold(): Promise<boolean> {
  const store = SqliteEventStore.open(env.CONCORD_SQLITE_PATH!);
  try {
    return (await verifyLog(store)).ok;
  } finally {
    await store.close();
  }
}

function edit(change: (db: Database.Database) => void): void {
  const db = new Database(env.CONCORD_SQLITE_PATH!);
  try {
    change(db);
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

describe('concord verify and concord anchor', () => {
  it('verifies the seed data set: exit 0, a report, and JSON for machines', async () => {
    const text = await runCli(['verify'], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('verified: all checks hold');
    const json = await runCli(['verify', '--json'], env);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report).toMatchObject({ ok: true, failures: [] });
    expect(report.digests.live).toBe(report.digests.rebuilt[0]);
  });

  it('writes an anchor whose digest it prints and whose heads cover every stream', () => {
    const anchor = JSON.parse(readFileSync(anchorFile, 'utf8'));
    expect(anchor.digest).toBe(anchorDigest);
    const db = new Database(env.CONCORD_SQLITE_PATH!, { readonly: true });
    const streams = db.prepare('SELECT stream, MAX(revision) AS revision FROM events GROUP BY stream ORDER BY stream').all();
    db.close();
    expect(anchor.heads.map((h: { stream: string; revision: number }) => ({ stream: h.stream, revision: h.revision }))).toEqual(streams);
  });

  it('passes against its own anchor when nothing changed', async () => {
    const result = await runCli(['verify', '--against', anchorFile], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(anchorDigest);
  });

  it("catches a stream's newest event removed, which no chain can show", async () => {
    let stream = '';
    edit((db) => {
      const last = db.prepare('SELECT position, stream FROM events ORDER BY position DESC LIMIT 1').get() as { position: number; stream: string };
      stream = last.stream;
      db.prepare('DELETE FROM events WHERE position = ?').run(last.position);
    });
    expect(await chainsHold()).toBe(true);
    const result = await runCli(['verify', '--json', '--against', anchorFile], env);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.failures).toContainEqual(expect.objectContaining({ check: 'anchor', stream }));
  });

  it('catches a stream rewritten and rehashed end to end', async () => {
    let stream = '';
    edit((db) => {
      const rows = db.prepare('SELECT * FROM events WHERE stream = (SELECT stream FROM events ORDER BY position LIMIT 1) ORDER BY revision').all() as {
        position: number; stream: string; revision: number; event_id: string; type: string; data: string; metadata: string;
      }[];
      stream = rows[0]!.stream;
      let prevHash = genesisHash(stream);
      rows.forEach((row, i) => {
        const data = JSON.parse(row.data);
        if (i === 0) data.name = `${data.name} (forged)`;
        const metadata = JSON.parse(row.metadata);
        metadata.hash = eventHash(hashedFieldsOf({ stream, revision: row.revision, eventId: row.event_id, type: row.type, data, metadata }, prevHash));
        prevHash = metadata.hash;
        db.prepare('UPDATE events SET data = ?, metadata = ? WHERE position = ?').run(JSON.stringify(data), JSON.stringify(metadata), row.position);
      });
    });
    expect(await chainsHold()).toBe(true);
    const against = await runCli(['verify', '--against', anchorFile], env);
    expect(against.code).toBe(1);
    expect(against.stdout).toContain(`${stream}@`);
    expect(against.stdout).toContain('rewritten');
  });

  it('names the tampered event in the printed report and exits 1', async () => {
    let target = { stream: '', revision: 0, position: 0 };
    edit((db) => {
      target = db.prepare('SELECT stream, revision, position FROM events ORDER BY position LIMIT 1 OFFSET 3').get() as typeof target;
      db.prepare("UPDATE events SET metadata = json_set(metadata, '$.recordedBy', 'someone-else') WHERE position = ?").run(target.position);
    });
    const result = await runCli(['verify'], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`FAIL (b) every stream's hash chain is intact`);
    expect(result.stdout).toContain(`${target.stream}@${target.revision} (position ${target.position})`);
    expect(result.stdout).toContain('NOT verified');
  });

  it('refuses an anchor file whose heads were edited (exit 2)', async () => {
    const anchor = JSON.parse(readFileSync(anchorFile, 'utf8'));
    anchor.heads[0].revision += 1;
    const forged = tmp.file('forged.json');
    writeFileSync(forged, JSON.stringify(anchor));
    const result = await runCli(['verify', '--against', forged], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('the anchor file was altered');
  });
});
