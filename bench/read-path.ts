/**
 * Read-path figures on one store file, side by side in one process, for quick iteration
 * (the full harness is bench/run.ts):
 *
 *   node --import tsx bench/read-path.ts <store file> [events] [read|catch-up|queries ...]
 *
 * Imports a generated history into the file first if it does not exist yet, then prints
 * read all (pages + decodeEvent) against raw better-sqlite3, the RxJS catch-up against
 * the plain loop, and query p99s, as the harness measures them.
 */
import { existsSync, rmSync } from 'node:fs';
import { writeImportFile } from './concord-phases.js';
import { timed } from './measure.js';
import { rawReadAll } from './workloads/raw-sqlite.js';
import { measureImport, measureReadAll } from './workloads/store-workloads.js';
import { measurePlainLoopCatchUp, measureQueries, measureRxjsCatchUp } from './workloads/projection-workloads.js';

const [file, eventsArg, ...parts] = process.argv.slice(2);
if (!file) throw new Error('usage: read-path.ts <store file> [events] [read|catch-up|queries ...]');
const events = Number(eventsArg ?? 100_000);
const want = (part: string) => parts.length === 0 || parts.includes(part);

if (!existsSync(file)) {
  writeImportFile(events, `${file}.ndjson`);
  console.log(`imported ${events} events at ${await measureImport(`${file}.ndjson`, file)} events/s`);
  rmSync(`${file}.ndjson`);
}
if (want('read')) {
  for (let round = 0; round < 3; round++) {
    const concord = await measureReadAll(file);
    const raw = await timed(() => rawReadAll(file));
    const rawRate = Math.round(concord.count / (raw.ms / 1000));
    console.log(`read all: ${concord.perSecond} vs raw ${rawRate} events/s (${(concord.perSecond / rawRate).toFixed(2)}x)`);
  }
}
if (want('catch-up') || want('queries')) {
  const rx = await measureRxjsCatchUp(file, events);
  const loop = await measurePlainLoopCatchUp(file, events);
  console.log(`catch-up: RxJS ${rx.perSecond} vs loop ${loop} events/s (loop ${(loop / rx.perSecond).toFixed(2)}x RxJS)`);
  console.log(`heap used: ${Math.round(process.memoryUsage().heapUsed / 2 ** 20)} MiB`);
  if (want('queries')) {
    const q = measureQueries(rx.models, events);
    console.log(`queries: entity p50 ${q.entity.p50.toFixed(3)} p99 ${q.entity.p99.toFixed(3)} ms, timeline page p50 ${q.timelinePage.p50.toFixed(3)} p99 ${q.timelinePage.p99.toFixed(3)} ms`);
  }
}
