/**
 * One round of the concurrent writers, run in a child process of its own (see
 * appendsPhase): `writers` writers each record `perWriter` developments, each awaited
 * until durable, into a fresh store at <db>, twice: first untimed, as a warm-up, then
 * timed; then raw better-sqlite3 commits the very rows the timed writers stored,
 * `writers` at a time, into a fresh database at <db>.raw (the floor, timed). Prints the
 * three rates as JSON on its last line. Both files are removed.
 *
 * Why a warm-up: a server that takes appends has run its recording code many times over;
 * a fresh process has not, and V8 optimises it over the first few tens of thousands of
 * appends (one process, rounds of 9,600 appends in a row: 5,742, 6,936, 8,292, 10,356,
 * 10,775 events/s, the raw floor 14,067-21,247 beside them). Measured in the benchmark's
 * own process the rounds also ran right after the read models of the read phase were let
 * go, and paid for collecting them. The warm-up's rate is reported too.
 *
 *   node bench/.build/bench/appends-child.js (built by bench/compiled-build.ts; from source: node --import tsx bench/appends-child.ts) <writers> <perWriter> <db>
 */
import { removeDb } from './concord-phases.js';
import { perSecond } from './measure.js';
import { rawGroupCommits } from './workloads/raw-sqlite.js';
import { measureConcurrentAppends, rowsOf } from './workloads/store-workloads.js';

const [writers, perWriter, db] = [Number(process.argv[2]), Number(process.argv[3]), process.argv[4]];
if (!Number.isInteger(writers) || writers <= 0 || !Number.isInteger(perWriter) || perWriter <= 0 || !db) {
  throw new Error('usage: appends-child.ts <writers> <perWriter> <db>');
}
const rawDb = `${db}.raw`;

try {
  removeDb(db);
  const warmUp = await measureConcurrentAppends(db, writers, perWriter);
  removeDb(db);
  const appends = await measureConcurrentAppends(db, writers, perWriter);
  // The writers' own rows, without the registrations committed before the timed part.
  const rows = (await rowsOf(db)).slice(writers);
  removeDb(rawDb);
  const raw = perSecond(rows.length, rawGroupCommits(rawDb, rows, writers));
  process.stdout.write(JSON.stringify({ appends, warmUp, raw }) + '\n');
} finally {
  removeDb(db);
  removeDb(rawDb);
}
