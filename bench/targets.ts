/**
 * The issue's targets, each judged on one run's medians: met, or missed and by how much.
 */
import { isSkipped, readRatioOf, type BenchResults } from './bench-results.js';
import type { HttpFigures } from './peer-phases.js';
import { summarise, type Summary } from './measure.js';
import { LIVE_READ_EVERY, type Latency, type QueryLatencies } from './workloads/projection-workloads.js';
import { atLeast, atMost, byCategory, mebibytes, ms, n, range, seconds, slowest, x } from './target-format.js';

export { atLeast, atMost, range } from './target-format.js';

export interface TargetRow {
  readonly what: string;
  readonly target: string;
  readonly measured: string;
  /** `met`, `missed by …`, or why it was not measured. */
  readonly verdict: string;
}

/** The paired slices' median with their range, then the whole-log rounds (the only figure of runs before the slices). */
function readMeasured(r: BenchResults, ratio: number): string {
  const whole = `${range(r.readAll)} vs ${range(r.rawReadAll)} events/s`;
  const paired = r.readRatioPaired;
  if (!paired) return `${x(ratio)} (${whole})`;
  return `${x(ratio)}, median of ${paired.rounds.length} slices read side by side (${x(paired.min)}–${x(paired.max)}); whole log ${x(r.readAll.median / r.rawReadAll.median)} (${whole})`;
}

const MILLION_SCALE = 1_000_000;

export function targetRows(r: BenchResults): TargetRow[] {
  // Targets set at a million events are only indications on a smaller run.
  const atScale = (verdict: string) => (r.events >= MILLION_SCALE ? verdict : `${verdict} (at ${n(r.events)}; the target is at 1M)`);
  const importRatio = r.import.median / r.rawInsert.median;
  const readRatio = readRatioOf(r);
  const engineCost = r.plainLoopCatchUp.median / r.rxjsCatchUp.median;
  const rows: TargetRow[] = [
    { what: 'bulk import (validated, decided, chained, durable)', target: '>= 60,000 events/s', measured: `${range(r.import)} events/s`, verdict: atLeast(r.import.median, 60_000) },
    { what: 'bulk import vs raw better-sqlite3, same rows in one transaction', target: '>= 0.5x', measured: `${x(importRatio)} (raw ${range(r.rawInsert)} events/s)`, verdict: atLeast(importRatio, 0.5) },
  ];
  const appends = r.concurrentAppends;
  rows.push(
    appends
      ? { what: `durable single-development appends, ${appends.writers} concurrent writers`, target: '>= 10,000 events/s', measured: `${range(appends)} events/s${groupCommitFloorNote(appends)}`, verdict: atLeast(appends.median, 10_000) }
      : { what: 'durable single-development appends, 64 concurrent writers', target: '>= 10,000 events/s', measured: '', verdict: 'not measured in a check run' },
    { what: 'read all in position order, parsed and validated, vs raw iterate + JSON.parse', target: '>= 0.5x', measured: readMeasured(r, readRatio), verdict: atLeast(readRatio, 0.5) },
    { what: 'projection catch-up into every read model (RxJS engine)', target: '>= 150,000 events/s', measured: `${range(r.rxjsCatchUp)} events/s`, verdict: atLeast(r.rxjsCatchUp.median, 150_000) },
    { what: 'RxJS engine vs the plain loop', target: 'within 1.5x', measured: `${x(engineCost)} the loop's time (loop ${range(r.plainLoopCatchUp)} events/s)`, verdict: atMost(engineCost, 1.5) },
  );
  rows.push(...emmettRows(r));
  if (r.queries) {
    rows.push(
      { what: 'entity state at a date, in process (this process, after its own catch-up: the layout a fold leaves)', target: 'p99 <= 1 ms at 1M', measured: `p50 ${ms(r.queries.entity.p50)}, p99 ${ms(r.queries.entity.p99)}${byCategory(r.queries.entity)}`, verdict: atScale(atMost(r.queries.entity.p99, 1)) },
      { what: 'timeline page of 50 at a date, one entity, in process', target: 'p99 <= 2 ms at 1M', measured: `p50 ${ms(r.queries.timelinePage.p50)}, p99 ${ms(r.queries.timelinePage.p99)}`, verdict: atScale(atMost(r.queries.timelinePage.p99, 2)) },
    );
    const whole = r.queries.timelinePageWholeLog;
    if (whole) rows.push({ what: 'timeline page of 50 at a date, whole log (as GET /timeline?at=), in process', target: 'p99 <= 2 ms at 1M', measured: `p50 ${ms(whole.p50)}, p99 ${ms(whole.p99)}`, verdict: atScale(atMost(whole.p99, 2)) });
    const fromDate = r.queries.timelinePageFromDate;
    if (fromDate) rows.push({ what: 'timeline page of 50 from a date, whole log (as GET /timeline?from=), in process', target: 'p99 <= 2 ms at 1M', measured: `p50 ${ms(fromDate.p50)}, p99 ${ms(fromDate.p99)}`, verdict: atScale(atMost(fromDate.p99, 2)) });
    const knownAt = r.queries.timelinePageFromDateKnownAt;
    if (knownAt) rows.push({ what: 'timeline page of 50 from a date, whole log, as known at a random log position (knownAtPosition), in process', target: 'p99 <= 2 ms at 1M', measured: `p50 ${ms(knownAt.p50)}, p99 ${ms(knownAt.p99)}`, verdict: atScale(atMost(knownAt.p99, 2)) });
    const afterWrite = r.queries.timelinePageAfterWrite;
    if (afterWrite) rows.push({ what: `timeline page of 50 from a date, whole log, read right after each of ${afterWrite.samples.toLocaleString('en-GB')} new developments (a live server), in process`, target: 'p99 <= 2 ms at 1M', measured: `p50 ${ms(afterWrite.p50)}, p99 ${ms(afterWrite.p99)}`, verdict: atScale(atMost(afterWrite.p99, 2)) });
    const live = r.queries.timelinePageKnownAtLive;
    if (live) rows.push({ what: `timeline page of 50 from a date, whole log, as known at an early log position (the first 5%), read after every ${LIVE_READ_EVERY}th of ${(live.samples * LIVE_READ_EVERY).toLocaleString('en-GB')} more new developments (a live server, across the folds of its newest entries into the long sorted run), in process`, target: 'p99 <= 2 ms at 1M', measured: `p50 ${ms(live.p50)}, p99 ${ms(live.p99)}${slowest(live)}`, verdict: atScale(atMost(live.p99, 2)) });
  }
  rows.push(...httpRows(r));
  if (r.coldStartMs && r.rssBytes) {
    rows.push(
      { what: 'cold start to ready (no snapshot), child process', target: '<= 10 s at 1M', measured: `${range(r.coldStartMs, seconds)} s${coldStartNote(r)}`, verdict: atScale(atMost(r.coldStartMs.median, 10_000)) },
      ...snapshotRows(r, atScale),
      ...childQueryRows(r, atScale),
      { what: `memory with every event in the read models (RSS after catch-up${r.rssBeforeReleaseBytes ? ' and the memory release' : ''})`, target: '<= 1 GB at 1M', measured: `${range(r.rssBytes, mebibytes)}${releaseNote(r)}${heapNote(r)}`, verdict: atScale(atMost(r.rssBytes.median, 1e9)) },
    );
  }
  if (r.kind === 'full') rows.push({ what: 'the full run itself', target: '<= 20 minutes on 2 cores', measured: `${(r.durationSeconds / 60).toFixed(1)} min`, verdict: atMost(r.durationSeconds, 20 * 60) });
  return rows;
}

/** The writers beside raw better-sqlite3 committing their rows as many at a time, when measured. */
function groupCommitFloorNote(appends: NonNullable<BenchResults['concurrentAppends']>): string {
  const floor = appends.raw
    ? `; raw better-sqlite3 committing the same rows ${appends.writers} at a time (same durability, no checkpoint in the commits) ${range(appends.raw)} events/s, Concord at ${x(appends.median / appends.raw.median)}`
    : '';
  const warmUp = appends.warmUp ? `; each after an untimed warm-up round in its process, which ran at ${range(appends.warmUp)} events/s` : '';
  return floor + warmUp;
}

function emmettRows(r: BenchResults): TargetRow[] {
  const e = r.emmett;
  const at = e && !isSkipped(e) && e.events !== 100_000 ? n(e.events) : '100k';
  const what = (w: string) => `versus Emmett SQLite at ${at}: ${w}`;
  if (!e || isSkipped(e)) {
    const why = e ? `not measured: ${e.skipped}` : r.kind === 'quick' ? 'in the full run (a quick run adds it with `--emmett`)' : 'not measured in this run';
    return [{ what: what('append, read all, catch-up'), target: '>= 10x, >= 3x, >= 10x', measured: '', verdict: why }];
  }
  // The median of the back-to-back pairs where the run has them; else the ratio of the medians.
  const line = (name: string, ours: Summary, theirs: Summary, pairs: number[] | undefined, min: number, ourName: string): TargetRow => {
    const rates = `Concord ${ourName} ${range(ours)} vs Emmett ${range(theirs)} events/s`;
    if (!pairs || pairs.length === 0) {
      const ratio = ours.median / theirs.median;
      return { what: what(name), target: `>= ${min}x`, measured: `${x(ratio)} (${rates})`, verdict: atLeast(ratio, min) };
    }
    const paired = summarise(pairs);
    const measured = `${x(paired.median)}, median of ${pairs.length} rounds measured back to back (${pairs.map(x).join(', ')}; ${rates})`;
    return { what: what(name), target: `>= ${min}x`, measured, verdict: atLeast(paired.median, min) };
  };
  return [
    line('append (Concord: bulk import)', e.concord.import, e.append, e.paired?.append, 10, 'import'),
    line('read all', e.concord.readAll, e.readAll, e.paired?.readAll, 3, 'read all (validated)'),
    line('catch-up into the same read models', e.concord.catchUp, e.catchUp, e.paired?.catchUp, 10, 'RxJS engine'),
  ];
}

/** The GET figure beside what express alone, and node:http alone, reach serving the same page. */
function floorsNote(h: HttpFigures): string {
  const f = h.floors;
  if (!f) return '';
  const get = h.getTimeline.requestsPerSecond.median;
  const of = (floor: Summary) => `${range(floor)} req/s, Concord at ${x(get / floor.median)}`;
  return `; serving the same ${n(f.pageBytes)}-byte page and nothing else, bare express ${of(f.express.requestsPerSecond)}, bare node:http ${of(f.node.requestsPerSecond)}`;
}

function httpRows(r: BenchResults): TargetRow[] {
  const h = r.http;
  if (!h || isSkipped(h)) {
    const why = h ? `not measured: ${h.skipped}` : 'not measured in this run';
    return [{ what: 'HTTP (autocannon, 50 connections, loopback)', target: 'GET >= 5,000 req/s, p99 <= 25 ms; POST >= 3,000 req/s', measured: '', verdict: why }];
  }
  const failures = (count: number) => (count > 0 ? `; **${n(count)} requests failed** (non-2xx, errors or timeouts)` : '');
  const get = h.getTimeline;
  const post = h.postDevelopments;
  return [
    { what: 'HTTP GET /timeline page of 50 from a random date: throughput', target: '>= 5,000 req/s', measured: `${range(get.requestsPerSecond)} req/s${failures(get.failures)}${floorsNote(h)}`, verdict: get.failures > 0 ? '**missed**: requests failed' : atLeast(get.requestsPerSecond.median, 5_000) },
    { what: 'HTTP GET /timeline page of 50 from a random date: latency', target: 'p99 <= 25 ms', measured: `p50 ${range(get.p50, ms)}, p99 ${range(get.p99, ms)}`, verdict: atMost(get.p99.median, 25) },
    { what: 'HTTP POST /developments, durable', target: '>= 3,000 req/s', measured: `${range(post.requestsPerSecond)} req/s (p50 ${range(post.p50, ms)}, p99 ${range(post.p99, ms)})${failures(post.failures)}`, verdict: post.failures > 0 ? '**missed**: requests failed' : atLeast(post.requestsPerSecond.median, 3_000) },
    ...readsWhileWritingRows(h),
  ];
}

/** The GET and POST loads at once: no target of the issue's, shown so a live server's reads are measured at all. */
function readsWhileWritingRows(h: HttpFigures): TargetRow[] {
  const both = h.readsWhileWriting;
  if (!both) return [];
  const load = (l: HttpFigures['getTimeline']) => `${range(l.requestsPerSecond)} req/s (p50 ${range(l.p50, ms)}, p99 ${range(l.p99, ms)})${l.failures > 0 ? `; **${n(l.failures)} requests failed**` : ''}`;
  return [
    {
      what: 'HTTP GET /timeline pages while POST /developments arrive (both loads at once, 50 connections each)',
      target: 'no target of its own (the 2 cores are shared by both loads and the server)',
      measured: `GET ${load(both.get)}; POST ${load(both.post)}`,
      verdict: both.get.failures + both.post.failures > 0 ? '**failed requests**' : 'measured',
    },
  ];
}

/** The cold start from a read-model snapshot, where measured. */
function snapshotRows(r: BenchResults, atScale: (verdict: string) => string): TargetRow[] {
  const snap = r.snapshotStart;
  if (!snap) return [];
  return [
    {
      what: 'cold start to ready from a read-model snapshot (written after the full cold start), child process; proven equal to a full rebuild',
      target: '<= 2 s at 1M, equal to a full rebuild',
      measured: `${range(snap.ms, seconds)} s (the snapshot read in ${range(snap.loadMs, seconds)} s, then the memory release${snapshotReleaseNote(snap)}), RSS ${range(snap.rssBytes, mebibytes)}; digest ${snap.equalToRebuild ? 'equal to' : 'differs from'} the full rebuild's; the snapshot ${mebibytes(snap.bytes)}, written in ${seconds(snap.writeMs)} s`,
      verdict: snap.equalToRebuild ? atScale(atMost(snap.ms.median, 2000)) : 'missed: differs from a full rebuild',
    },
  ];
}

/** How the memory was given back after a start from the snapshot, where the results say. */
function snapshotReleaseNote(snap: NonNullable<BenchResults['snapshotStart']>): string {
  if (!snap.releaseMs) return '';
  return ` in ${range(snap.releaseMs, seconds)} s${snap.lightRelease ? ', one ordinary collection (the young generation held during the read)' : ''}`;
}

/**
 * The same questions asked of a server's models in a child process of their own: started
 * from the snapshot (a restarted server), and, where measured, the first full cold start's
 * once ready (a server's first start, its models as its own fold left them, before it
 * writes the snapshot; without the live kinds). For each, the entity questions and the
 * worst p99 of the kinds of page asked.
 */
function childQueryRows(r: BenchResults, atScale: (verdict: string) => string): TargetRow[] {
  return [
    ...questionRows(r.coldStartQueries, 'in the child process of the first full cold start, once ready, before it writes its snapshot (a server\'s first start: the layout its own fold left)', atScale),
    ...questionRows(r.snapshotStart?.queries, 'in the child process started from the snapshot, once ready (a restarted server)', atScale),
  ];
}

function questionRows(q: QueryLatencies | undefined, where: string, atScale: (verdict: string) => string): TargetRow[] {
  if (!q) return [];
  const pages: [string, Latency | undefined][] = [
    ['one entity', q.timelinePage],
    ['whole log at a date', q.timelinePageWholeLog],
    ['from a date', q.timelinePageFromDate],
    ['from a date as known at a random position', q.timelinePageFromDateKnownAt],
    ['from a date right after each new development', q.timelinePageAfterWrite],
    ['from a date as known at an early position between live writes', q.timelinePageKnownAtLive],
  ];
  const measured = pages.filter((page): page is [string, Latency] => page[1] !== undefined);
  const worst = Math.max(...measured.map(([, l]) => l.p99));
  return [
    { what: `entity state at a date, ${where}`, target: 'p99 <= 1 ms at 1M', measured: `p50 ${ms(q.entity.p50)}, p99 ${ms(q.entity.p99)}${byCategory(q.entity)}`, verdict: atScale(atMost(q.entity.p99, 1)) },
    { what: `timeline pages of 50, the ${measured.length} kinds above, ${where}`, target: 'p99 <= 2 ms at 1M', measured: measured.map(([what, l]) => `${what} p99 ${ms(l.p99)}${what.includes('live') ? slowest(l) : ''}`).join('; '), verdict: atScale(atMost(worst, 2)) },
  ];
}

/** The cold start's two parts, where measured: the catch-up, and giving its spare memory back. */
function coldStartNote(r: BenchResults): string {
  if (!r.catchUpMs || !r.memoryReleaseMs) return '';
  return ` (catch-up ${range(r.catchUpMs, seconds)} s, then the memory release ${range(r.memoryReleaseMs, seconds)} s)`;
}

/** The resident memory before the release, and the peak (the catch-up's), where measured. */
function releaseNote(r: BenchResults): string {
  if (!r.rssBeforeReleaseBytes || !r.peakRssBytes) return '';
  return `; before the release ${range(r.rssBeforeReleaseBytes, mebibytes)}, peak ${range(r.peakRssBytes, mebibytes)}`;
}

/** What of the RSS is V8's heap: the live objects, and the pages committed for them (runs before these figures have none). */
function heapNote(r: BenchResults): string {
  if (!r.heapUsedBytes || !r.heapTotalBytes) return '';
  return `; of it V8's heap after a full collection: ${range(r.heapUsedBytes, mebibytes)} live, ${range(r.heapTotalBytes, mebibytes)} committed`;
}
