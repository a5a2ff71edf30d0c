import { BlockMaxima } from './block-maxima.js';

/** What the blocks read of an entry: its latest possible day. */
export interface EndsOnKeys<E> {
  hi(entry: E): number;
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
export class LatestDayBlocks<E> extends BlockMaxima<E, number> {
  /** A reference to the keys the lists share (a table, written once to a snapshot), not a function: a snapshot cannot hold one. */
  constructor(private readonly keys: EndsOnKeys<E>) {
    super();
  }

  /** The first index from `start` on whose entry ends on or after `day`; the list's length if none does. */
  nextReaching(list: readonly E[], start: number, day: number): number {
    return this.nextAnswer(list, start, day);
  }

  protected measure(entry: E): number {
    return this.keys.hi(entry);
  }

  protected least(day: number): number {
    return day;
  }

  protected answers(entry: E, day: number): boolean {
    return this.keys.hi(entry) >= day;
  }
}
