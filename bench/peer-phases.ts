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
}

/** Emmett on the very rows of the Concord store at `concordDb` (which holds `events` events). */
export async function emmettPhase(concordDb: string, emmettDb: string, events: number, concord: EmmettFigures['concord'], budget: RoundBudget): Promise<EmmettFigures | Skipped> {
  const loaded = await loadEmmettSqlite();
  if (!loaded.ok) {
    progress(`Emmett skipped: ${loaded.reason}`);
    return { skipped: loaded.reason };
  }
  const emmett = loaded.value;
  const rows = await rowsOf(concordDb);
  const calls = appendCalls(rows);
  const lastPosition = BigInt(rows.length);
  const append: number[] = [];
  const read: number[] = [];
  const catchUp: number[] = [];
  let synchronous = 'unknown';
  try {
    await budget.rounds('emmett', `Emmett at ${events.toLocaleString('en-GB')}`, async (r) => {
      removeDb(emmettDb);
      const appended = await measureEmmettAppend(emmett, emmettDb, calls);
      append.push(appended.perSecond);
      synchronous = appended.synchronous;
      progress(`Emmett append round ${r + 1}: ${appended.perSecond.toLocaleString('en-GB')} events/s (${calls.length.toLocaleString('en-GB')} calls)`);
      read.push(await measureEmmettReadAll(emmett, emmettDb, rows.length));
      progress(`Emmett read all round ${r + 1}: ${read.at(-1)!.toLocaleString('en-GB')} events/s`);
      catchUp.push(await measureEmmettCatchUp(emmett, emmettDb, lastPosition, rows.length));
      progress(`Emmett consumer catch-up round ${r + 1}: ${catchUp.at(-1)!.toLocaleString('en-GB')} events/s`);
    });
  } catch (error) {
    const reason = `Emmett ${emmett.version} failed on this workload: ${(error as Error).message}`;
    progress(reason);
    return { skipped: reason };
  } finally {
    removeDb(emmettDb);
  }
  return { events, configuration: emmettConfiguration(emmett, emmettSqliteEngine(), synchronous), append: summarise(append), readAll: summarise(read), catchUp: summarise(catchUp), concord };
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
