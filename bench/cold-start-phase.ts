/**
 * The cold starts: a full fold of the log in a child process of its own, then starts from
 * the read-model snapshot the first one wrote, proven equal to it by digest.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { CONCORD_NODE_FLAGS } from '../src/cli/node-flags.js';
import type { BenchResults } from './bench-results.js';
import { progress, summarise } from './measure.js';
import type { RoundBudget } from './round-budget.js';
import type { QueryLatencies } from './workloads/projection-workloads.js';

/** Beyond a cold start's own time, what its child process takes to start and exit, rounded up (1.5-2 s at 1M in the runs of 2026-12-01). */
const CHILD_START_AND_EXIT_MS = 3_000;

/**
 * Cold start in a child process, so its time and memory are its own: the compiled product
 * (bench/compiled-build.ts) with the V8 flags the server runs with (CONCORD_NODE_FLAGS).
 */
export async function coldStartPhase(db: string, events: number, compiledRoot: string, heapMiB: number, budget: RoundBudget): Promise<ColdStartFigures> {
  const coldStart = (...args: string[]): ColdStartRound => {
    const out = execFileSync(process.execPath, [`--max-old-space-size=${heapMiB}`, ...CONCORD_NODE_FLAGS, '--expose-gc', path.join(compiledRoot, 'bench', 'cold-start.js'), db, ...args], { encoding: 'utf8' });
    return JSON.parse(out.trim().split('\n').at(-1)!) as ColdStartRound;
  };
  const rounds: ColdStartRound[] = [];
  // Where `serve` looks by default: the HTTP phase's server starts from it (bench/workloads/http-workloads.ts).
  const snapshot = `${db}.read-models`;
  await budget.rounds('coldStart', 'cold start', async (r) => {
    // The first round also answers the questions once ready (a server's first start), then
    // writes the snapshot the rounds below start from, and the full rebuild's digest (untimed).
    const round = coldStart(...(r === 0 ? ['--queries-at-ready', String(events), '--write-snapshot', snapshot, '--digest'] : []));
    rounds.push(round);
    const mib = (bytes: number | undefined) => (bytes === undefined ? '?' : (bytes / 2 ** 20).toFixed(0));
    const s = (ms: number | undefined) => (ms === undefined ? '?' : (ms / 1000).toFixed(2));
    progress(
      `cold start round ${r + 1}: ${s(round.ms)} s (catch-up ${s(round.caughtUpMs)} s, memory given back in ${s(round.releaseMs)} s${round.lightRelease ? ', one ordinary collection' : ''}), ` +
        `RSS ${mib(round.rss)} MiB (${mib(round.rssBeforeRelease)} before the release, peak ${mib(round.peakRss)}; heap ${mib(round.heapUsed)} MiB live, ${mib(round.heapTotal)} MiB committed)` +
        (round.queriesAtReady ? `; once ready, entity p99 ${round.queriesAtReady.entity.p99.toFixed(3)} ms` : ''),
    );
    // A repeat has no questions, snapshot or digest: its start and the child's own start and exit (about 2 s at 1M).
    return r === 0 ? { repeatMs: round.ms + CHILD_START_AND_EXIT_MS } : undefined;
  });
  const fromSnapshot = snapshotStarts(coldStart, snapshot, rounds[0]!, events);
  // Undefined where a round lacks the figure (no inspector: no release); the results file leaves it out.
  const of = (pick: (round: ColdStartRound) => number | undefined) => {
    const values = rounds.map(pick).filter((v): v is number => v !== undefined);
    return values.length === rounds.length ? summarise(values) : undefined;
  };
  return {
    snapshotStart: await fromSnapshot,
    ...(rounds[0]!.queriesAtReady && { coldStartQueries: rounds[0]!.queriesAtReady }),
    coldStartMs: summarise(rounds.map((round) => round.ms)),
    rssBytes: summarise(rounds.map((round) => round.rss)),
    heapUsedBytes: summarise(rounds.map((round) => round.heapUsed)),
    heapTotalBytes: summarise(rounds.map((round) => round.heapTotal)),
    catchUpMs: of((round) => round.caughtUpMs),
    memoryReleaseMs: of((round) => round.releaseMs),
    peakRssBytes: of((round) => round.peakRss),
    rssBeforeReleaseBytes: of((round) => round.rssBeforeRelease),
  };
}

/** Starts from the snapshot: two, of about 20 s each at 1M, within the full run's 20 minutes. */
const SNAPSHOT_START_ROUNDS = 2;

/**
 * Cold starts from the read-model snapshot the first full round wrote; the first is
 * proven equal to that full rebuild by the models' digest (taken after both were
 * measured; a start whose digest differs fails the run). The last also answers the
 * in-process questions once ready, as a restarted server holds its models: loaded from
 * the snapshot, whose reader lays each structure's objects out together, where a fold
 * leaves them wherever the events that made them came in the log.
 */
async function snapshotStarts(coldStart: (...args: string[]) => ColdStartRound, snapshot: string, full: ColdStartRound, events: number): Promise<SnapshotStartFigures> {
  const rounds: ColdStartRound[] = [];
  for (let r = 0; r < SNAPSHOT_START_ROUNDS; r++) {
    const last = r === SNAPSHOT_START_ROUNDS - 1;
    const round = coldStart('--snapshot', snapshot, ...(r === 0 ? ['--digest'] : []), ...(last ? ['--queries', String(events)] : []));
    if (r === 0 && round.digest !== full.digest) {
      rmSync(snapshot, { force: true });
      throw new Error(`the read models started from the snapshot differ from the full rebuild (digest ${round.digest} against ${full.digest})`);
    }
    rounds.push(round);
    const s = (ms: number | undefined) => (ms === undefined ? '?' : (ms / 1000).toFixed(2));
    progress(`cold start from a snapshot, round ${r + 1}: ${s(round.ms)} s (snapshot read in ${s(round.snapshotLoadMs)} s, memory given back in ${s(round.releaseMs)} s${round.lightRelease ? ', one ordinary collection' : ''}), RSS ${(round.rss / 2 ** 20).toFixed(0)} MiB${r === 0 ? '; equal to the full rebuild (digest)' : ''}`);
  }
  return {
    ms: summarise(rounds.map((round) => round.ms)),
    loadMs: summarise(rounds.map((round) => round.snapshotLoadMs ?? Number.NaN)),
    releaseMs: summarise(rounds.map((round) => round.releaseMs ?? Number.NaN)),
    lightRelease: rounds.every((round) => round.lightRelease === true),
    rssBytes: summarise(rounds.map((round) => round.rss)),
    writeMs: full.snapshotWriteMs!,
    bytes: full.snapshotBytes!,
    equalToRebuild: true,
    ...(rounds.at(-1)!.queries && { queries: rounds.at(-1)!.queries }),
  };
}

/** What bench/cold-start.ts prints; the release's figures are absent where Node has no inspector. */
interface ColdStartRound {
  readonly ms: number;
  readonly caughtUpMs: number;
  readonly snapshotLoadMs?: number;
  readonly digest?: string;
  readonly snapshotWriteMs?: number;
  readonly snapshotBytes?: number;
  readonly releaseMs?: number;
  /** Whether the release was one ordinary collection (src/runtime/start-up-memory.ts). */
  readonly lightRelease?: boolean;
  readonly rssBeforeRelease?: number;
  readonly rss: number;
  readonly peakRss: number;
  readonly heapUsed: number;
  readonly heapTotal: number;
  readonly queries?: QueryLatencies;
  readonly queriesAtReady?: QueryLatencies;
}

type ColdStartFigures = Pick<BenchResults, 'coldStartQueries' | 'coldStartMs' | 'rssBytes' | 'heapUsedBytes' | 'heapTotalBytes' | 'catchUpMs' | 'memoryReleaseMs' | 'peakRssBytes' | 'rssBeforeReleaseBytes' | 'snapshotStart'>;
type SnapshotStartFigures = NonNullable<BenchResults['snapshotStart']>;
