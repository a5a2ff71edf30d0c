import type { DateRange } from '../events/dates.js';
import { EarliestKnownBlocks } from './earliest-known-blocks.js';
import { LatestDayBlocks } from './latest-day-blocks.js';
import { compareKeys, firstAfter, firstAtOrAfter, LazilySortedEntries, scan, type SortKey } from './state/lazily-sorted-entries.js';

/** What the whole-log walks read of a timeline entry. */
export interface WholeLogEntry extends SortKey {
  readonly date: DateRange | undefined;
  /** The log position from which this version is known. */
  readonly since: bigint;
}

/** Items longer than this many days are kept in the long list too (see fromDay). */
const SHORT_SPAN = 400;

function isLong(entry: WholeLogEntry): boolean {
  return entry.date !== undefined && (entry.date.precision === 'open-start' || entry.date.hi - entry.date.lo > SHORT_SPAN);
}

const knownFrom = (entry: WholeLogEntry): bigint => entry.since;

/**
 * The whole timeline in order, and the walks a page of it takes: from a valid day on, or
 * from a key on, as known at a log position. Every item is in `all`; the long ones
 * (longer intervals, open starts) are kept in `long` too, so a walk from a day need not
 * pass over every short item before it.
 */
export class WholeLogLists<E extends WholeLogEntry> {
  private readonly all = new LazilySortedEntries<E>();
  private readonly long = new LazilySortedEntries<E>();
  /** Where the long items that reach a day are (see fromDay). */
  private readonly longReach = new LatestDayBlocks();
  /** Where the items known at an earlier log position are, in each list (see EarliestKnownBlocks). */
  private readonly allKnown = new EarliestKnownBlocks<E>(knownFrom);
  private readonly longKnown = new EarliestKnownBlocks<E>(knownFrom);

  add(entry: E): void {
    this.all.add(entry);
    if (isLong(entry)) this.long.add(entry);
  }

  /** Keys of entries already added changed (an open start's bound): the next view sorts again. */
  invalidate(): void {
    this.all.invalidate();
    this.long.invalidate();
  }

  /** Every item in timeline order. */
  view(): readonly E[] {
    this.long.view();
    return this.all.view();
  }

  /** From the first item at or after `atOrAfter` and after `after` on, passing over blocks recorded wholly after `maxPosition`. */
  *from(atOrAfter: SortKey | undefined, after: SortKey | undefined, maxPosition: bigint | undefined): Generator<E> {
    const all = this.all.view();
    const start = Math.max(atOrAfter ? firstAtOrAfter(all, atOrAfter) : 0, after ? firstAfter(all, after) : 0);
    if (maxPosition === undefined) return yield* scan(all, start);
    for (let i = this.allKnown.nextKnownBy(all, start, maxPosition); i < all.length; i = this.allKnown.nextKnownBy(all, i + 1, maxPosition)) yield all[i]!;
  }

  /**
   * The whole timeline from a valid day on, without scanning what ends before it: short
   * items (a day, a month, a year, a short interval) cannot overlap the day unless they
   * start at most SHORT_SPAN days before it, so their list is entered by binary search;
   * long items are few and kept apart, and the two are merged in timeline order. With
   * `maxPosition`, items recorded after it are passed over by blocks where they can be.
   */
  *fromDay(fromDay: number, after: SortKey | undefined, maxPosition: bigint | undefined): Generator<E> {
    const all = this.all.view();
    const long = this.long.view();
    let i = firstAtOrAfter(all, { lo: fromDay - SHORT_SPAN, hi: Number.NEGATIVE_INFINITY, position: -1n, seq: -1 });
    if (after) i = Math.max(i, firstAfter(all, after));
    let j = after ? firstAfter(long, after) : 0;
    for (;;) {
      i = this.nextShortKnown(all, i, maxPosition);
      j = this.nextLongReaching(long, j, fromDay, maxPosition);
      const a = all[i];
      const b = long[j];
      if (a === undefined && b === undefined) return;
      if (b === undefined || (a !== undefined && compareKeys(a, b) <= 0)) {
        yield a!;
        i++;
      } else {
        yield b;
        j++;
      }
    }
  }

  /** From `i` on, the next short item that may be known at `maxPosition` (undefined: the head). */
  private nextShortKnown(all: readonly E[], i: number, maxPosition: bigint | undefined): number {
    for (;;) {
      if (maxPosition !== undefined) i = this.allKnown.nextKnownBy(all, i, maxPosition);
      if (i >= all.length || !isLong(all[i]!)) return i;
      i++;
    }
  }

  /** From `j` on, the next long item that reaches `fromDay` and may be known at `maxPosition`. */
  private nextLongReaching(long: readonly E[], j: number, fromDay: number, maxPosition: bigint | undefined): number {
    for (;;) {
      const reaching = this.longReach.nextReaching(long, j, fromDay);
      if (maxPosition === undefined) return reaching;
      j = this.longKnown.nextKnownBy(long, reaching, maxPosition);
      if (j === reaching) return j;
    }
  }
}
