import { bothHold, holdsOn, type DateRange, type HappenedStatus } from '../../events/dates.js';
import type { Certainty } from '../views.js';
import { compareBigints } from './ordering.js';
import { itemAt, itemsOf, sizeOf, withItem, type TightList } from './tight-list.js';
import { compareRanges } from './valid-dates.js';
import { NO_DAY } from './version.js';

/**
 * The one place where facts over valid time are paired into intervals and judged on a
 * day. Every relation of the read model (posts, memberships, chairs, existence of
 * groups and agreements) goes through these functions so the rules stay in one place:
 * a start on an unknown day of [lo, hi] holds certainly from hi, possibly from lo; an
 * end is half-open (the end day is no longer covered).
 */

/**
 * The recorded-time life of one version of a fact: known from log position `since` (the
 * development itself, or the correction that produced this version) until `until` (the
 * correction or retraction that replaced it), so one model answers for every position.
 */
export interface RecordedLife {
  readonly since: bigint;
  until: bigint | undefined;
}

export interface Versioned extends RecordedLife {
  /** The development this is a version of: its event id's index in the amendments' EventIds. */
  readonly eventIndex: number;
}

/** Whether a version is part of the answer as known at `position` (undefined: the head). */
export function knownAt(fact: RecordedLife, position: bigint | undefined): boolean {
  if (position === undefined) return fact.until === undefined;
  return fact.since <= position && (fact.until === undefined || fact.until > position);
}

/** What one event recorded, with its parsed valid date and its log position. */
export interface DatedFact<T> extends Versioned {
  readonly data: T;
  readonly date: DateRange;
  /** The development's own position: breaks ties between identical dates, so answers stay deterministic. */
  readonly position: bigint;
}

/**
 * What a holder of versioned facts keeps about them (derived from the facts, so left out
 * of the read-model digest): the latest `since` among them, and how many a later version
 * replaced. With these a view need not visit each fact to know the holder is whole as
 * known at a position (see wholeAt): at a million events each visit is a cache miss.
 */
export interface VersionSummary {
  latestSince?: bigint;
  replacedFacts?: number;
}

/**
 * The start and end events of one relation between the same parties (e.g. a post).
 * Read-only here: facts are added with addStart/addEnd, which keep pairEpisodes' cache right.
 */
export interface Tenure<S, E> extends VersionSummary {
  /** Stored tightly (see TightList): most tenures have one start and at most one end. */
  readonly starts: TightList<DatedFact<S>>;
  readonly ends: TightList<DatedFact<E>>;
  /**
   * Kept on the tenures EntityHistory stores, like the version summary: the paired
   * episodes, so a view reading a group's every membership needs no side table for them.
   */
  episodes?: readonly Episode<S, E>[] | undefined;
  /** The days any of its episodes can hold on, [reachLo, reachHi) (see setReach); absent on copies, which then pass over nothing. */
  reachLo?: number;
  reachHi?: number;
}

export interface Episode<S, E> {
  readonly start: DatedFact<S>;
  readonly end: DatedFact<E> | undefined;
}

export function compareFacts(a: DatedFact<unknown>, b: DatedFact<unknown>): number {
  return compareRanges(a.date, b.date) || compareBigints(a.position, b.position);
}

/**
 * Facts in valid-time order, sorted once per list and reused while it does not grow (a
 * list grows into a new array, see withItem; a version's `until` does not move it). A name on a day is
 * asked for every member of a group: sorting the renames each time showed in query p99s.
 */
const sortedLists = new WeakMap<readonly DatedFact<unknown>[], { readonly length: number; readonly sorted: readonly DatedFact<unknown>[] }>();

export function inDateOrder<F extends DatedFact<unknown>>(facts: readonly F[]): readonly F[] {
  if (facts.length < 2) return facts;
  const cached = sortedLists.get(facts);
  if (cached !== undefined && cached.length === facts.length) return cached.sorted as readonly F[];
  const sorted = [...facts].sort(compareFacts);
  sortedLists.set(facts, { length: facts.length, sorted });
  return sorted;
}

export function certaintyOf(status: HappenedStatus): Certainty | undefined {
  return status === 'absent' ? undefined : status;
}

/** Holds from `start` until the first of any number of ends (each may or may not have happened). */
export function holdsUntilAny(start: DateRange, ends: readonly DateRange[], day: number): HappenedStatus {
  let status = holdsOn(start, undefined, day);
  for (const end of ends) {
    if (status === 'absent') break;
    status = bothHold(status, holdsOn(start, end, day));
  }
  return status;
}

export function addStart<S, E>(tenure: Tenure<S, E>, fact: DatedFact<S>): void {
  (tenure as { starts: TightList<DatedFact<S>> }).starts = withItem(tenure.starts, fact);
  tenure.episodes = undefined;
  setReach(tenure);
  factAdded(tenure, fact);
}

export function addEnd<S, E>(tenure: Tenure<S, E>, fact: DatedFact<E>): void {
  (tenure as { ends: TightList<DatedFact<E>> }).ends = withItem(tenure.ends, fact);
  tenure.episodes = undefined;
  setReach(tenure);
  factAdded(tenure, fact);
}

/** Past every real day (as NO_DAY is before them): a reach with no end, or the reach of a tenure with no start yet. */
export const NO_END_DAY = 2 ** 30;

/**
 * Sets the days on which any episode of the tenure can hold: from its earliest start's
 * first possible day, until its end's last possible day when it has one start and one end
 * (paired as pairEpisodes pairs them), else without end. A group's view asks every
 * membership of the group (some 180 at 1M, about half holding nothing on the asked day):
 * with the reach on the tenure itself it passes over those without following pointers to
 * their episodes, facts and dates, a cache miss each. Small integers, so V8 keeps them in
 * the tenure unboxed.
 */
function setReach<S, E>(tenure: Tenure<S, E>): void {
  let lo = NO_END_DAY;
  for (let i = 0; i < sizeOf(tenure.starts); i++) lo = Math.min(lo, Math.max(itemAt(tenure.starts, i)!.date.lo, NO_DAY));
  let hi = NO_END_DAY;
  if (sizeOf(tenure.starts) === 1 && sizeOf(tenure.ends) === 1) {
    const start = itemAt(tenure.starts, 0)!;
    const end = itemAt(tenure.ends, 0)!;
    if (!(end.date.hi < start.date.lo)) hi = Math.min(end.date.hi, NO_END_DAY);
  }
  tenure.reachLo = lo;
  tenure.reachHi = hi;
}

/** A fact was added to the holder (a tenure, an organisation's renames). */
export function factAdded(holder: VersionSummary, fact: Versioned): void {
  if (holder.latestSince === undefined || fact.since > holder.latestSince) holder.latestSince = fact.since;
}

/** One of the holder's facts was replaced by a later version (its `until` was set). */
export function factReplaced(holder: VersionSummary): void {
  holder.replacedFacts = (holder.replacedFacts ?? 0) + 1;
}

/** Whether every fact of a stored holder is known at `position` (undefined: the head), without visiting them. */
export function wholeAt(holder: VersionSummary, position: bigint | undefined): boolean {
  return holder.replacedFacts === 0 && holder.latestSince !== undefined && (position === undefined || holder.latestSince <= position);
}

/**
 * Pairs starts and ends into episodes by valid date, whatever order they were recorded
 * in (backfill): see pairInDateOrder. Cached on the tenure, so answering for every
 * entity on a day (state) does not re-sort every relation's history; addStart/addEnd
 * clear it.
 */
export function pairEpisodes<S, E>(tenure: Tenure<S, E>): readonly Episode<S, E>[] {
  if (tenure.episodes !== undefined) return tenure.episodes;
  if (sizeOf(tenure.starts) === 1 && sizeOf(tenure.ends) <= 1) {
    // Most tenures: one start and at most one end, paired as pairInDateOrder pairs them,
    // without its two sorted copies (a group's first view pairs 150 memberships).
    const start = itemAt(tenure.starts, 0)!;
    const end = itemAt(tenure.ends, 0);
    return (tenure.episodes = [{ start, end: end !== undefined && !(end.date.hi < start.date.lo) ? end : undefined }]);
  }
  return (tenure.episodes = pairInDateOrder(itemsOf(tenure.starts), itemsOf(tenure.ends)));
}

/**
 * The pairing rule. Starts are taken oldest first; each pairs with the oldest remaining
 * end that is not certainly before it. A start that certainly precedes the next start's
 * candidate end without an end of its own is a restatement of the running episode and
 * merges into it; an end that certainly precedes every start it could close is ignored.
 */
export function pairInDateOrder<S, E>(startFacts: readonly DatedFact<S>[], endFacts: readonly DatedFact<E>[]): Episode<S, E>[] {
  const starts = [...startFacts].sort(compareFacts);
  const ends = [...endFacts].sort(compareFacts);
  const episodes: Episode<S, E>[] = [];
  let e = 0;
  let s = 0;
  while (s < starts.length) {
    const start = starts[s]!;
    while (e < ends.length && ends[e]!.date.hi < start.date.lo) e++;
    const end = ends[e];
    let next = s + 1;
    while (next < starts.length && (end === undefined || end.date.lo > starts[next]!.date.hi)) next++;
    episodes.push({ start, end });
    if (end !== undefined) e++;
    s = next;
  }
  return episodes;
}

/**
 * The episodes of a relation that hold on `day`, each with its certainty, further
 * conditioned on `context` (e.g. the group existing: a member is one only while the
 * group exists, and a dissolution ends every membership that day).
 */
export function episodesHolding<S, E>(
  tenure: Tenure<S, E>,
  day: number,
  context: HappenedStatus = 'certain',
): readonly { episode: Episode<S, E>; certainty: Certainty }[] {
  if (context === 'absent') return NOTHING_HOLDS;
  // Outside the reach no episode holds: holdsOn is absent before a start's first possible day and from an end's last.
  const { reachLo, reachHi } = tenure;
  if (reachLo !== undefined && (day < reachLo || day >= reachHi!)) return NOTHING_HOLDS;
  // Made on the first episode that holds: a group's view asks each of its members' tenures, and about half hold nothing on a day.
  let holding: { episode: Episode<S, E>; certainty: Certainty }[] | undefined;
  for (const episode of pairEpisodes(tenure)) {
    const certainty = certaintyOf(bothHold(holdsOn(episode.start.date, episode.end?.date, day), context));
    if (certainty) (holding ??= []).push({ episode, certainty });
  }
  return holding ?? NOTHING_HOLDS;
}

const NOTHING_HOLDS: readonly never[] = Object.freeze([]);
