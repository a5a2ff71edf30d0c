/**
 * The heap the read models retain after a catch-up (deterministic, unlike timings on a
 * shared machine), and the CPU time the catch-up took:
 *
 *   node --expose-gc --import tsx bench/read-path-heap.ts <store file>
 */
import { decodeEvent } from '../events/decode-event.js';
import { ReadModels } from '../projections/read-models.js';
import { SqliteEventStore } from '../src/store/sqlite-event-store.js';
import { pages } from './workloads/store-workloads.js';

const file = process.argv[2];
if (!file) throw new Error('usage: read-path-heap.ts <store file>');
const heapMiB = () => {
  globalThis.gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
};
const store = SqliteEventStore.open(file);
const base = heapMiB();
const models = new ReadModels();
const cpu = process.cpuUsage();
let count = 0;
for await (const page of pages(store, 500)) for (const e of page) (models.apply(decodeEvent(e)), count++);
models.timeline({ limit: 1 });
const { user, system } = process.cpuUsage(cpu);
await store.close();
const cpuSeconds = (user + system) / 1e6;
console.log(`${count} events: CPU ${cpuSeconds.toFixed(1)} s (${Math.round(count / cpuSeconds)} events per CPU second), read models retain ${(heapMiB() - base).toFixed(1)} MiB`);
