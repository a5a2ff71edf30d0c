/**
 * Concord's own measurements, each side by side with its floor (raw better-sqlite3, or
 * the plain loop), in rounds within the run's budget.
 */
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ReadModels } from '../projections/read-models.js';
import { CONCORD_NODE_FLAGS } from '../src/cli/node-flags.js';
import { generateHistory } from './history-generator.js';
import { progress, summarise, timed, type Summary } from './measure.js';
import type { RoundBudget } from './round-budget.js';
import { rawReadAll } from './workloads/raw-sqlite.js';
import { measureReadAll } from './workloads/store-workloads.js';
import { CATCH_UP_PAGE_SIZE } from '../src/store/sqlite-event-store.js';
import { measurePlainLoopCatchUp, measureRxjsCatchUp } from './workloads/projection-workloads.js';

export const removeDb = (file: string) => {
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
};

/** The generated history written as the NDJSON file `concord import` would be given (one development a line). */
export function writeImportFile(events: number, file: string): void {
  progress(`generating ${events.toLocaleString('en-GB')} events`);
  const history = generateHistory(events);
  writeFileSync(file, `${history.map((d) => JSON.stringify(d)).join('\n')}\n`);
}

/**
 * Bulk import into a fresh store, each round, beside raw better-sqlite3 inserting the very
 * rows it stored; leaves the store at `db`. Each round runs in a child process
 * (bench/import-child.ts), as `concord import` runs in a process of its own: measured in
 * this process, the import left it reading the same store 1.3-1.5x slower afterwards, even
 * after a full collection (read all at 1,000,000 events: 65,447-75,525 events/s right after
 * an import in process, 97,777-110,373 in a fresh process, same file and code), which no
 * product path does and which the read phase would otherwise be billed for. The child is
 * the compiled product (`compiledRoot`, bench/compiled-build.ts), as the `concord` command
 * is: under tsx the import's writing thread compiles its TypeScript first (about 2 s of
 * the second core), and 100,000 developments imported about 1.1x slower (2026-12-02).
 */
export async function importPhase(events: number, db: string, rawDb: string, budget: RoundBudget, heapMiB: number, compiledRoot: string): Promise<{ import: Summary; rawInsert: Summary }> {
  const label = 'import';
  const importRates: number[] = [];
  const rawRates: number[] = [];
  await budget.rounds('import', label, async (r) => {
    const figures = importRound(events, db, rawDb, heapMiB, compiledRoot);
    importRates.push(figures.import);
    progress(`${label} round ${r + 1}: ${figures.import.toLocaleString('en-GB')} events/s`);
    rawRates.push(figures.rawInsert);
    progress(`raw insert round ${r + 1}: ${figures.rawInsert.toLocaleString('en-GB')} events/s`);
  });
  return { import: summarise(importRates), rawInsert: summarise(rawRates) };
}

/** One import round in a child process of its own (see importPhase): both rates, events/s. */
export function importRound(events: number, db: string, rawDb: string, heapMiB: number, compiledRoot: string): { import: number; rawInsert: number } {
  const out = execFileSync(process.execPath, [`--max-old-space-size=${heapMiB}`, ...CONCORD_NODE_FLAGS, compiledChild(compiledRoot, 'import-child'), String(events), db, rawDb], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').at(-1)!) as { import: number; rawInsert: number };
}

/** A benchmark child process's entry in the compiled tree (see bench/tsconfig.compiled.json). */
function compiledChild(compiledRoot: string, name: 'import-child' | 'appends-child'): string {
  return path.join(compiledRoot, 'bench', `${name}.js`);
}

export interface ReadFigures {
  readAll: Summary;
  rawReadAll: Summary;
  /** Read all / raw read over paired slices of the log (see pairedReadRatios); absent when not asked for. */
  readRatioPaired?: Summary;
  rxjsCatchUp: Summary;
  plainLoopCatchUp: Summary;
  /** The read models of the last RxJS catch-up, for the in-process queries. */
  models: ReadModels;
}

/** Read all beside raw iterate + JSON.parse; catch-up through the RxJS engine beside the plain loop. */
const READ_WARM_UP_EVENTS = 20_000;

/** Slices of the log whose read ratio is measured pair by pair (see pairedReadRatios). */
export const READ_RATIO_SLICES = 8;

/**
 * The read ratio, slice by slice: the log cut into `slices` runs of whole pages, each run
 * read by Concord (parsed and validated) and by raw better-sqlite3 (iterate + JSON.parse)
 * back to back, which goes first alternating. A whole-log round at 1M pairs two reads a
 * minute apart, and this machine's speed can change by 1.5-2x in between; a pair a few
 * seconds apart shares its moment, and the median of eight leaves out the odd one.
 */
export async function pairedReadRatios(db: string, events: number, slices = READ_RATIO_SLICES): Promise<number[]> {
  const size = Math.floor(events / slices / CATCH_UP_PAGE_SIZE) * CATCH_UP_PAGE_SIZE;
  if (size === 0) return [];
  const ratios: number[] = [];
  for (let i = 0; i < slices; i++) {
    // Positions of a fresh store run 1, 2, 3...: the slice is the events after `after`.
    const after = i * size;
    const concord = async () => {
      const { perSecond, count } = await measureReadAll(db, size, BigInt(after));
      return sameSlice(count, perSecond);
    };
    const raw = async () => {
      const { ms, value: count } = await timed(() => rawReadAll(db, size, after));
      return sameSlice(count, count / (ms / 1000));
    };
    // Both sides must read the very same events, or the ratio compares different work.
    const sameSlice = (count: number, rate: number) => {
      if (count !== size) throw new Error(`paired read slice ${i + 1} after position ${after}: read ${count} events, not ${size} (is the store's log gapless from position 1?)`);
      return rate;
    };
    let concordRate: number;
    let rawRate: number;
    if (i % 2 === 0) {
      concordRate = await concord();
      rawRate = await raw();
    } else {
      rawRate = await raw();
      concordRate = await concord();
    }
    ratios.push(concordRate / rawRate);
  }
  return ratios;
}

export async function readPhase(db: string, events: number, budget: RoundBudget): Promise<ReadFigures> {
  const label = 'read all and catch-up';
  const read: number[] = [];
  const rawRead: number[] = [];
  const rxjs: number[] = [];
  const loop: number[] = [];
  let models: ReadModels | undefined;
  // Untimed, so the first round is not the one that compiles the read path: at 100k a
  // cold first round read 0.6x as fast as the second, and a median of two is the lower.
  await measureReadAll(db, READ_WARM_UP_EVENTS);
  rawReadAll(db, READ_WARM_UP_EVENTS);
  // Before the rounds: no read models of a catch-up are alive yet to be marked during the reads.
  const pairs = await pairedReadRatios(db, events, READ_RATIO_SLICES);
  if (pairs.length > 0) progress(`read all vs raw, ${pairs.length} paired slices: ${pairs.map((r) => r.toFixed(2)).join(', ')}`);
  await budget.rounds('read', label, async (r) => {
    // Each round reads on a heap without the last round's read models (gigabytes at 1M),
    // whose marking would otherwise be charged to this round's reads.
    models = undefined;
    read.push((await measureReadAll(db)).perSecond);
    const raw = await timed(() => rawReadAll(db));
    rawRead.push(Math.round(events / (raw.ms / 1000)));
    progress(`read all round ${r + 1}: ${read.at(-1)!.toLocaleString('en-GB')} vs raw ${rawRead.at(-1)!.toLocaleString('en-GB')} events/s`);
    // The loop first: neither catch-up then runs beside the other's live read models.
    loop.push(await measurePlainLoopCatchUp(db, events));
    const rx = await measureRxjsCatchUp(db, events);
    rxjs.push(rx.perSecond);
    models = rx.models;
    progress(`catch-up round ${r + 1}: RxJS ${rxjs.at(-1)!.toLocaleString('en-GB')} vs plain loop ${loop.at(-1)!.toLocaleString('en-GB')} events/s`);
  });
  return {
    readAll: summarise(read),
    rawReadAll: summarise(rawRead),
    ...(pairs.length > 0 && { readRatioPaired: summarise(pairs) }),
    rxjsCatchUp: summarise(rxjs),
    plainLoopCatchUp: summarise(loop),
    models: models!,
  };
}

/**
 * The concurrent writers, each round beside its floor: raw better-sqlite3 committing the
 * rows they stored, `writers` at a time (rawGroupCommits), right after. Each round runs
 * in a child process of its own (bench/appends-child.ts, compiled as the server is) with the server's V8 flags, after
 * an untimed warm-up round of the same writers there: the rate of a process that has
 * taken appends for a while, as a server has. The warm-ups' rates are kept beside.
 */
export async function appendsPhase(db: string, writers: number, perWriter: number, budget: RoundBudget, heapMiB: number, compiledRoot: string): Promise<Summary & { raw: Summary; warmUp: Summary }> {
  const rates: number[] = [];
  const raws: number[] = [];
  const warmUps: number[] = [];
  await budget.rounds('appends', `${writers} concurrent writers`, async (r) => {
    const out = execFileSync(process.execPath, [`--max-old-space-size=${heapMiB}`, ...CONCORD_NODE_FLAGS, compiledChild(compiledRoot, 'appends-child'), String(writers), String(perWriter), db], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1 << 20,
    });
    const figures = JSON.parse(out.trim().split('\n').at(-1)!) as { appends: number; warmUp: number; raw: number };
    rates.push(figures.appends);
    raws.push(figures.raw);
    warmUps.push(figures.warmUp);
    progress(
      `${writers} concurrent writers round ${r + 1}: ${figures.appends.toLocaleString('en-GB')} events/s (the untimed warm-up before it ${figures.warmUp.toLocaleString('en-GB')}); ` +
        `raw better-sqlite3 committing the same rows ${writers} at a time ${figures.raw.toLocaleString('en-GB')} events/s`,
    );
  });
  return { ...summarise(rates), raw: summarise(raws), warmUp: summarise(warmUps) };
}
