/**
 * `npm run bench [-- --quick] [--check] [--events N] [--rounds R] [--no-emmett] [--no-http]`
 * (every option: bench/bench-options.ts)
 *
 * Generates a deterministic history, then measures Concord side by side with raw
 * better-sqlite3 and with a plain loop, with the Emmett event store at 100k events and
 * over HTTP with autocannon (both bench-only installs: `npm run bench:peers`), several
 * rounds each within a time budget, and writes bench/results/<full|quick>.json and the
 * generated part of bench/RESULTS.md. `--check` measures the quick run's ratios, compares
 * them with the committed quick run, fails only on a gross regression (below half), never
 * on an absolute time, and writes its figures to a temporary file only.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { BenchUsageError, parseBenchOptions, type BenchOptions } from './bench-options.js';
import type { BenchResults } from './bench-results.js';
import { CONCORD_NODE_FLAGS } from '../src/cli/node-flags.js';
import { buildCompiled } from './compiled-build.js';
import { appendsPhase, importPhase, importRound, READ_RATIO_SLICES, readPhase, removeDb } from './concord-phases.js';
import { coldStartPhase } from './cold-start-phase.js';
import { progress } from './measure.js';
import { emmettPhase, httpPhase } from './peer-phases.js';
import { compareWithBaseline, describeRatios } from './regression-check.js';
import { renderResults } from './results-report.js';
import { RoundBudget } from './round-budget.js';
import { releaseCatchUpMemory } from '../src/runtime/release-catch-up-memory.js';
import { ENTITY_WARM_UP, measureQueries, measureRxjsCatchUp } from './workloads/projection-workloads.js';
import { measureReadAll } from './workloads/store-workloads.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');

let options: BenchOptions;
try {
  options = parseBenchOptions(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof BenchUsageError)) throw error;
  console.error(`bench: ${error.message}`);
  process.exit(2);
}
const kind = options.quick ? 'quick' : 'full';
const events = options.events;
const work = path.join(os.tmpdir(), `concord-bench-${process.pid}`);
mkdirSync(work, { recursive: true });
const db = (name: string) => path.join(work, `${name}.db`);
const heapMiB = Math.round(v8.getHeapStatistics().heap_size_limit / 2 ** 20);
const budget = new RoundBudget(options);
/** The product compiled, for the child processes that stand for a command or a server (the import, the writers, the cold start, the HTTP server). */
let compiledRoot: string | undefined;
const started = performance.now();
const startedAt = new Date().toISOString();

try {
  progress(`${kind} run${options.check ? ' (check)' : ''}: ${events.toLocaleString('en-GB')} events, up to ${options.rounds} rounds, budget ${options.budgetMinutes} min, heap limit ${heapMiB} MiB`);
  compiledRoot = buildCompiled();
  const imported = await importPhase(events, db('concord'), db('raw'), budget, heapMiB, compiledRoot);
  let read: Awaited<ReturnType<typeof readPhase>> | undefined = await readPhase(db('concord'), events, budget);
  const { readAll, rawReadAll, readRatioPaired, rxjsCatchUp, plainLoopCatchUp } = read;
  const results: BenchResults = {
    kind,
    events,
    rounds: options.rounds,
    date: startedAt,
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}`, heapLimitMiB: heapMiB },
    configuration: `SQLite store: WAL, group commit (up to 1000 appends per transaction; a flush of 8 or more queued units while no sync runs commits its first half apart), each commit without a sync of its own and the log fsynced on the thread pool before any of its appends is acknowledged (synchronous=NORMAL plus that fsync: as durable as FULL); import timed from the read of its NDJSON file on (as \`concord import\`: read, validated, decided, chained, durable; until 2026-12-01 the file was read and validated before the clock started), in \`concord import\`'s default write mode at these sizes: one transaction, written by a thread of its own while the main thread decides, committed and checkpointed out of the log before the import returns (src/store/sqlite-bulk-append.ts), each import round (and its raw floor) in a child process of its own running the compiled product, as \`concord import\` runs (under tsx until 2026-12-02); 64 MiB SQLite page cache (2 MiB while a subscription scans the log); the write-ahead log checkpointed on a thread of its own and, once past 64 MiB, started afresh while the next commit waits (src/store/sqlite-wal-checkpointer.ts); read all and catch-up in pages of 500 events (the page size of the store's own catch-up), the timed read rounds after an untimed read of the first 20,000 events; the read ratio is the median of ${READ_RATIO_SLICES} slices of the log, each read by Concord and by raw back to back (who goes first alternating), beside the whole-log rounds; read models in memory, the timed entity questions after ${ENTITY_WARM_UP} untimed ones on other entities (V8 optimises the views' code over the first few hundred); the 64 writers each round in a child process of its own running the compiled product (under tsx until 2026-12-02) with the server's V8 flags, timed after an untimed warm-up round of the same writers there (its rate reported beside); no server in process (no logs); this process and the cold start's child run node ${CONCORD_NODE_FLAGS.join(' ')}, as the \`concord\` command does; the cold start's child runs the compiled product (as \`npm start\`), and it and this process (before the entity and page questions) give the catch-up's spare memory back as \`concord serve\` does before it listens`,
    ...imported,
    readAll,
    rawReadAll,
    ...(readRatioPaired && { readRatioPaired }),
    rxjsCatchUp,
    plainLoopCatchUp,
    budgetMinutes: options.budgetMinutes,
    durationSeconds: 0,
  };

  if (!options.check) {
    // As `concord serve` does before it answers (CONCORD_RELEASE_MEMORY_AFTER_CATCH_UP).
    const release = await releaseCatchUpMemory();
    if (release) progress(`gave the catch-up's spare memory back in ${(release.ms / 1000).toFixed(2)} s (RSS ${Math.round(release.rssBefore / 2 ** 20)} -> ${Math.round(release.rssAfter / 2 ** 20)} MiB)`);
    results.queries = measureQueries(read.models, events);
    const q = results.queries;
    progress(`queries: entity p99 ${q.entity.p99.toFixed(3)} ms, timeline page p99 ${q.timelinePage.p99.toFixed(3)} ms (one entity), ${q.timelinePageWholeLog!.p99.toFixed(3)} ms (whole log, at a date), ${q.timelinePageFromDate!.p99.toFixed(3)} ms (whole log, from a date), ${q.timelinePageFromDateKnownAt!.p99.toFixed(3)} ms (the same at a random knownAtPosition), ${q.timelinePageAfterWrite!.p99.toFixed(3)} ms (the same read after each write), ${q.timelinePageKnownAtLive!.p99.toFixed(3)} ms (as known at an early position between live writes; slowest ${q.timelinePageKnownAtLive!.max!.toFixed(3)} ms)`);
    read = undefined; // the read models of a million events are gigabytes: let them go
    const perWriter = options.quick ? 50 : 150;
    results.concurrentAppends = { writers: 64, perWriter, ...(await appendsPhase(db('appends'), 64, perWriter, budget, heapMiB, compiledRoot)) };
    Object.assign(results, await coldStartPhase(db('concord'), events, compiledRoot, heapMiB, budget));
  }
  read = undefined;

  if (options.emmett) results.emmett = await emmettSideBySide(options);
  if (options.http) results.http = await httpPhase(root, compiledRoot, db('concord'), events, work, heapMiB, options.httpSeconds, budget);

  results.roundNotes = budget.skipped;
  results.durationSeconds = Math.round((performance.now() - started) / 1000);
  finish(results);
  progress(`done in ${results.durationSeconds} s`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

/**
 * Emmett at its scale, each of its measurements back to back with Concord's on the very
 * same events (see emmettPhase), on a store of their own: the run's main store stays
 * as the later phases expect it.
 */
async function emmettSideBySide(options: BenchOptions): Promise<BenchResults['emmett']> {
  const scale = options.emmettEvents;
  const label = scale.toLocaleString('en-GB');
  progress(`Emmett side by side at ${label} events, each measurement back to back with Concord's on the same events`);
  const concordDb = db(`concord-beside-emmett-${scale}`);
  try {
    return await emmettPhase(concordDb, db('emmett'), scale, {
      import: async () => importRound(scale, concordDb, db('raw'), heapMiB, compiledRoot!).import,
      readAll: async () => (await measureReadAll(concordDb)).perSecond,
      catchUp: async () => (await measureRxjsCatchUp(concordDb, scale)).perSecond,
    }, budget);
  } finally {
    removeDb(concordDb);
  }
}

/** A check compares and writes to a temporary file; any other run writes the committed results. */
function finish(results: BenchResults): void {
  const resultsDir = path.join(here, 'results');
  const committed = path.join(resultsDir, `${results.kind}.json`);
  if (options.check) {
    const file = path.join(os.tmpdir(), `concord-bench-check-${process.pid}.json`);
    writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
    progress(`wrote ${file} (a check writes nothing committed)`);
    const baseline = existsSync(committed) ? (JSON.parse(readFileSync(committed, 'utf8')) as BenchResults) : undefined;
    if (!baseline) {
      console.log(`bench check: FAILED: no committed baseline ${path.relative(root, committed)} to compare with`);
      process.exitCode = 1;
      return;
    }
    for (const line of describeRatios(results, baseline)) console.log(`bench check: ${line}`);
    const failures = compareWithBaseline(results, baseline);
    for (const f of failures) console.log(`bench check: ${f}`);
    console.log(failures.length === 0 ? 'bench check: every ratio within half of the committed quick run' : 'bench check: FAILED');
    process.exitCode = failures.length === 0 ? 0 : 1;
    return;
  }
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(committed, JSON.stringify(results, null, 2) + '\n');
  const all = ['full', 'quick'].map((k) => path.join(resultsDir, `${k}.json`)).filter(existsSync).map((f) => JSON.parse(readFileSync(f, 'utf8')) as BenchResults);
  const resultsMd = path.join(here, 'RESULTS.md');
  writeFileSync(resultsMd, renderResults(existsSync(resultsMd) ? readFileSync(resultsMd, 'utf8') : '', all));
  progress(`wrote ${path.relative(process.cwd(), committed)} and bench/RESULTS.md`);
}
