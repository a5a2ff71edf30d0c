/**
 * Run in a child process so its memory is its own: opens a store, catches up every read
 * model, gives the catch-up's spare memory back as `concord serve` does before it listens
 * (CONCORD_RELEASE_MEMORY_AFTER_CATCH_UP, on by default), and prints the time to ready and
 * the resident memory as JSON. Runs compiled (bench/compiled-build.ts), as `npm start` does.
 *
 * `--snapshot <file>` starts from that read-model snapshot as `serve` does (refusing to
 * run without it); `--write-snapshot <file>` writes one once measured; `--digest` prints
 * the models' digest once measured, to prove a start from a snapshot equal to a full
 * rebuild; `--queries <events>` asks the in-process questions of the benchmark
 * (workloads/projection-workloads.ts) of the models as this start left them, as a server
 * started this way answers them, last (they end by applying new developments);
 * `--queries-at-ready <events>` asks those without the live kinds first, before the
 * digest and the snapshot are written (whose work could move the models' objects). None
 * of these after-steps is in the measured time.
 */
import { parseArgs } from 'node:util';
import { bindProjection, startProjections } from '../projections/engine.js';
import { startingModels, writeModelsSnapshot } from '../src/runtime/read-model-snapshots.js';
import { StartUpMemory } from '../src/runtime/start-up-memory.js';
import { SqliteEventStore } from '../src/store/sqlite-event-store.js';
import { measureQueries, type QueryLatencies } from './workloads/projection-workloads.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { snapshot: { type: 'string' }, 'write-snapshot': { type: 'string' }, digest: { type: 'boolean' }, queries: { type: 'string' }, 'queries-at-ready': { type: 'string' } } });
const path = positionals[0];
if (!path) throw new Error('usage: cold-start.js <store file> [--snapshot <file>] [--write-snapshot <file>] [--digest] [--queries <events>] [--queries-at-ready <events>]');
const queryEvents = eventsOption('queries');
const readyQueryEvents = eventsOption('queries-at-ready');
const start = performance.now();
const store = SqliteEventStore.open(path);
// As `serve` does (src/server.ts): the young generation held while a snapshot is read, the release light after one.
const memory = new StartUpMemory('release');
if (values.snapshot !== undefined) await memory.readingSnapshot();
const starting = await startingModels(store, values.snapshot);
if (values.snapshot !== undefined && !starting.loaded) throw new Error(`the snapshot was not loaded: ${starting.refused?.message}`);
if (!starting.loaded) memory.folding();
const snapshotLoadMs = starting.loaded?.ms;
const { models } = starting;
const folded = { count: 0 };
const counted = bindProjection({ name: 'folded', apply: (count: { count: number }) => memory.folded(++count.count) }, folded);
const runner = startProjections(store, { projections: [...models.projections, counted] }, Date.now, starting.from);
await runner.ready;
const caughtUpMs = performance.now() - start;
const release = await memory.release({ fromSnapshot: starting.loaded !== undefined, folded: folded.count });
const ms = performance.now() - start;
// The highest resident memory so far (getrusage, in KiB): the catch-up's, as the release runs after it.
const peakRss = process.resourceUsage().maxRSS * 1024;
const { rss } = process.memoryUsage();
globalThis.gc?.();
// V8's heap after a full collection: what the models hold (used), and what the process keeps
// committed for it (total), the difference being pages left part-empty by the catch-up's garbage.
const { heapUsed, heapTotal } = process.memoryUsage();
const after: { digest?: string; snapshotWriteMs?: number; snapshotBytes?: number; snapshotPeakRss?: number; queries?: QueryLatencies; queriesAtReady?: QueryLatencies } = {};
if (readyQueryEvents !== undefined) after.queriesAtReady = measureQueries(models, readyQueryEvents, undefined, { live: false });
if (values.digest) after.digest = models.digest();
const writeTo = values['write-snapshot'];
if (writeTo !== undefined) {
  const { position, knownAt } = runner.status();
  const written = await writeModelsSnapshot(store, writeTo, starting, { position: position!, knownAt });
  // The highest resident memory once written: the write's, when above the catch-up's.
  Object.assign(after, { snapshotWriteMs: written.ms, snapshotBytes: written.bytes, snapshotPeakRss: process.resourceUsage().maxRSS * 1024 });
}
// Last: the questions end by applying new developments to the models.
if (queryEvents !== undefined) after.queries = measureQueries(models, queryEvents);
await runner.stop();
await store.close();
process.stdout.write(JSON.stringify({ ms, caughtUpMs, snapshotLoadMs, releaseMs: release?.ms, lightRelease: release?.light, folded: folded.count, rssBeforeRelease: release?.rssBefore, rss, peakRss, heapUsed, heapTotal, ...after }) + '\n');

/** A `--queries` option's number of events (the store was generated with), if given. */
function eventsOption(name: 'queries' | 'queries-at-ready'): number | undefined {
  const given = values[name];
  if (given === undefined) return undefined;
  const events = Number(given);
  if (!(Number.isInteger(events) && events > 0)) throw new Error(`--${name} takes the number of events the store was generated with, not ${given}`);
  return events;
}
