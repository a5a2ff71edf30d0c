import type { RunChange } from './state/two-sorted-runs.js';
import type { CarryInSteps } from './state/stepwise-fold.js';

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
 * Each entry's own measure is kept too, beside its block's: in a block that may hold an
 * answer, the walk reads the entries whose measure reaches the question and no others.
 * Where answers are sparse (a page as known at an early log position: one entry in a
 * hundred known then, so nearly every block holds one) the walk otherwise read every
 * entry of those blocks, a cache miss each: at a million events that was the p99 of such
 * pages (about 2 ms, against under 1 ms with the measures; see bench/RESULTS.md).
 *
 * A block's numbers are computed the first time a walk reaches it (reading its 32
 * entries, which the walk would read anyway) or all at once by `prepare`. The lists served
 * are replaced, never changed in place, when entries are added (see TwoSortedRuns),
 * and an entry's measure never changes: told how a list was replaced (`carry`), the
 * entries' measures move to their new places and only the added entries are read; handed
 * a list it was not told of, every number is forgotten.
 */
export abstract class BlockMaxima<E, Q> {
  private list: readonly E[] | undefined;
  /** Per block, the greatest measure of its entries; NaN until computed. */
  private maxima: Float64Array = new Float64Array(0);
  /** Per entry, its measure; NaN until computed (always computed in a block whose maximum is). */
  private measures: Float64Array = new Float64Array(0);

  /** The number a block keeps the greatest of. */
  protected abstract measure(entry: E): number;
  /** A block whose greatest measure is below this holds no answer to `question`. */
  protected abstract least(question: Q): number;
  /** Whether the entry answers exactly (an answer's measure is never below `least`). */
  protected abstract answers(entry: E, question: Q): boolean;

  /**
   * Computes every block of `list` now rather than on the walks that reach them: after a
   * catch-up, so that the first pages asked are not the ones that read the entries (see
   * WholeLogLists.prepare).
   */
  prepare(list: readonly E[]): void {
    this.handed(list);
    const { maxima } = this;
    for (let block = 0; block < maxima.length; block++) {
      if (Number.isNaN(maxima[block]!)) maxima[block] = this.measureBlock(list, block << SHIFT, Math.min(list.length, (block + 1) << SHIFT));
    }
  }

  private handed(list: readonly E[]): void {
    if (list === this.list) return;
    this.list = list;
    this.maxima = new Float64Array((list.length + MASK) >>> SHIFT).fill(Number.NaN);
    this.measures = new Float64Array(list.length).fill(Number.NaN);
  }

  /**
   * `previous`, the list last handed, was replaced by `next` (see RunChange): keeps every
   * measure computed, at its entry's new index, and measures the added entries. Why: a
   * live timeline folds its ~2,000 newest entries into its base run of a million about
   * every 2,000 writes, and the first walks after each fold recomputed the blocks they
   * reached, reading every entry again: about two thirds of the 170-530 ms the first page
   * as known at an early position took after a fold (/changes' dates, in seven runs of
   * their own, stalled the same way: up to 262 ms). Carrying costs a pass over the
   * numbers, no entry read but the added ones.
   */
  carry(previous: readonly E[], next: readonly E[], change: RunChange): void {
    if (previous !== this.list) return;
    if (change.added) {
      const steps = this.carryInSteps(previous, next, change.added);
      while (!steps.step(Number.POSITIVE_INFINITY));
      steps.finish();
      return;
    }
    const measures = withoutRemoved(this.measures, change.removed);
    const maxima = new Float64Array((next.length + MASK) >>> SHIFT);
    maximaOf(measures, maxima, 0, maxima.length);
    this.install(next, measures, maxima);
  }

  /**
   * `carry` of added entries a step at a time (see StepwiseFold): first the measures, the
   * kept entries' copied in runs between the added ones, which are measured; then the
   * blocks' maxima. Each step does at most `budget` entries' worth. Walks meanwhile read
   * `previous` with the numbers they had; `finish` makes `next` the list served, unless
   * the blocks were handed another list in the meantime.
   */
  carryInSteps(previous: readonly E[], next: readonly E[], added: Uint32Array): CarryInSteps {
    if (previous !== this.list) return { step: () => true, finish: () => {} };
    const old = this.measures;
    const measures = new Float64Array(next.length);
    const maxima = new Float64Array((next.length + MASK) >>> SHIFT);
    let from = 0;
    let to = 0;
    let nextAdded = 0;
    let block = 0;
    return {
      step: (budget) => {
        let left = budget;
        while (to < measures.length && left > 0) {
          const at = nextAdded < added.length ? added[nextAdded]! : measures.length;
          const count = Math.min(at - to, left);
          measures.set(old.subarray(from, from + count), to);
          from += count;
          to += count;
          left -= count;
          if (to === at && at < measures.length) {
            measures[at] = this.measure(next[at]!);
            to += 1;
            nextAdded += 1;
            left -= 1;
          }
        }
        if (to < measures.length) return false;
        // What is left of this step's budget goes to the maxima, a block of entries each.
        if (left > 0) block = maximaOf(measures, maxima, block, Math.min(maxima.length, block + Math.ceil(left / BLOCK)));
        return block === maxima.length;
      },
      finish: () => {
        if (this.list === previous) this.install(next, measures, maxima);
      },
    };
  }

  private install(list: readonly E[], measures: Float64Array, maxima: Float64Array): void {
    this.list = list;
    this.measures = measures;
    this.maxima = maxima;
  }

  /** The first index from `start` on whose entry answers `question`; the list's length if none does. */
  protected nextAnswer(list: readonly E[], start: number, question: Q): number {
    this.handed(list);
    const { maxima, measures } = this;
    const least = this.least(question);
    const n = list.length;
    let i = start;
    while (i < n) {
      const block = i >>> SHIFT;
      const end = Math.min(n, (block + 1) << SHIFT);
      let greatest = maxima[block]!;
      if (Number.isNaN(greatest)) greatest = maxima[block] = this.measureBlock(list, block << SHIFT, end);
      if (!(greatest < least)) {
        // `!(… < least)`: only a measure known to fall short rules an entry out.
        for (; i < end; i++) if (!(measures[i]! < least) && this.answers(list[i]!, question)) return i;
      }
      i = end;
    }
    return n;
  }

  /** Records the measures of the block's entries; answers the greatest. */
  private measureBlock(list: readonly E[], from: number, to: number): number {
    const { measures } = this;
    let greatest = Number.NEGATIVE_INFINITY;
    for (let i = from; i < to; i++) {
      const measured = (measures[i] = this.measure(list[i]!));
      if (measured > greatest) greatest = measured;
    }
    return greatest;
  }
}

/** The measures without those at the given indexes (ascending). */
function withoutRemoved(old: Float64Array, removed: readonly number[]): Float64Array {
  const measures = new Float64Array(old.length - removed.length);
  let from = 0;
  let to = 0;
  for (const at of removed) {
    measures.set(old.subarray(from, at), to);
    to += at - from;
    from = at + 1;
  }
  measures.set(old.subarray(from), to);
  return measures;
}

/** Sets the maxima of blocks `first` to `end` (excluded) from the measures; answers `end`. */
function maximaOf(measures: Float64Array, maxima: Float64Array, first: number, end: number): number {
  for (let block = first; block < end; block++) maxima[block] = greatestOf(measures, block << SHIFT, Math.min(measures.length, (block + 1) << SHIFT));
  return end;
}

/** The greatest measure from `from` to `to`; NaN if any is not computed (the block then is computed again when reached). */
function greatestOf(measures: Float64Array, from: number, to: number): number {
  let greatest = Number.NEGATIVE_INFINITY;
  for (let i = from; i < to; i++) {
    const measure = measures[i]!;
    if (measure > greatest) greatest = measure;
    else if (Number.isNaN(measure)) return Number.NaN;
  }
  return greatest;
}
