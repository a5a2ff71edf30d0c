/**
 * Query latencies alone (catch-up through the plain loop first), for profiling views:
 *
 *   node --cpu-prof --import tsx bench/read-path-queries.ts <store file> [events] [release]
 *
 * `release`: give the catch-up's spare memory back first, as `concord serve` does.
 * The first round asks about entities for the first time, as the harness does; the later
 * rounds ask the same questions again.
 */
import { decodeEvent } from '../events/decode-event.js';
import { ReadModels } from '../projections/read-models.js';
import { releaseCatchUpMemory } from '../src/runtime/release-catch-up-memory.js';
import { SqliteEventStore } from '../src/store/sqlite-event-store.js';
import { measureQueries } from './workloads/projection-workloads.js';
import { pages } from './workloads/store-workloads.js';

const [file, eventsArg, releaseArg] = process.argv.slice(2);
if (!file) throw new Error('usage: read-path-queries.ts <store file> [events] [release]');
const store = SqliteEventStore.open(file);
const models = new ReadModels();
for await (const page of pages(store)) for (const e of page) models.apply(decodeEvent(e));
// As the engine ends a catch-up (sorted indexes, compacted lists): the server's state when it reports ready.
for (const projection of models.projections) projection.caughtUp();
await store.close();
if (releaseArg === 'release') {
  const release = await releaseCatchUpMemory();
  console.log(release ? `gave memory back in ${release.ms.toFixed(0)} ms: RSS ${Math.round(release.rssBefore / 2 ** 20)} -> ${Math.round(release.rssAfter / 2 ** 20)} MiB` : 'no inspector: nothing given back');
}
const start = performance.now();
for (let round = 0; round < 3; round++) {
  const q = measureQueries(models, Number(eventsArg ?? 100_000));
  const byCategory = Object.entries(q.entity.byLabel ?? {}).map(([category, l]) => `${category} p50 ${l.p50.toFixed(3)} p99 ${l.p99.toFixed(3)}`);
  console.log(`queries: entity p50 ${q.entity.p50.toFixed(3)} p99 ${q.entity.p99.toFixed(3)} ms (${byCategory.join(', ')}), timeline page p50 ${q.timelinePage.p50.toFixed(3)} p99 ${q.timelinePage.p99.toFixed(3)} ms, whole log from a date p50 ${q.timelinePageFromDate!.p50.toFixed(3)} p99 ${q.timelinePageFromDate!.p99.toFixed(3)} ms`);
}
console.log(`queries took ${(performance.now() - start).toFixed(0)} ms`);
