import { BlockMaxima } from './block-maxima.js';

interface EndsOn {
  readonly hi: number;
}

/**
 * The greatest latest day of each block of 32 entries of a list sorted by earliest day, so
 * a walk looking for the entries that reach a day skips whole blocks that end before it.
 *
 * Why: the timeline's long items (long intervals, open starts) are sorted by their
 * earliest day, and a page from a day must pass over every long item that starts before
 * the day but ends before it too. At a million events those are tens of thousands of
 * entries scattered over the heap, one cache miss each, on every page.
 */
export class LatestDayBlocks extends BlockMaxima<EndsOn, number> {
  /** The first index from `start` on whose entry ends on or after `day`; the list's length if none does. */
  nextReaching(list: readonly EndsOn[], start: number, day: number): number {
    return this.nextAnswer(list, start, day);
  }

  protected measure(entry: EndsOn): number {
    return entry.hi;
  }

  protected least(day: number): number {
    return day;
  }

  protected answers(entry: EndsOn, day: number): boolean {
    return entry.hi >= day;
  }
}
