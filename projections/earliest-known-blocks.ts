/** Entries per block: a power of two, so a block starts where the low bits of an index are zero. */
const SHIFT = 5;
const BLOCK = 1 << SHIFT;
const MASK = BLOCK - 1;

/**
 * The earliest log position from which any entry of each block of 32 entries is known,
 * so a walk looking for what was known at an earlier position skips whole blocks that
 * were all recorded after it. Serves the timeline's whole-log lists and the dates
 * /changes walks.
 *
 * Why: those lists are sorted by valid time, not by recording. A page "as known at" an
 * early position must pass over every entry recorded later, and where the log was
 * backfilled those are nearly all of them; when fewer than a page are known from the
 * asked day on, the walk went to the end of the list. At a million events a timeline
 * page from a random day at a random `knownAtPosition` took p99 344-370 ms, against
 * 0.45-0.69 ms with the blocks (same store and questions, alternating builds). The
 * minima are one small typed array.
 *
 * Computed lazily, a block the first time a walk asking about a position reaches its
 * start (reading its 32 entries, which the walk would read anyway), and forgotten when
 * handed another list: the lists it serves are replaced, never changed in place, when
 * entries are added (see LazilySortedEntries), and the position an entry is known from
 * never changes. So a log that keeps growing pays no more than the walk it replaces,
 * and a log read at many positions between writes (an audit) gets the skips.
 */
export class EarliestKnownBlocks<E> {
  private list: readonly E[] | undefined;
  /** Per block, the least position an entry is known from, as a number; NaN until computed. */
  private minima = new Float64Array(0);

  /** `knownFrom`: the log position from which an entry is known (a timeline item's `since`). */
  constructor(private readonly knownFrom: (entry: E) => bigint) {}

  /**
   * The first index from `start` on whose entry is known from `position` or earlier; the
   * list's length if none is. The caller still checks the entry's whole recorded life (it
   * may have been replaced by then).
   */
  nextKnownBy(list: readonly E[], start: number, position: bigint): number {
    if (list !== this.list) {
      this.list = list;
      this.minima = new Float64Array((list.length + MASK) >>> SHIFT).fill(Number.NaN);
    }
    const { minima } = this;
    // Number() rounds monotonically: a block whose least position rounds above the asked
    // position lies wholly after it. Entries themselves are compared exactly.
    const asked = Number(position);
    const n = list.length;
    let i = start;
    while (i < n) {
      if ((i & MASK) === 0) {
        const block = i >>> SHIFT;
        let least = minima[block]!;
        if (Number.isNaN(least)) least = minima[block] = this.leastKnownFrom(list, i, Math.min(n, i + BLOCK));
        if (least > asked) {
          i += BLOCK;
          continue;
        }
      }
      if (this.knownFrom(list[i]!) <= position) return i;
      i++;
    }
    return n;
  }

  private leastKnownFrom(list: readonly E[], from: number, to: number): number {
    let least = Number.POSITIVE_INFINITY;
    for (let i = from; i < to; i++) {
      const known = Number(this.knownFrom(list[i]!));
      if (known < least) least = known;
    }
    return least;
  }
}
