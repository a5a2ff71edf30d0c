import type { DateRange } from '../../events/dates.js';
import { PersistentMap } from './persistent-map.js';

/**
 * Tenures over valid time: memberships, posts and chairs. A tenure keeps every start
 * and end recorded for one holder (sorted by valid date, whatever order they were
 * recorded in, so that backfilled history fits in) and the intervals they pair into.
 */

export interface DatedStart<Detail> {
  readonly on: DateRange;
  /** What the start says about the tenure, e.g. a chair's role. */
  readonly detail: Detail;
}

export interface Interval<Detail> {
  readonly from: DateRange;
  /** Half-open: the end day is no longer covered. */
  readonly until?: DateRange;
  readonly detail: Detail;
}

export interface Tenure<Detail> {
  readonly starts: readonly DatedStart<Detail>[];
  readonly ends: readonly DateRange[];
  readonly intervals: readonly Interval<Detail>[];
}

/** Tenures by holder key (an organisation id, a person id, a person and post). */
export type Tenures<Detail> = PersistentMap<Tenure<Detail>>;

const NO_TENURE: Tenure<never> = { starts: [], ends: [], intervals: [] };

export function emptyTenures<Detail>(): Tenures<Detail> {
  return PersistentMap.empty();
}

export function tenureOf<Detail>(tenures: Tenures<Detail>, key: string): Tenure<Detail> {
  return tenures.get(key) ?? NO_TENURE;
}

export function withStart<Detail>(tenures: Tenures<Detail>, key: string, on: DateRange, detail: Detail): Tenures<Detail> {
  const tenure = tenureOf(tenures, key);
  return replaced(tenures, key, insertByDate(tenure.starts, { on, detail }, (s) => s.on), tenure.ends);
}

export function withEnd<Detail>(tenures: Tenures<Detail>, key: string, on: DateRange): Tenures<Detail> {
  const tenure = tenureOf(tenures, key);
  return replaced(tenures, key, tenure.starts, insertByDate(tenure.ends, on, (e) => e));
}

function replaced<Detail>(
  tenures: Tenures<Detail>,
  key: string,
  starts: readonly DatedStart<Detail>[],
  ends: readonly DateRange[],
): Tenures<Detail> {
  return tenures.set(key, { starts, ends, intervals: pairIntervals(starts, ends) });
}

/** Subtraction would give NaN for two open starts (-Infinity), hence comparisons. */
function compareRanges(a: DateRange, b: DateRange): number {
  if (a.lo !== b.lo) return a.lo < b.lo ? -1 : 1;
  if (a.hi !== b.hi) return a.hi < b.hi ? -1 : 1;
  return 0;
}

/** Inserts after equal dates, so ties keep recording order; usually near the end. */
function insertByDate<T>(items: readonly T[], item: T, dateOf: (t: T) => DateRange): T[] {
  let i = items.length;
  while (i > 0 && compareRanges(dateOf(items[i - 1]!), dateOf(item)) > 0) i--;
  return [...items.slice(0, i), item, ...items.slice(i)];
}

/**
 * Pairs starts and ends, each sorted by valid date, the way the read models do
 * (projections/state/certainty.ts) so that rules and answers agree. Starts are taken
 * oldest first; each pairs with the oldest remaining end not certainly before it. Later
 * starts certainly before that end restate the running interval and merge into it; an
 * end certainly before every start it could close closes nothing.
 */
export function pairIntervals<Detail>(starts: readonly DatedStart<Detail>[], ends: readonly DateRange[]): Interval<Detail>[] {
  const intervals: Interval<Detail>[] = [];
  let e = 0;
  let s = 0;
  while (s < starts.length) {
    const start = starts[s]!;
    while (e < ends.length && ends[e]!.hi < start.on.lo) e++;
    const end = ends[e];
    let next = s + 1;
    while (next < starts.length && (end === undefined || end.lo > starts[next]!.on.hi)) next++;
    intervals.push(end === undefined ? { from: start.on, detail: start.detail } : { from: start.on, until: end, detail: start.detail });
    if (end !== undefined) e++;
    s = next;
  }
  return intervals;
}

/** The interval that certainly covers every day of `on`, if any. */
export function heldThroughout<Detail>(tenure: Tenure<Detail>, on: DateRange): Interval<Detail> | undefined {
  return tenure.intervals.find((i) => i.from.hi <= on.lo && (i.until === undefined || on.hi < i.until.lo));
}

/**
 * The running interval a start dated exactly like one of its recorded starts would only
 * repeat. Such a start is redundant whichever day it names: without an end in between, a
 * tenure cannot start twice. (A start at another date may be an earlier, backfilled
 * start, so only a certain overlap rejects it: see heldThroughout.)
 */
export function restatedBy<Detail>(tenure: Tenure<Detail>, on: DateRange): Interval<Detail> | undefined {
  if (!tenure.starts.some((s) => compareRanges(s.on, on) === 0)) return undefined;
  return tenure.intervals.find((i) => compareRanges(i.from, on) <= 0 && (i.until === undefined || i.until.lo > on.hi));
}

/** How an end dated `on` relates to the tenure's intervals. */
export type EndReading<Detail> =
  | { readonly kind: 'closes'; readonly interval: Interval<Detail> }
  | { readonly kind: 'never-held' }
  | { readonly kind: 'before-start'; readonly interval: Interval<Detail> }
  | { readonly kind: 'not-held' };

/**
 * An end may close an interval unless it is certainly before its start or certainly on
 * or after its recorded end. Closing a closed interval earlier is accepted: it is how a
 * leave and a later return are backfilled into a tenure recorded as one interval.
 */
export function readEnd<Detail>(tenure: Tenure<Detail>, on: DateRange): EndReading<Detail> {
  const { intervals } = tenure;
  const first = intervals[0];
  if (first === undefined) return { kind: 'never-held' };
  const closed = intervals.find((i) => on.hi >= i.from.lo && (i.until === undefined || on.lo < i.until.hi));
  if (closed) return { kind: 'closes', interval: closed };
  return on.hi < first.from.lo ? { kind: 'before-start', interval: first } : { kind: 'not-held' };
}

/** Every recorded start and end of every holder, e.g. to check them against a dissolution. */
export function* datedFacts<Detail>(tenures: Tenures<Detail>): Generator<{ key: string; kind: 'start' | 'end'; on: DateRange }> {
  for (const [key, tenure] of tenures) {
    for (const start of tenure.starts) yield { key, kind: 'start', on: start.on };
    for (const end of tenure.ends) yield { key, kind: 'end', on: end };
  }
}

/** Intervals as date texts, for error contexts. */
export function describeIntervals(tenure: Tenure<unknown>): { from: string; until?: string }[] {
  return tenure.intervals.map((i) => (i.until ? { from: i.from.text, until: i.until.text } : { from: i.from.text }));
}
