/**
 * The measurements that need the bench-only peers (bench/peers): Emmett side by side at
 * 100k events, and HTTP load with autocannon. Each says why when it cannot run.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { summarise, progress, type Summary } from './measure.js';
import type { RoundBudget } from './round-budget.js';
import { emmettSqliteEngine, loadAutocannon, loadEmmettSqlite } from './peers/load-peers.js';
import { removeDb } from './concord-phases.js';
import { rowsOf } from './workloads/store-workloads.js';
import { appendCalls, emmettConfiguration, measureEmmettAppend, measureEmmettCatchUp, measureEmmettReadAll } from './workloads/emmett-workloads.js';
import { httpConfiguration, measureDevelopmentPosts, measureReadsWhileWriting, measureTimelineGets, startConcordServer, startFloorServer, type FloorKind, type HttpRound } from './workloads/http-workloads.js';

export type Skipped = { skipped: string };

export interface EmmettFigures {
  events: number;
  configuration: string;
  append: Summary;
  readAll: Summary;
  catchUp: Summary;
  /** Concord on the same events in the same run: bulk import, read all (validated), RxJS catch-up. */
  concord: { import: Summary; readAll: Summary; catchUp: Summary };
  /**
   * Per round, Concord's rate over Emmett's, the two measured back to back (see
   * emmettPhase): the ratios the targets are judged on. Absent in runs before 2026-12-01
   * 05:18, whose Concord rounds ran minutes before Emmett's.
   */
  paired?: { append: number[]; readAll: number[]; catchUp: number[] };
}

/** Concord's side of each Emmett round: each measurement in events/s, on the store at the `concordDb` given to emmettPhase. */
export interface ConcordBesideEmmett {
  /** Imports the events into a fresh store at concordDb (the store Emmett's rows are taken from). */
  import(): Promise<number>;
  readAll(): Promise<number>;
  catchUp(): Promise<number>;
}

type Rates = { concord: number[]; emmett: number[] };

class EmmettFailure extends Error {
  constructor(override readonly cause: unknown) {
    super((cause as Error).message, { cause });
  }
}

/**
 * Emmett on the very rows of the Concord store at `concordDb` (which holds `events`
 * events after Concord's first import), each of its measurements back to back with
 * Concord's same one: import beside append, read all beside read all, catch-up beside
 * catch-up. This machine's phases swing 1.5-2x over minutes, so a ratio of rates taken
 * minutes apart says as much about the phase as about the stores. Who goes first
 * alternates by round, except that Concord's import comes first in the first (Emmett's
 * rows come from it).
 */
export async function emmettPhase(concordDb: string, emmettDb: string, events: number, concord: ConcordBesideEmmett, budget: RoundBudget): Promise<EmmettFigures | Skipped> {
  const loaded = await loadEmmettSqlite();
  if (!loaded.ok) {
    progress(`Emmett skipped: ${loaded.reason}`);
    return { skipped: loaded.reason };
  }
  const emmett = loaded.value;
  let calls: ReturnType<typeof appendCalls> = [];
  let lastPosition = 0n;
  let rowCount = 0;
  const append: Rates = { concord: [], emmett: [] };
  const read: Rates = { concord: [], emmett: [] };
  const catchUp: Rates = { concord: [], emmett: [] };
  let synchronous = 'unknown';
  const pair = async (rates: Rates, concordFirst: boolean, name: string, ours: () => Promise<number>, theirs: () => Promise<number>) => {
    // Only Emmett's own failures make the phase "not measured"; Concord's end the run.
    const emmettsOwn = () => theirs().catch((error: unknown) => Promise.reject(new EmmettFailure(error)));
    let c: number;
    let e: number;
    if (concordFirst) {
      c = await ours();
      e = await emmettsOwn();
    } else {
      e = await emmettsOwn();
      c = await ours();
    }
    rates.concord.push(c);
    rates.emmett.push(e);
    progress(`${name} round ${rates.concord.length}: Concord ${c.toLocaleString('en-GB')} vs Emmett ${e.toLocaleString('en-GB')} events/s, ${(c / e).toFixed(2)}x (${concordFirst ? 'Concord' : 'Emmett'} first)`);
  };
  try {
    await budget.rounds('emmett', `Emmett at ${events.toLocaleString('en-GB')}`, async (r) => {
      const concordFirst = r % 2 === 0;
      const emmettAppend = async () => {
        if (calls.length === 0) {
          const rows = await rowsOf(concordDb);
          calls = appendCalls(rows);
          lastPosition = BigInt(rows.length);
          rowCount = rows.length;
        }
        removeDb(emmettDb);
        const appended = await measureEmmettAppend(emmett, emmettDb, calls);
        synchronous = appended.synchronous;
        return appended.perSecond;
      };
      await pair(append, concordFirst || r === 0, 'import vs Emmett append', concord.import, emmettAppend);
      await pair(read, concordFirst, 'read all vs Emmett read all', concord.readAll, () => measureEmmettReadAll(emmett, emmettDb, rowCount));
      await pair(catchUp, concordFirst, 'catch-up vs Emmett consumer catch-up', concord.catchUp, () => measureEmmettCatchUp(emmett, emmettDb, lastPosition, rowCount));
    });
  } catch (error) {
    if (!(error instanceof EmmettFailure)) throw error;
    const reason = `Emmett ${emmett.version} failed on this workload: ${(error.cause as Error).message}`;
    progress(reason);
    return { skipped: reason };
  } finally {
    removeDb(emmettDb);
  }
  const ratios = (rates: Rates) => rates.concord.map((c, i) => c / rates.emmett[i]!);
  return {
    events,
    configuration: emmettConfiguration(emmett, emmettSqliteEngine(), synchronous),
    append: summarise(append.emmett),
    readAll: summarise(read.emmett),
    catchUp: summarise(catchUp.emmett),
    concord: { import: summarise(append.concord), readAll: summarise(read.concord), catchUp: summarise(catchUp.concord) },
    paired: { append: ratios(append), readAll: ratios(read), catchUp: ratios(catchUp) },
  };
}

export interface HttpFigures {
  configuration: string;
  storeEvents: number;
  getTimeline: { requestsPerSecond: Summary; p50: Summary; p99: Summary; failures: number };
  postDevelopments: { requestsPerSecond: Summary; p50: Summary; p99: Summary; failures: number };
  /**
   * The same GET load in the same rounds against servers that only serve one fixed page
   * of Concord's answer (bench/workloads/http-floor-server.ts): what express itself, and
   * node:http alone, reach on this machine with this page. Absent in runs before they were added.
   */
  floors?: { pageBytes: number; express: HttpFigures['getTimeline']; node: HttpFigures['getTimeline'] };
  /** The GET and POST loads at once (measureReadsWhileWriting). Absent in runs before it was added. */
  readsWhileWriting?: { get: HttpFigures['getTimeline']; post: HttpFigures['getTimeline'] };
}

function httpSummary(rounds: readonly HttpRound[]): HttpFigures['getTimeline'] {
  return {
    requestsPerSecond: summarise(rounds.map((r) => r.requestsPerSecond)),
    p50: summarise(rounds.map((r) => r.p50)),
    p99: summarise(rounds.map((r) => r.p99)),
    failures: rounds.reduce((n, r) => n + r.failures, 0),
  };
}

/** `concord serve` on the benchmark's store; GET timeline pages, then durable POSTs (which append to it). */
export async function httpPhase(root: string, compiledRoot: string, db: string, storeEvents: number, workDir: string, heapMiB: number, seconds: number, budget: RoundBudget): Promise<HttpFigures | Skipped> {
  const loaded = loadAutocannon();
  if (!loaded.ok) {
    progress(`HTTP skipped: ${loaded.reason}`);
    return { skipped: loaded.reason };
  }
  const autocannon = loaded.value;
  progress('HTTP: starting concord serve on the benchmark store (it catches up before it listens)');
  const server = await startConcordServer(root, compiledRoot, db, workDir, heapMiB);
  const floors: { kind: FloorKind; url: string; stop(): Promise<void>; rounds: HttpRound[] }[] = [];
  try {
    // The floors serve a real answer of this server's: the page the load asks for, at one day.
    const answer = await fetch(`${server.url}/timeline?from=2010-06-15&limit=50`);
    if (!answer.ok) throw new Error(`the floors' page: GET /timeline answered ${answer.status}: ${await answer.text()}`);
    const page = await answer.text();
    const pageFile = path.join(workDir, 'floor-page.json');
    writeFileSync(pageFile, page);
    for (const kind of ['express', 'node'] as const) floors.push({ kind, ...(await startFloorServer(root, kind, pageFile)), rounds: [] });
    const gets: HttpRound[] = [];
    const posts: HttpRound[] = [];
    const mixed: { get: HttpRound; post: HttpRound }[] = [];
    await budget.rounds('http', 'HTTP', async (r) => {
      gets.push(await measureTimelineGets(autocannon, server.url, seconds, 100 + r));
      progress(`HTTP GET /timeline round ${r + 1}: ${gets.at(-1)!.requestsPerSecond.toLocaleString('en-GB')} req/s, p99 ${gets.at(-1)!.p99} ms, failures ${gets.at(-1)!.failures}`);
      for (const floor of floors) {
        floor.rounds.push(await measureTimelineGets(autocannon, floor.url, seconds, 100 + r));
        progress(`HTTP floor, ${floor.kind} serving the same page, round ${r + 1}: ${floor.rounds.at(-1)!.requestsPerSecond.toLocaleString('en-GB')} req/s, p99 ${floor.rounds.at(-1)!.p99} ms`);
      }
      posts.push(await measureDevelopmentPosts(autocannon, server, seconds, r));
      progress(`HTTP POST /developments round ${r + 1}: ${posts.at(-1)!.requestsPerSecond.toLocaleString('en-GB')} req/s, p99 ${posts.at(-1)!.p99} ms, failures ${posts.at(-1)!.failures}`);
      const both = await measureReadsWhileWriting(autocannon, server, seconds, r);
      mixed.push(both);
      progress(`HTTP GET while POST round ${r + 1}: GET ${both.get.requestsPerSecond.toLocaleString('en-GB')} req/s, p99 ${both.get.p99} ms; POST ${both.post.requestsPerSecond.toLocaleString('en-GB')} req/s, p99 ${both.post.p99} ms; failures ${both.get.failures + both.post.failures}`);
    });
    const floorOf = (kind: FloorKind) => httpSummary(floors.find((f) => f.kind === kind)!.rounds);
    return {
      configuration: httpConfiguration(autocannon, seconds),
      storeEvents,
      getTimeline: httpSummary(gets),
      postDevelopments: httpSummary(posts),
      floors: { pageBytes: Buffer.byteLength(page), express: floorOf('express'), node: floorOf('node') },
      readsWhileWriting: { get: httpSummary(mixed.map((m) => m.get)), post: httpSummary(mixed.map((m) => m.post)) },
    };
  } finally {
    await Promise.all([server.stop(), ...floors.map((f) => f.stop())]);
  }
}
