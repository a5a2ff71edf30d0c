/** Entries per block: a power of two, so a block starts where the low bits of an index are zero. */
const SHIFT = 5;
const BLOCK = 1 << SHIFT;
const MASK = BLOCK - 1;

/** What the blocks read of an entry: the log position from which it is known. */
export interface KnownSince {
  readonly since: bigint;
}

/**
 * The earliest log position from which any entry of each block of 32 entries is known,
 * so a walk looking for what was known at an earlier position skips whole blocks that
 * were all recorded after it.
 *
 * Why: the timeline is sorted by valid time, not by recording. A page "as known at" an
 * early position must pass over every entry recorded later, and where the log was
 * backfilled those are nearly all of them: at a million events a page at a random
 * `knownAtPosition` took p99 39.9 ms, walking tens of thousands of entries scattered over
 * the heap. The minima are one small typed array.
 *
 * Computed lazily, a block the first time a walk asking about a position reaches its
 * start (reading its 32 entries, which the walk would read anyway), and forgotten when
 * handed another list: the lists it serves are replaced, never changed in place, when
 * entries are added (see LazilySortedEntries), and an entry's `since` never changes. So
 * a log that keeps growing pays no more than the walk it replaces, and a log read at
 * many positions between writes (an audit) gets the skips.
 */
export class EarliestKnownBlocks {
  private list: readonly KnownSince[] | undefined;
  /** Per block, the least `since` as a number; NaN until computed. */
  private minima = new Float64Array(0);

  /**
   * The first index from `start` on whose entry is known from `position` or earlier
   * (`since <= position`); the list's length if none is. The caller still checks the
   * entry's whole recorded life (it may have been replaced by then).
   */
  nextKnownBy(list: readonly KnownSince[], start: number, position: bigint): number {
    if (list !== this.list) {
      this.list = list;
      this.minima = new Float64Array((list.length + MASK) >>> SHIFT).fill(Number.NaN);
    }
    const { minima } = this;
    // Number() rounds monotonically: a block whose least `since` rounds above the asked
    // position lies wholly after it. Entries themselves are compared exactly.
    const asked = Number(position);
    const n = list.length;
    let i = start;
    while (i < n) {
      if ((i & MASK) === 0) {
        const block = i >>> SHIFT;
        let least = minima[block]!;
        if (Number.isNaN(least)) least = minima[block] = leastSince(list, i, Math.min(n, i + BLOCK));
        if (least > asked) {
          i += BLOCK;
          continue;
        }
      }
      if (list[i]!.since <= position) return i;
      i++;
    }
    return n;
  }
}

function leastSince(list: readonly KnownSince[], from: number, to: number): number {
  let least = Number.POSITIVE_INFINITY;
  for (let i = from; i < to; i++) {
    const since = Number(list[i]!.since);
    if (since < least) least = since;
  }
  return least;
}
