/**
 * Where catch-up time goes, one part at a time, on one store file:
 *
 *   node --expose-gc --import tsx bench/read-path-parts.ts <store file>
 *
 * Times reading pages (no decoding), decoding (zod) of events already read, and folding
 * decoded events into each read model separately, plus the heap each model retains.
 */
import { decodeEvent, type ConcordEvent } from '../events/decode-event.js';
import { ReadModels } from '../projections/read-models.js';
import type { RecordedEvent } from '../src/store/event-store.js';
import { SqliteEventStore } from '../src/store/sqlite-event-store.js';
import { pages } from './workloads/store-workloads.js';

const file = process.argv[2];
if (!file) throw new Error('usage: read-path-parts.ts <store file>');
const ms = (start: number) => `${(performance.now() - start).toFixed(0)} ms`;
const heap = () => {
  globalThis.gc?.();
  return process.memoryUsage().heapUsed;
};

const store = SqliteEventStore.open(file);
let start = performance.now();
const recorded: RecordedEvent[] = [];
for await (const page of pages(store)) for (const e of page) recorded.push(e);
console.log(`read ${recorded.length} events (pages of 10 000, JSON.parse): ${ms(start)}`);
await store.close();
for (let round = 0; round < 3; round++) {
  start = performance.now();
  for (const e of recorded) decodeEvent(e);
  console.log(`decode round ${round + 1}: ${ms(start)}`);
}
const decoded: ConcordEvent[] = recorded.map(decodeEvent);
recorded.length = 0;
const base = heap();
const models = new ReadModels();
for (const projection of models.projections) {
  const before = heap();
  start = performance.now();
  for (const e of decoded) projection.apply(e);
  const fold = ms(start);
  start = performance.now();
  projection.caughtUp();
  console.log(`${projection.name}: fold ${fold}, caught-up ${ms(start)}, retains ${((heap() - before) / 2 ** 20).toFixed(0)} MiB`);
}
console.log(`models retain ${((heap() - base) / 2 ** 20).toFixed(0)} MiB beyond the decoded events`);
