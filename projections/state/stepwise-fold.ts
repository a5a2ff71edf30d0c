import { firstIndexWhere } from './sorted-arrays.js';

/** A piece of work done a step at a time: `step` does up to `budget` entries of it and answers whether it is all done. */
export interface InSteps {
  step(budget: number): boolean;
}

/** One carrier's share of a fold done in steps (see BlockMaxima.carryInSteps). */
export interface CarryInSteps extends InSteps {
  /** Once every step is done: the carrier serves the new run from now on. */
  finish(): void;
}

/** What keeps numbers per entry of a run and can move them along to the run a fold builds, a step at a time. */
export interface StepwiseCarrier<E> {
  carryInSteps(previous: readonly E[], next: readonly E[], added: Uint32Array): CarryInSteps;
}

/**
 * The merge of a long sorted run (`base`) and a short one (`recent`) into a new array,
 * done a step at a time, and then the carriers' numbers moved along to it the same way
 * (see TwoSortedRuns.runs for why). Neither input is changed: until the last step,
 * both stay what the list serves. On equal keys `base`'s entries come first, as in
 * mergeSortedPlacing, whose result this is, entry for entry.
 */
export class StepwiseFold<E> implements InSteps {
  /** Made by the first step, not when the fold starts: a page asks for the runs that start it (at a million entries, 8 MB to fill). */
  private built: E[] | undefined;
  /** For each entry of `recent`, its index in `merged` (ascending). */
  readonly placed: Uint32Array;
  private i = 0;
  private j = 0;
  private k = 0;
  /** Where recent[j] goes in `base` (its index there), once searched for; -1 before. */
  private at = -1;
  private carries: CarryInSteps[] | undefined;
  private carrying = 0;

  constructor(
    readonly base: readonly E[],
    readonly recent: readonly E[],
    private readonly compare: (a: E, b: E) => number,
    private readonly carriers: readonly StepwiseCarrier<E>[],
  ) {
    this.placed = new Uint32Array(recent.length);
  }

  /** The merged run, whole once `step` has answered true. */
  get merged(): E[] {
    return (this.built ??= new Array<E>(this.base.length + this.recent.length));
  }

  step(budget: number): boolean {
    if (this.carries === undefined) {
      this.mergeSome(budget);
      return false;
    }
    if (this.carrying === this.carries.length) return true;
    // One carrier per step at most: the next one starts on the next step.
    if (this.carries[this.carrying]!.step(budget)) this.carrying += 1;
    return this.carrying === this.carries.length;
  }

  /** Every step left, at once. */
  finish(): void {
    while (!this.step(Number.POSITIVE_INFINITY));
  }

  /** Once `step` has answered true: the carriers serve `merged` from now on. */
  install(): void {
    for (const carry of this.carries ?? []) carry.finish();
  }

  private mergeSome(budget: number): void {
    const { base, recent, merged, placed } = this;
    let { i, j, k } = this;
    let left = budget;
    while (j < recent.length && left > 0) {
      const entry = recent[j]!;
      if (this.at < 0) this.at = firstIndexWhere(base, (x) => this.compare(x, entry) > 0, i);
      const until = Math.min(this.at, i + left);
      left -= until - i;
      while (i < until) merged[k++] = base[i++]!;
      if (i < this.at) break;
      placed[j++] = k;
      merged[k++] = entry;
      left -= 1;
      this.at = -1;
    }
    if (j === recent.length) {
      const until = Math.min(base.length, i + Math.max(left, 0));
      while (i < until) merged[k++] = base[i++]!;
    }
    this.i = i;
    this.j = j;
    this.k = k;
    if (k === merged.length) this.carries = this.carriers.map((carrier) => carrier.carryInSteps(base, merged, placed));
  }
}
