/** Entries per block: a power of two, so a block starts where the low bits of an index are zero. */
const SHIFT = 5;
const BLOCK = 1 << SHIFT;
const MASK = BLOCK - 1;

/**
 * One number per block of 32 entries of a list (the greatest `measure` of its entries),
 * so a walk looking for the next entry that answers a question skips whole blocks that
 * cannot hold one, reading one small typed array instead of 32 entries scattered over
 * the heap. Subclasses say what is measured and what answers (see LatestDayBlocks,
 * EarliestKnownBlocks).
 *
 * A block's number is computed the first time a walk reaches its start (reading its 32
 * entries, which the walk would read anyway), and all are forgotten when the walk is
 * handed another list: the lists served are replaced, never changed in place, when
 * entries are added (see LazilySortedEntries), and an entry's measure never changes.
 */
export abstract class BlockMaxima<E, Q> {
  private list: readonly E[] | undefined;
  /** Per block, the greatest measure of its entries; NaN until computed. */
  private maxima = new Float64Array(0);

  /** The number a block keeps the greatest of. */
  protected abstract measure(entry: E): number;
  /** A block whose greatest measure is below this holds no answer to `question`. */
  protected abstract least(question: Q): number;
  /** Whether the entry answers exactly (an answer's measure is never below `least`). */
  protected abstract answers(entry: E, question: Q): boolean;

  /** The first index from `start` on whose entry answers `question`; the list's length if none does. */
  protected nextAnswer(list: readonly E[], start: number, question: Q): number {
    if (list !== this.list) {
      this.list = list;
      this.maxima = new Float64Array((list.length + MASK) >>> SHIFT).fill(Number.NaN);
    }
    const { maxima } = this;
    const least = this.least(question);
    const n = list.length;
    let i = start;
    while (i < n) {
      if ((i & MASK) === 0) {
        const block = i >>> SHIFT;
        let greatest = maxima[block]!;
        if (Number.isNaN(greatest)) greatest = maxima[block] = this.greatestIn(list, i, Math.min(n, i + BLOCK));
        if (greatest < least) {
          i += BLOCK;
          continue;
        }
      }
      if (this.answers(list[i]!, question)) return i;
      i++;
    }
    return n;
  }

  private greatestIn(list: readonly E[], from: number, to: number): number {
    let greatest = Number.NEGATIVE_INFINITY;
    for (let i = from; i < to; i++) {
      const measured = this.measure(list[i]!);
      if (measured > greatest) greatest = measured;
    }
    return greatest;
  }
}
