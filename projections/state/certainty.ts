import { bothHold, holdsOn, type DateRange, type HappenedStatus } from '../../events/dates.js';
import type { Certainty } from '../views.js';
import { itemAt, itemsOf, sizeOf, type TightList } from './tight-list.js';
import { compareRanges } from './valid-dates.js';

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
  readonly since: number;
  readonly until: number | undefined;
}

export interface Versioned extends RecordedLife {
  /** The development this is a version of: its event id's index in the amendments' EventIds. */
  readonly eventIndex: number;
}

/** Whether a version is part of the answer as known at `position` (undefined: the head). */
export function knownAt(fact: RecordedLife, position: number | undefined): boolean {
  if (position === undefined) return fact.until === undefined;
  return fact.since <= position && (fact.until === undefined || fact.until > position);
}

/** What one event recorded, with its parsed valid date and its log position. */
export interface DatedFact<T> extends Versioned {
  readonly data: T;
  readonly date: DateRange;
  /** The development's own position: breaks ties between identical dates, so answers stay deterministic. */
  readonly position: number;
}

/**
 * The start and end events of one relation between the same parties (e.g. a post).
 * Read-only here: facts are added with addStart/addEnd, which keep pairEpisodes' cache right.
 */
export interface Tenure<S, E> {
  readonly starts: TightList<DatedFact<S>>;
  readonly ends: TightList<DatedFact<E>>;
  /** The paired episodes, made on the first question that pairs them (see pairEpisodes). */
  episodes?: readonly Episode<S, E>[] | undefined;
  /** The days any of its episodes can hold on, [reachLo, reachHi) (see StoredTenure); absent where some version is hidden, and then nothing is passed over. */
  reachLo?: number | undefined;
  reachHi?: number | undefined;
}

export interface Episode<S, E> {
  readonly start: DatedFact<S>;
  readonly end: DatedFact<E> | undefined;
}

export function compareFacts(a: DatedFact<unknown>, b: DatedFact<unknown>): number {
  return compareRanges(a.date, b.date) || a.position - b.position;
}

/**
 * Facts in valid-time order. The lists come from one question (see history-at.ts) and are
 * mostly of one fact (an agreement's endings, a group's dissolutions), so nothing is kept
 * between questions; the renames a name is read from are kept in that order when filed.
 */
export function inDateOrder<F extends DatedFact<unknown>>(facts: readonly F[]): readonly F[] {
  return facts.length < 2 ? facts : [...facts].sort(compareFacts);
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

/** Past every real day (as NO_DAY is before them): a reach with no end, or the reach of a tenure with no start yet. */
export const NO_END_DAY = 2 ** 30;

/**
 * Pairs starts and ends into episodes by valid date, whatever order they were recorded
 * in (backfill): see pairInDateOrder. Kept on the tenure read (see facts-at.ts), whose
 * starts and ends are read once here: each read of them makes their facts anew.
 */
export function pairEpisodes<S, E>(tenure: Tenure<S, E>): readonly Episode<S, E>[] {
  if (tenure.episodes !== undefined) return tenure.episodes;
  const starts = tenure.starts;
  const ends = tenure.ends;
  if (sizeOf(starts) === 1 && sizeOf(ends) <= 1) {
    // Most tenures: one start and at most one end, paired as pairInDateOrder pairs them,
    // without its two sorted copies (a group's first view pairs 150 memberships).
    const start = itemAt(starts, 0)!;
    const end = itemAt(ends, 0);
    return (tenure.episodes = [{ start, end: end !== undefined && !(end.date.hi < start.date.lo) ? end : undefined }]);
  }
  return (tenure.episodes = pairInDateOrder(itemsOf(starts), itemsOf(ends)));
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
