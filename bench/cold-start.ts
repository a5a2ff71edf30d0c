/**
 * Run in a child process so its memory is its own: opens a store, catches up every read
 * model, gives the catch-up's spare memory back as `concord serve` does before it listens
 * (CONCORD_RELEASE_MEMORY_AFTER_CATCH_UP, on by default), and prints the time to ready and
 * the resident memory as JSON. Runs compiled (bench/compiled-build.ts), as `npm start` does.
 */
import { startProjections } from '../projections/engine.js';
import { ReadModels } from '../projections/read-models.js';
import { releaseCatchUpMemory } from '../src/runtime/release-catch-up-memory.js';
import { SqliteEventStore } from '../src/store/sqlite-event-store.js';

const path = process.argv[2];
if (!path) throw new Error('usage: cold-start.js <store file>');
const start = performance.now();
const store = SqliteEventStore.open(path);
const models = new ReadModels();
const runner = startProjections(store, models);
await runner.ready;
const caughtUpMs = performance.now() - start;
const release = await releaseCatchUpMemory();
const ms = performance.now() - start;
// The highest resident memory so far (getrusage, in KiB): the catch-up's, as the release runs after it.
const peakRss = process.resourceUsage().maxRSS * 1024;
const { rss } = process.memoryUsage();
globalThis.gc?.();
// V8's heap after a full collection: what the models hold (used), and what the process keeps
// committed for it (total), the difference being pages left part-empty by the catch-up's garbage.
const { heapUsed, heapTotal } = process.memoryUsage();
await runner.stop();
await store.close();
process.stdout.write(JSON.stringify({ ms, caughtUpMs, releaseMs: release?.ms, rssBeforeRelease: release?.rssBefore, rss, peakRss, heapUsed, heapTotal }) + '\n');
