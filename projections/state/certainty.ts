import { bothHold, holdsOn, type DateRange, type HappenedStatus } from '../../events/dates.js';
import type { Certainty } from '../views.js';
import { itemAt, itemsOf, NO_ITEMS, sizeOf, type TightList } from './tight-list.js';
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

/**
 * Holds from `start` until the first of any number of ends (each may or may not have
 * happened): `ends` as dates, and `endFacts` as the facts whose dates they are (a group's
 * dissolutions, an agreement's endings), read in place rather than copied into a list of
 * dates for each question.
 */
export function holdsUntilAny(start: DateRange, ends: readonly DateRange[], day: number, endFacts: readonly { readonly date: DateRange }[] = NO_ITEMS): HappenedStatus {
  let status = holdsOn(start, undefined, day);
  for (let i = 0; i < ends.length && status !== 'absent'; i++) status = bothHold(status, holdsOn(start, ends[i]!, day));
  for (let i = 0; i < endFacts.length && status !== 'absent'; i++) status = bothHold(status, holdsOn(start, endFacts[i]!.date, day));
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
    return (tenure.episodes = [{ start, end: endOfSingle(start, itemAt(ends, 0)) }]);
  }
  return (tenure.episodes = pairInDateOrder(itemsOf(starts), itemsOf(ends)));
}

/** A tenure's only end, if it closes its only start (as pairInDateOrder pairs them): an end certainly before the start is ignored. */
function endOfSingle<S, E>(start: DatedFact<S>, end: DatedFact<E> | undefined): DatedFact<E> | undefined {
  return end !== undefined && !(end.date.hi < start.date.lo) ? end : undefined;
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

/** What forEachEpisodeHolding hands each episode that holds, with the tenure it was asked of. */
export type EpisodeVisitor<T, S, E> = (tenure: T, start: DatedFact<S>, end: DatedFact<E> | undefined, certainty: Certainty) => void;

/**
 * Visits the episodes of a relation that hold on `day`, each with its certainty, further
 * conditioned on `context` (e.g. the group existing: a member is one only while the
 * group exists, and a dissolution ends every membership that day).
 *
 * A visitor rather than a list: a group's view asks each of its members' tenures (some
 * 180 at 1M), and the arrays, episode and answer objects of a list were a sixth of what
 * the view allocated; what a question allocates sets how often the young generation is
 * collected under the questions (see FactAt). A tenure of one start and at most one end
 * (most of them) is judged without pairing it.
 */
export function forEachEpisodeHolding<T extends Tenure<S, E>, S, E>(tenure: T, day: number, context: HappenedStatus, visit: EpisodeVisitor<T, S, E>): void {
  if (context === 'absent') return;
  // Outside the reach no episode holds: holdsOn is absent before a start's first possible day and from an end's last.
  const reachLo = tenure.reachLo;
  if (reachLo !== undefined && (day < reachLo || day >= tenure.reachHi!)) return;
  visitEpisodes(tenure, day, context, visit);
}

/** Visits every episode of a tenure, whatever the day (a meeting's chairs): as forEachEpisodeHolding, each 'certain'. */
export function forEachEpisode<T extends Tenure<S, E>, S, E>(tenure: T, visit: EpisodeVisitor<T, S, E>): void {
  visitEpisodes(tenure, undefined, 'certain', visit);
}

/** The episodes holding on `day` (every one where undefined), a tenure of one start and at most one end (most of them) judged without pairing it. */
function visitEpisodes<T extends Tenure<S, E>, S, E>(tenure: T, day: number | undefined, context: HappenedStatus, visit: EpisodeVisitor<T, S, E>): void {
  if (tenure.episodes === undefined) {
    const starts = tenure.starts;
    if (sizeOf(starts) === 1) {
      const ends = tenure.ends;
      if (sizeOf(ends) <= 1) {
        const start = itemAt(starts, 0)!;
        visitHolding(tenure, start, endOfSingle(start, itemAt(ends, 0)), day, context, visit);
        return;
      }
    }
  }
  const episodes = pairEpisodes(tenure);
  for (let i = 0; i < episodes.length; i++) visitHolding(tenure, episodes[i]!.start, episodes[i]!.end, day, context, visit);
}

function visitHolding<T extends Tenure<S, E>, S, E>(tenure: T, start: DatedFact<S>, end: DatedFact<E> | undefined, day: number | undefined, context: HappenedStatus, visit: EpisodeVisitor<T, S, E>): void {
  const certainty = day === undefined ? certaintyOf(context) : certaintyOf(bothHold(holdsOn(start.date, end?.date, day), context));
  if (certainty) visit(tenure, start, end, certainty);
}

/** The episodes forEachEpisodeHolding visits, as a list (for readers that want one; the views visit). */
export function episodesHolding<S, E>(tenure: Tenure<S, E>, day: number, context: HappenedStatus = 'certain'): readonly { episode: Episode<S, E>; certainty: Certainty }[] {
  const holding: { episode: Episode<S, E>; certainty: Certainty }[] = [];
  forEachEpisodeHolding<Tenure<S, E>, S, E>(tenure, day, context, (_tenure, start, end, certainty) => holding.push({ episode: { start, end }, certainty }));
  return holding;
}
