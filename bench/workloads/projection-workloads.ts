import { randomUUID } from 'node:crypto';
import { dayFromParts, isoDay } from '../../events/dates.js';
import { definitionOf } from '../../events/catalogue.js';
import { decodeEvent, type ConcordEvent } from '../../events/decode-event.js';
import { streamOf, type EntityRef } from '../../events/identifiers.js';
import { startProjections } from '../../projections/engine.js';
import { ReadModels } from '../../projections/read-models.js';
import { SqliteEventStore } from '../../src/store/sqlite-event-store.js';
import { Prng } from '../prng.js';
import { percentile, perSecond, timed } from '../measure.js';
import { pages } from './store-workloads.js';

/** Catch-up from the SQLite store into every read model through the RxJS engine. */
export async function measureRxjsCatchUp(path: string, events: number): Promise<{ perSecond: number; models: ReadModels }> {
  const store = SqliteEventStore.open(path);
  const models = new ReadModels();
  const runner = startProjections(store, models);
  const { ms } = await timed(() => runner.ready);
  await runner.stop();
  await store.close();
  return { perSecond: perSecond(events, ms), models };
}

/** The same reads, decoding and reducers in a plain for loop: the engine's overhead is the difference. */
export async function measurePlainLoopCatchUp(path: string, events: number): Promise<number> {
  const store = SqliteEventStore.open(path);
  const models = new ReadModels();
  const { ms } = await timed(async () => {
    for await (const page of pages(store)) for (const e of page) models.apply(decodeEvent(e));
    // What the engine does when a catch-up ends (sorts the timeline and the indexes, compacts lists): so does the loop.
    for (const projection of models.projections) projection.caughtUp();
  });
  await store.close();
  return perSecond(events, ms);
}

export interface Latency {
  readonly p50: number;
  readonly p99: number;
  readonly samples: number;
  /** The slowest (runs before 2026-12-01 07:28 have none). */
  readonly max?: number;
  /** The same, per label a query gave (the entity questions: per category). */
  readonly byLabel?: Readonly<Record<string, Latency>>;
}

function latencyOf(ms: number[]): Latency {
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p99: percentile(ms, 99), max: ms.at(-1) ?? Number.NaN, samples: ms.length };
}

/** `before` runs untimed ahead of each timed query; a query that returns a label is also counted under it. */
function latencies(samples: number, query: (i: number) => string | void, before?: (i: number) => void): Latency {
  const ms: number[] = [];
  const labelled = new Map<string, number[]>();
  for (let i = 0; i < samples; i++) {
    before?.(i);
    const start = process.hrtime.bigint();
    const label = query(i);
    const took = Number(process.hrtime.bigint() - start) / 1e6;
    ms.push(took);
    if (label === undefined) continue;
    const times = labelled.get(label);
    if (times === undefined) labelled.set(label, [took]);
    else times.push(took);
  }
  const all = latencyOf(ms);
  return labelled.size === 0 ? all : { ...all, byLabel: Object.fromEntries([...labelled].map(([label, times]) => [label, latencyOf(times)])) };
}

/** Random entities of the generated history (see history-generator.ts for the ids). */
function randomRef(rnd: Prng, events: number): EntityRef {
  const r = rnd.next();
  if (r < 0.4) return { category: 'group', id: `group-${rnd.int(0, Math.round(events / 500) - 1)}` };
  if (r < 0.7) return { category: 'organisation', id: `org-${rnd.int(0, Math.round(events / 200) - 1)}` };
  return { category: 'person', id: `person-${rnd.int(0, Math.round(events / 50) - 1)}` };
}

export interface QueryLatencies {
  entity: Latency;
  /** A page of one entity's timeline at a date. */
  timelinePage: Latency;
  /** A page of the whole log's timeline at a date: what `GET /timeline?at=<day>&limit=50` asks (the oldest items known by then). */
  timelinePageWholeLog?: Latency;
  /** The page of the whole log's timeline from a date: what `GET /timeline?from=<day>&limit=50` asks (the HTTP load). */
  timelinePageFromDate?: Latency;
  /** The same page as known at a random log position: `GET /timeline?from=<day>&knownAtPosition=<p>&limit=50` (time travel). */
  timelinePageFromDateKnownAt?: Latency;
  /** The page from a date read right after each of a run of new developments is applied (a live server; the read, not the apply, is timed). */
  timelinePageAfterWrite?: Latency;
  /**
   * The page from a date as known at an early log position, read after every LIVE_READ_EVERY
   * of LIVE_WRITES more new developments: across the moments a live timeline folds its
   * newest entries into its long sorted run (every ~2·sqrt(n) additions), which the
   * first page after each pays for (see BlockMaxima.carry).
   */
  timelinePageKnownAtLive?: Latency;
}

/** New developments applied in the live time-travel measurement, and how many apart its pages are read (see timelinePageKnownAtLive). */
const LIVE_WRITES = 6_000;
export const LIVE_READ_EVERY = 10;

/** Untimed entity questions before the timed ones (see measureQueries). */
export const ENTITY_WARM_UP = 500;

/** `live: false` leaves out the two kinds that apply new developments (the models are left as they were). */
export function measureQueries(models: ReadModels, events: number, samples = 5000, { live = true }: { live?: boolean } = {}): QueryLatencies {
  const rnd = new Prng(7);
  const day = () => dayFromParts(rnd.int(1995, 2025), rnd.int(1, 12), rnd.int(1, 28));
  // Warm-up so the first lazy sorts are not counted as query cost.
  models.timeline({ limit: 50 });
  // And untimed entity questions first: V8 optimises the views' code over the first few
  // hundred (at 1M, 2026-11-29: p99 5.8 ms over the first 500 questions, 1.3-1.8 ms over
  // each 500 after), and a server answers all but its first questions with optimised code.
  // On entities drawn by a generator of their own: the timed ones are still mostly first visits.
  const warmUp = new Prng(11);
  for (let i = 0; i < ENTITY_WARM_UP; i++) models.entity(randomRef(warmUp, events), dayFromParts(warmUp.int(1995, 2025), warmUp.int(1, 12), warmUp.int(1, 28)));
  const entity = latencies(samples, () => {
    const ref = randomRef(rnd, events);
    models.entity(ref, day());
    return ref.category;
  });
  const timelinePage = latencies(samples, () => {
    const d = day();
    const to = { text: '', lo: d, hi: d, precision: 'day' as const };
    models.timeline({ entity: randomRef(rnd, events), to, limit: 50 });
  });
  const timelinePageWholeLog = latencies(Math.min(samples, 1000), () => {
    const d = day();
    models.timeline({ to: { text: '', lo: d, hi: d, precision: 'day' as const }, limit: 50 });
  });
  const timelinePageFromDate = latencies(samples, () => {
    const d = day();
    models.timeline({ from: { text: '', lo: d, hi: d, precision: 'day' as const }, limit: 50 });
  });
  const timelinePageFromDateKnownAt = latencies(samples, () => {
    const d = day();
    models.timeline({ from: { text: '', lo: d, hi: d, precision: 'day' as const }, limit: 50, maxPosition: BigInt(rnd.int(1, events)) });
  });
  if (!live) return { entity, timelinePage, timelinePageWholeLog, timelinePageFromDate, timelinePageFromDateKnownAt };
  // Last: it adds developments to the models.
  const writes = liveDevelopments(rnd, models.recordedTime.head() ?? 0n, events, Math.min(samples, 2000));
  const timelinePageAfterWrite = latencies(writes.length, () => {
    const d = day();
    models.timeline({ from: { text: '', lo: d, hi: d, precision: 'day' as const }, limit: 50 });
  }, (i) => models.apply(writes[i]!));
  const more = liveDevelopments(rnd, models.recordedTime.head() ?? 0n, events, LIVE_WRITES, writes.length);
  const early = Math.max(1, Math.round(events / 20));
  const timelinePageKnownAtLive = latencies(LIVE_WRITES / LIVE_READ_EVERY, () => {
    const d = day();
    models.timeline({ from: { text: '', lo: d, hi: d, precision: 'day' as const }, limit: 50, maxPosition: BigInt(rnd.int(1, early)) });
  }, (i) => {
    for (let k = i * LIVE_READ_EVERY; k < (i + 1) * LIVE_READ_EVERY; k++) models.apply(more[k]!);
  });
  return { entity, timelinePage, timelinePageWholeLog, timelinePageFromDate, timelinePageFromDateKnownAt, timelinePageAfterWrite, timelinePageKnownAtLive };
}

/**
 * Developments continuing the log from `head`, as the store would hand them out: new
 * organisations joining existing groups on random days (so most are backfilled into the
 * timeline's middle), each decoded and validated like any stored event.
 */
function liveDevelopments(rnd: Prng, head: bigint, events: number, count: number, firstOrganisation = 0): ConcordEvent[] {
  return Array.from({ length: count }, (_, i) => {
    const on = isoDay(dayFromParts(rnd.int(1995, 2025), rnd.int(1, 12), rnd.int(1, 28)));
    const data = { groupId: `group-${rnd.int(0, Math.round(events / 500) - 1)}`, organisationId: `live-org-${firstOrganisation + i}`, on };
    return decodeEvent({
      eventId: randomUUID(),
      stream: streamOf(definitionOf('MemberJoined')!.subject(data)),
      revision: 0,
      position: head + BigInt(i + 1),
      type: 'MemberJoined',
      data,
      metadata: { recordedAt: new Date().toISOString(), recordedBy: 'bench', correlationId: `live-${firstOrganisation + i}`, causationId: null, schemaVersion: 1 },
    });
  });
}
