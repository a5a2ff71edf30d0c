/**
 * Measures `concord verify` (and anchor, replay) on a generated history.
 *
 *   npx tsx bench/audit-verify.ts [--events 100000] [--db path]
 *
 * Generates organisations, groups and memberships (tests/support/synthetic-history.ts),
 * imports them through the recording edge (hash chains included) into a fresh SQLite
 * file, then times each audit step in this process and `concord verify` as a command.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseDevelopment } from '../events/catalogue.js';
import { decodeEvent } from '../events/decode-event.js';
import { ReadModels } from '../projections/read-models.js';
import { createAnchor } from '../src/audit/anchor.js';
import { engineDigest } from '../src/audit/live-digest.js';
import { replay } from '../src/audit/replay.js';
import { verifyLog } from '../src/audit/verify-log.js';
import { importDevelopments } from '../src/recording/import-developments.js';
import { SqliteEventStore } from '../src/store/sqlite-event-store.js';
import { syntheticHistory } from '../tests/support/synthetic-history.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const wanted = Number(arg('events', '100000'));
const db = arg('db', path.join(os.tmpdir(), `concord-audit-bench-${process.pid}.db`));
const organisations = 2000;
const members = 39;
const groups = Math.max(1, Math.ceil((wanted - organisations) / (members + 1)));

async function timed<T>(label: string, run: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await run();
  const ms = performance.now() - start;
  console.log(`${label.padEnd(44)} ${(ms / 1000).toFixed(2).padStart(8)} s`);
  return result;
}

for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true });
console.log(`node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB; db ${db}`);
const raw = syntheticHistory(organisations, groups, members).slice(0, wanted);
const items = raw.map((r, i) => {
  const parsed = parseDevelopment(r);
  if (!parsed.ok) throw new Error(`item ${i + 1}: ${JSON.stringify(parsed.issues)}`);
  return { development: parsed.value, item: i + 1 };
});

const store = SqliteEventStore.open(db);
try {
  await timed(`import ${items.length} developments`, () => importDevelopments(store, items, { file: 'bench.ndjson', recordedBy: 'bench', correlationId: 'bench' }));
  const live = await timed('live read models (projection engine) + digest', () => engineDigest(store));
  // The part of POST /audit/verifications that runs on the API's thread: the live digest.
  const models = new ReadModels();
  for (const recorded of await store.readAll()) models.apply(decodeEvent(recorded));
  for (const projection of models.projections) projection.caughtUp();
  await timed('ReadModels.digest() alone (on the API thread)', async () => models.digest());
  const report = await timed('verifyLog (checks a-c, two rebuilds, compare)', () => verifyLog(store, { ...(live.position !== undefined ? { until: live.position } : {}), liveDigest: live.digest }));
  console.log(`  → ok=${report.ok}, ${report.events} events, ${report.streams} streams, failures ${report.failures.length}`);
  if (!report.ok) console.log(JSON.stringify(report.failures.slice(0, 5)));
  const anchor = await timed('createAnchor', () => createAnchor(store));
  await timed('verifyLog --against anchor', () => verifyLog(store, { anchor }));
  await timed('replay, all events, no state', async () => {
    let n = 0;
    for await (const _ of replay(store, {})) n += 1;
    return n;
  });
  await timed('replay --entity (one group), with state', async () => {
    let n = 0;
    for await (const _ of replay(store, { entity: { category: 'group', id: 'group-0' } }, { stateDay: 20000 })) n += 1;
    return n;
  });
  const digestStart = performance.now();
  const again = await engineDigest(store);
  console.log(`  (live digest ${again.digest.slice(0, 12)}…, whole engine pass ${((performance.now() - digestStart) / 1000).toFixed(2)} s)`);
} finally {
  await store.close();
}

const start = performance.now();
const cli = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'verify'], { env: { ...process.env, CONCORD_SQLITE_PATH: db }, encoding: 'utf8' });
console.log(`${'concord verify (CLI, from source via tsx)'.padEnd(44)} ${((performance.now() - start) / 1000).toFixed(2).padStart(8)} s  exit ${cli.status}`);
console.log(cli.stdout.split('\n')[0]);
if (!process.argv.includes('--db')) for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true });
