/**
 * `npm run bench [-- --quick] [--check] [--events N] [--rounds R]`
 *
 * Generates a deterministic history, then measures Concord side by side with raw
 * better-sqlite3 and with a plain loop, several rounds each, and writes
 * bench/results/<full|quick>.json and the generated part of bench/RESULTS.md.
 * `--check` compares this run's ratios with the committed quick run and fails only on a
 * gross regression (below half), never on an absolute time.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDevelopmentText } from '../src/recording/development-file.js';
import { generateHistory } from './history-generator.js';
import { progress, summarise, timed } from './measure.js';
import { renderResults, type BenchResults } from './results-report.js';
import { rawInsertAll, rawReadAll } from './workloads/raw-sqlite.js';
import { measureConcurrentAppends, measureImport, measureReadAll, rowsOf } from './workloads/store-workloads.js';
import { measurePlainLoopCatchUp, measureQueries, measureRxjsCatchUp } from './workloads/projection-workloads.js';
import { compareWithBaseline } from './regression-check.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : undefined;
};
const quick = flag('--quick');
const events = option('--events') ?? (quick ? 100_000 : 1_000_000);
const rounds = option('--rounds') ?? 3;
const kind = quick ? 'quick' : 'full';
const work = path.join(os.tmpdir(), `concord-bench-${process.pid}`);
mkdirSync(work, { recursive: true });
const dbPath = (name: string) => path.join(work, `${name}.db`);
const started = performance.now();

try {
  progress(`${kind} run: generating ${events} events`);
  const history = generateHistory(events);
  const items = parseDevelopmentText('bench.ndjson', history.map((d) => JSON.stringify(d)).join('\n'));

  const importRates: number[] = [];
  const rawInsertRates: number[] = [];
  for (let r = 0; r < rounds; r++) {
    rmSync(dbPath('concord'), { force: true });
    importRates.push(await measureImport(items, dbPath('concord')));
    progress(`import round ${r + 1}/${rounds}: ${importRates.at(-1)} events/s`);
    const rows = await rowsOf(dbPath('concord'));
    rmSync(dbPath('raw'), { force: true });
    const raw = await timed(() => rawInsertAll(dbPath('raw'), rows));
    rawInsertRates.push(Math.round(rows.length / (raw.ms / 1000)));
    progress(`raw insert round ${r + 1}/${rounds}: ${rawInsertRates.at(-1)} events/s`);
  }

  const readRates: number[] = [];
  const rawReadRates: number[] = [];
  const rxjsRates: number[] = [];
  const loopRates: number[] = [];
  let models;
  for (let r = 0; r < rounds; r++) {
    readRates.push((await measureReadAll(dbPath('concord'))).perSecond);
    const raw = await timed(() => rawReadAll(dbPath('concord')));
    rawReadRates.push(Math.round(events / (raw.ms / 1000)));
    progress(`read all round ${r + 1}/${rounds}: ${readRates.at(-1)} vs raw ${rawReadRates.at(-1)} events/s`);
    const rx = await measureRxjsCatchUp(dbPath('concord'), events);
    rxjsRates.push(rx.perSecond);
    models = rx.models;
    loopRates.push(await measurePlainLoopCatchUp(dbPath('concord'), events));
    progress(`catch-up round ${r + 1}/${rounds}: RxJS ${rxjsRates.at(-1)} vs plain loop ${loopRates.at(-1)} events/s`);
  }

  const queries = measureQueries(models!, events);
  progress(`queries: entity p99 ${queries.entity.p99.toFixed(3)} ms, timeline page p99 ${queries.timelinePage.p99.toFixed(3)} ms`);
  models = undefined;

  const appendRates: number[] = [];
  const perWriter = quick ? 50 : 150;
  for (let r = 0; r < rounds; r++) {
    rmSync(dbPath('appends'), { force: true });
    appendRates.push(await measureConcurrentAppends(dbPath('appends'), 64, perWriter));
    progress(`64 concurrent writers round ${r + 1}/${rounds}: ${appendRates.at(-1)} events/s`);
  }

  const coldStarts: number[] = [];
  const rss: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(here, 'cold-start.ts'), dbPath('concord')], { encoding: 'utf8' });
    const { ms, rss: bytes } = JSON.parse(out.trim().split('\n').at(-1)!) as { ms: number; rss: number };
    coldStarts.push(ms);
    rss.push(bytes);
    progress(`cold start round ${r + 1}/${rounds}: ${(ms / 1000).toFixed(2)} s, RSS ${(bytes / 2 ** 20).toFixed(0)} MiB`);
  }

  const results: BenchResults = {
    kind,
    events,
    rounds,
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` },
    configuration: 'SQLite store: WAL, synchronous=FULL, group commit (up to 1000 appends per transaction); import chunks of 1000; read models in memory; log level: none (no server logs in process)',
    import: summarise(importRates),
    rawInsert: summarise(rawInsertRates),
    concurrentAppends: { writers: 64, perWriter, ...summarise(appendRates) },
    readAll: summarise(readRates),
    rawReadAll: summarise(rawReadRates),
    rxjsCatchUp: summarise(rxjsRates),
    plainLoopCatchUp: summarise(loopRates),
    queries,
    coldStartMs: summarise(coldStarts),
    rssBytes: summarise(rss),
    durationSeconds: Math.round((performance.now() - started) / 1000),
  };
  const resultsDir = path.join(here, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const baselineFile = path.join(resultsDir, `${kind}.json`);
  const baseline = existsSync(baselineFile) ? (JSON.parse(readFileSync(baselineFile, 'utf8')) as BenchResults) : undefined;
  if (flag('--check')) {
    const failures = baseline ? compareWithBaseline(results, baseline) : ['no committed baseline to compare with'];
    for (const f of failures) console.log(`bench check: ${f}`);
    console.log(failures.length === 0 ? 'bench check: every ratio within half of the committed run' : 'bench check: FAILED');
    process.exitCode = failures.length === 0 ? 0 : 1;
  } else {
    writeFileSync(baselineFile, JSON.stringify(results, null, 2) + '\n');
    const all = ['full', 'quick'].map((k) => path.join(resultsDir, `${k}.json`)).filter(existsSync).map((f) => JSON.parse(readFileSync(f, 'utf8')) as BenchResults);
    const resultsMd = path.join(here, 'RESULTS.md');
    writeFileSync(resultsMd, renderResults(existsSync(resultsMd) ? readFileSync(resultsMd, 'utf8') : '', all));
    progress(`wrote ${path.relative(process.cwd(), baselineFile)} and bench/RESULTS.md`);
  }
  progress(`done in ${results.durationSeconds} s`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
