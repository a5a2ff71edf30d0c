/** Entries per block: a power of two, so a block starts where the low bits of an index are zero. */
const SHIFT = 5;
const BLOCK = 1 << SHIFT;
const MASK = BLOCK - 1;

/**
 * The greatest latest day of each block of 32 entries of a list sorted by earliest day, so
 * a walk looking for the entries that reach a day skips whole blocks that end before it.
 *
 * Why: the timeline's long items (long intervals, open starts) are sorted by their
 * earliest day, and a page from a day must pass over every long item that starts before
 * the day but ends before it too. At a million events those are tens of thousands of
 * entries scattered over the heap, one cache miss each, on every page; the maxima are one
 * small typed array.
 *
 * Built for one array and rebuilt when handed another: the lists it serves are replaced,
 * never changed in place, when entries are added (see LazilySortedEntries), and an
 * entry's latest day never changes.
 */
export class LatestDayBlocks {
  private list: readonly { readonly hi: number }[] | undefined;
  private maxima = new Float64Array(0);

  /** The first index from `start` on whose entry ends on or after `day`; the list's length if none does. */
  nextReaching(list: readonly { readonly hi: number }[], start: number, day: number): number {
    if (list !== this.list) this.build(list);
    const { maxima } = this;
    const n = list.length;
    let i = start;
    while (i < n) {
      if ((i & MASK) === 0 && maxima[i >>> SHIFT]! < day) {
        i += BLOCK;
        continue;
      }
      if (list[i]!.hi >= day) return i;
      i++;
    }
    return n;
  }

  private build(list: readonly { readonly hi: number }[]): void {
    const maxima = new Float64Array((list.length + MASK) >>> SHIFT).fill(Number.NEGATIVE_INFINITY);
    for (let i = 0; i < list.length; i++) {
      const block = i >>> SHIFT;
      if (list[i]!.hi > maxima[block]!) maxima[block] = list[i]!.hi;
    }
    this.list = list;
    this.maxima = maxima;
  }
}
