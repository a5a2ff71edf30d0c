import { EarliestKnownBlocks } from './earliest-known-blocks.js';
import { LatestDayBlocks } from './latest-day-blocks.js';
import { LazilySortedEntries } from './state/lazily-sorted-entries.js';
import { type RunCarrier, type RunCarriers, type SortedRuns } from './state/two-sorted-runs.js';
import { compareEntries, firstAfter, firstAtOrAfter, mergeEntriesByKey, scan, type SortKey, type WholeLogKeys } from './state/timeline-sort-keys.js';

/** Items longer than this many days are kept in the long list too (see fromDay). */
const SHORT_SPAN = 400;

function isLong<E>(keys: WholeLogKeys<E>, entry: E): boolean {
  const date = keys.date(entry);
  return date !== undefined && (date.precision === 'open-start' || date.hi - date.lo > SHORT_SPAN);
}

/** The block indexes of one run of each list (their numbers are kept per array, see BlockMaxima). */
export class RunIndexes<E> {
  /** Where the long items that reach a day are (see fromDay). */
  readonly longReach: LatestDayBlocks<E>;
  /** Where the items known at an earlier log position are, in each list (see EarliestKnownBlocks). */
  readonly allKnown: EarliestKnownBlocks<E>;
  readonly longKnown: EarliestKnownBlocks<E>;

  constructor(keys: WholeLogKeys<E>) {
    this.longReach = new LatestDayBlocks(keys);
    this.allKnown = new EarliestKnownBlocks(keys);
    this.longKnown = new EarliestKnownBlocks(keys);
  }
}

/** A whole-log list whose runs' block indexes follow each run as it is replaced (see BlockMaxima.carry). */
export class IndexedSortedEntries<E> extends LazilySortedEntries<E> {
  constructor(
    keys: WholeLogKeys<E>,
    private readonly indexes: RunCarriers<E>,
  ) {
    super(keys);
  }

  protected override carriersOf(run: keyof SortedRuns<E>): readonly RunCarrier<E>[] {
    return this.indexes[run];
  }
}

/**
 * The whole timeline in order, and the walks a page of it takes: from a valid day on, or
 * from a key on, as known at a log position. Every item is in `all`; the long ones
 * (longer intervals, open starts) are kept in `long` too, so a walk from a day need not
 * pass over every short item before it. Each list is two sorted runs (see SortedRuns):
 * each walk goes over both, with block indexes of their own, and merges them. The items'
 * keys, dates and known positions are read through `keys` (the versions' table).
 */
export class WholeLogLists<E> {
  private readonly base: RunIndexes<E>;
  private readonly recent: RunIndexes<E>;
  private readonly all: IndexedSortedEntries<E>;
  private readonly long: IndexedSortedEntries<E>;

  constructor(private readonly keys: WholeLogKeys<E>) {
    this.base = new RunIndexes(keys);
    this.recent = new RunIndexes(keys);
    this.all = new IndexedSortedEntries(keys, { base: [this.base.allKnown], recent: [this.recent.allKnown] });
    this.long = new IndexedSortedEntries(keys, { base: [this.base.longKnown, this.base.longReach], recent: [this.recent.longKnown, this.recent.longReach] });
  }

  add(entry: E): void {
    this.all.add(entry);
    if (isLong(this.keys, entry)) this.long.add(entry);
  }

  /** The lists the entry is in (to change its key, see LazilySortedEntries.takeOut). */
  listsOf(entry: E): LazilySortedEntries<E>[] {
    return isLong(this.keys, entry) ? [this.all, this.long] : [this.all];
  }

  /** Every item in timeline order (one array: a copy of the whole list if items were added since the last). */
  view(): readonly E[] {
    this.long.view();
    return this.all.view();
  }

  /**
   * Computes the block indexes of both lists' base runs (see BlockMaxima.prepare), which a
   * walk would otherwise compute as it first reaches each block: at a million events the
   * first 2,000 pages from a random day as known at a random position took p99 2.5 ms, the
   * next 2,000 0.7-0.9 ms. About half a second after a catch-up of a million events (see
   * EarliestKnownBlocks.measure), where the first page to need them took 1 s; a snapshot
   * keeps them.
   */
  prepare(): void {
    const all = this.all.runs();
    const long = this.long.runs();
    this.base.allKnown.prepare(all.base);
    this.base.longKnown.prepare(long.base);
    this.base.longReach.prepare(long.base);
  }

  /** From the first item at or after `atOrAfter` and after `after` on, passing over blocks recorded wholly after `maxPosition`. */
  from(atOrAfter: SortKey | undefined, after: SortKey | undefined, maxPosition: number | undefined): Generator<E> {
    const { keys } = this;
    const { base, recent } = this.all.runs();
    const walk = fromKey(keys, base, this.base.allKnown, atOrAfter, after, maxPosition);
    return recent.length === 0 ? walk : mergeEntriesByKey(keys, walk, fromKey(keys, recent, this.recent.allKnown, atOrAfter, after, maxPosition));
  }

  /**
   * The whole timeline from a valid day on, without scanning what ends before it: short
   * items (a day, a month, a year, a short interval) cannot overlap the day unless they
   * start at most SHORT_SPAN days before it, so their list is entered by binary search;
   * long items are few and kept apart, and the two are merged in timeline order. With
   * `maxPosition`, items recorded after it are passed over by blocks where they can be.
   */
  fromDay(fromDay: number, after: SortKey | undefined, maxPosition: number | undefined): Generator<E> {
    const { keys } = this;
    const all = this.all.runs();
    const long = this.long.runs();
    const walk = fromDayIn(keys, all.base, long.base, this.base, fromDay, after, maxPosition);
    // The two lists fold their runs at different moments: either may have a recent run alone.
    return all.recent.length === 0 && long.recent.length === 0 ? walk : mergeEntriesByKey(keys, walk, fromDayIn(keys, all.recent, long.recent, this.recent, fromDay, after, maxPosition));
  }
}

function* fromKey<E>(keys: WholeLogKeys<E>, all: readonly E[], known: EarliestKnownBlocks<E>, atOrAfter: SortKey | undefined, after: SortKey | undefined, maxPosition: number | undefined): Generator<E> {
  const start = Math.max(atOrAfter ? firstAtOrAfter(keys, all, atOrAfter) : 0, after ? firstAfter(keys, all, after) : 0);
  if (maxPosition === undefined) return yield* scan(all, start);
  for (let i = known.nextKnownBy(all, start, maxPosition); i < all.length; i = known.nextKnownBy(all, i + 1, maxPosition)) yield all[i]!;
}

/** fromDay over one run of each list. */
function* fromDayIn<E>(keys: WholeLogKeys<E>, all: readonly E[], long: readonly E[], indexes: RunIndexes<E>, fromDay: number, after: SortKey | undefined, maxPosition: number | undefined): Generator<E> {
  let i = firstAtOrAfter(keys, all, { lo: fromDay - SHORT_SPAN, hi: Number.NEGATIVE_INFINITY, position: -1n, seq: -1 });
  if (after) i = Math.max(i, firstAfter(keys, all, after));
  let j = after ? firstAfter(keys, long, after) : 0;
  for (;;) {
    i = nextShortKnown(keys, all, i, indexes.allKnown, maxPosition);
    j = nextLongReaching(long, j, indexes, fromDay, maxPosition);
    // Bounds checked rather than read past the end: V8 deoptimised the walk the first time
    // a run ended inside a page, as the short recent run of a live timeline does
    // (--trace-deopt, pages read after live writes from a snapshot at 1M).
    const a = i < all.length ? all[i] : undefined;
    const b = j < long.length ? long[j] : undefined;
    if (a === undefined && b === undefined) return;
    if (b === undefined || (a !== undefined && compareEntries(keys, a, b) <= 0)) {
      yield a!;
      i++;
    } else {
      yield b;
      j++;
    }
  }
}

/** From `i` on, the next short item that may be known at `maxPosition` (undefined: the head). */
function nextShortKnown<E>(keys: WholeLogKeys<E>, all: readonly E[], i: number, known: EarliestKnownBlocks<E>, maxPosition: number | undefined): number {
  for (;;) {
    if (maxPosition !== undefined) i = known.nextKnownBy(all, i, maxPosition);
    if (i >= all.length || !isLong(keys, all[i]!)) return i;
    i++;
  }
}

/** From `j` on, the next long item that reaches `fromDay` and may be known at `maxPosition`. */
function nextLongReaching<E>(long: readonly E[], j: number, indexes: RunIndexes<E>, fromDay: number, maxPosition: number | undefined): number {
  for (;;) {
    const reaching = indexes.longReach.nextReaching(long, j, fromDay);
    if (maxPosition === undefined) return reaching;
    j = indexes.longKnown.nextKnownBy(long, reaching, maxPosition);
    if (j === reaching) return j;
  }
}
