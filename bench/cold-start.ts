/**
 * Run in a child process so its memory is its own: opens a store, catches up every read
 * model, and prints the time to ready and the resident memory as JSON.
 */
import { startProjections } from '../projections/engine.js';
import { ReadModels } from '../projections/read-models.js';
import { SqliteEventStore } from '../src/store/sqlite-event-store.js';

const path = process.argv[2];
if (!path) throw new Error('usage: cold-start.ts <store file>');
const start = performance.now();
const store = SqliteEventStore.open(path);
const models = new ReadModels();
const runner = startProjections(store, models);
await runner.ready;
const ms = performance.now() - start;
globalThis.gc?.();
// V8's heap after a full collection: what the models hold (used), and what the process keeps
// committed for it (total), the difference being pages left part-empty by the catch-up's garbage.
const { rss, heapUsed, heapTotal } = process.memoryUsage();
await runner.stop();
await store.close();
process.stdout.write(JSON.stringify({ ms, rss, heapUsed, heapTotal }) + '\n');
