import type { Summary } from './measure.js';
import type { EmmettFigures, HttpFigures, Skipped } from './peer-phases.js';
import type { QueryLatencies } from './workloads/projection-workloads.js';

/** The raw figures of one run, as written to bench/results/<kind>.json. */
export interface BenchResults {
  kind: 'full' | 'quick';
  events: number;
  rounds: number;
  date: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; platform: string; heapLimitMiB?: number };
  configuration: string;
  import: Summary;
  rawInsert: Summary;
  /** Absent in a `--check` run, which measures the ratios only. */
  /** `raw`: raw better-sqlite3 committing the same rows `writers` at a time, round by round (runs before 2026-11-30 14:00 had none). */
  concurrentAppends?: Summary & {
    writers: number;
    perWriter: number;
    raw?: Summary;
    /** The untimed first round in each round's process, before the timed one (runs since 2026-11-30 21:30). */
    warmUp?: Summary;
  };
  readAll: Summary;
  rawReadAll: Summary;
  /** Read all / raw read, slice by slice (bench/concord-phases.ts pairedReadRatios); runs before it had only the whole-log rounds. */
  readRatioPaired?: Summary;
  rxjsCatchUp: Summary;
  plainLoopCatchUp: Summary;
  queries?: QueryLatencies;
  coldStartMs?: Summary;
  /** Of the cold start: the catch-up alone, and giving its spare memory back (runs before 2026-11-29 evening had neither). */
  catchUpMs?: Summary;
  memoryReleaseMs?: Summary;
  rssBytes?: Summary;
  /** The highest resident memory of the cold start (the catch-up's), and the resident memory before the release. */
  peakRssBytes?: Summary;
  rssBeforeReleaseBytes?: Summary;
  /** V8's heap after a full collection at ready: live objects, and the pages committed for them. */
  heapUsedBytes?: Summary;
  heapTotalBytes?: Summary;
  /**
   * The in-process questions without the live kinds, asked of the first full cold start's
   * models once ready, before that child writes its snapshot: a server's first start, its
   * models as its own fold left them in a process that did nothing else (runs before
   * 2026-12-01 08:30 had none).
   */
  coldStartQueries?: QueryLatencies;
  /**
   * Cold start from a read-model snapshot written after the first full cold start: to
   * ready (reading the snapshot, folding nothing after it, the memory release), the read
   * alone, the RSS; the write's time and size; each start's digest equal to the full
   * rebuild's (runs before 2026-11-30 had none); `queries`: the in-process questions asked
   * of the last start's models once ready (runs before 2026-11-30 10:00 had none).
   */
  snapshotStart?: { ms: Summary; loadMs: Summary; releaseMs?: Summary; lightRelease?: boolean; rssBytes: Summary; writeMs: number; bytes: number; equalToRebuild: boolean; queries?: QueryLatencies };
  emmett?: EmmettFigures | Skipped;
  http?: HttpFigures | Skipped;
  /** Phases that ran fewer rounds than asked, to stay within the budget. */
  roundNotes?: string[];
  budgetMinutes?: number;
  durationSeconds: number;
}

/** The read ratio a run is judged on: the paired slices' median where measured, else the whole-log rounds' medians. */
export function readRatioOf(r: BenchResults): number {
  return r.readRatioPaired?.median ?? r.readAll.median / r.rawReadAll.median;
}

export function isSkipped(value: object | undefined): value is Skipped {
  return value !== undefined && 'skipped' in value;
}
