import { firstIndexWhere, mergeSortedPlacing } from './sorted-arrays.js';
import { StepwiseFold, type StepwiseCarrier } from './stepwise-fold.js';

/** Never written to: the runs are only ever replaced, never sorted or pushed to in place. */
const NONE: readonly never[] = Object.freeze([]);

/**
 * A sorted list as two sorted runs: `base`, replaced rarely, and `recent`, the entries
 * added since it was (each entry of `base` added before any of `recent`, so on equal
 * keys `base` comes first). Walks merge the two (see mergeByKey).
 */
export interface SortedRuns<E> {
  readonly base: readonly E[];
  readonly recent: readonly E[];
}

/**
 * How a run was replaced by a new array: the same entries with some added (`added`: their
 * indexes in the new run) or some taken out (`removed`: their indexes in the previous
 * one), ascending. What is kept per entry of a run can follow it (see BlockMaxima.carry).
 */
export type RunChange = { readonly added: Uint32Array; readonly removed?: undefined } | { readonly removed: readonly number[]; readonly added?: undefined };

/** What keeps numbers per entry of a run and moves them along when the run is replaced (see BlockMaxima.carry), at once or in steps. */
export interface RunCarrier<E> extends StepwiseCarrier<E> {
  carry(previous: readonly E[], next: readonly E[], change: RunChange): void;
}

/** The carriers told of each run's replacements. */
export type RunCarriers<E> = { readonly [run in keyof SortedRuns<E>]: readonly RunCarrier<E>[] };

/** Below this many recent entries they are never folded into the base run. */
const RECENT_AT_LEAST = 256;

/** From this many entries in the base run on, the recent run is folded into it in steps (see runs). */
const FOLD_IN_STEPS_FROM = 65_536;

/** Entries' worth of a fold in steps done by each addition (about 0.2-0.5 ms at a million entries). */
const FOLD_STEP = 16_384;

/**
 * A list sorted by `compare` that sorts a large run once, then keeps the entries added
 * since in a second, small sorted run, folded into the large one once it holds about
 * twice the square root of its length. Subclasses say how entries compare and how a
 * batch of added ones is sorted (see LazilySortedEntries, SortedDates).
 *
 * Why two runs: a live server adds an entry and reads a page in turn. Merging each new
 * entry into one run copied the whole list (a million entries for the whole timeline) on
 * the first read after every write: 5-7 ms per write and read at 100,000 events, nearly
 * all of it that copy. With two runs a write costs a copy of the small run, and the large
 * one is copied once per ~2·sqrt(n) writes: O(sqrt n) per write.
 *
 * The timeline keeps one per entity (about 200,000 at a million events), most of them
 * never viewed, so what an unviewed one holds matters: the empty runs are shared, and
 * `compact` drops the spare slots `push` leaves (a list of n entries grown by push holds
 * up to n/2 + 16 more; a few MiB per 100,000 events).
 */
export abstract class TwoSortedRuns<E> {
  private base: readonly E[] = NONE;
  private recent: readonly E[] = NONE;
  private pending: E[] = [];
  /**
   * Whether `pending` may hold spare slots: added to since it was last compacted. A list
   * read from a snapshot is compacted already (see graph-reader.ts), and copying each of
   * them again after such a start left 200,000 arrays of garbage in the old generation.
   */
  private spare = false;
  /** A fold of the recent run into the base run under way (see runs); none in a snapshot. */
  private fold: StepwiseFold<E> | undefined = undefined;

  /** How two entries are ordered (0 for equal keys: merges then put the older run's first). */
  protected abstract compare(a: E, b: E): number;

  /** A batch of added entries in order (in place or as a new array), stably. */
  protected abstract sorted(added: E[]): E[];

  add(entry: E): void {
    this.pending.push(entry);
    this.spare = true;
    if (this.fold !== undefined && this.fold.step(this.foldStep())) this.folded();
  }

  /** Copies the entries added but not yet sorted into an array of their exact length. */
  compact(): void {
    if (!this.spare) return;
    this.pending = this.pending.slice();
    this.spare = false;
  }

  /**
   * Takes the entries out of the sorted runs, each found by its current key, and answers
   * those that were in one. To change the keys of entries in the list: take them out,
   * change them, and add again those taken out (one still waiting to be sorted may change
   * freely). A run is copied once without them (pointers only, no entry read), where
   * sorting the list again after the change read every entry: at a million events, a
   * founding that moves open starts cost the next read 0.37 s, and now costs its write
   * 12-15 ms.
   */
  takeOut(entries: readonly E[]): E[] {
    this.finishFold();
    return [...this.takeOutOf('base', entries), ...this.takeOutOf('recent', entries)];
  }

  private takeOutOf(run: keyof SortedRuns<E>, entries: readonly E[]): E[] {
    const previous = this[run];
    const at = entries.map((entry) => this.indexIn(previous, entry));
    const taken = entries.filter((_, i) => at[i]! >= 0);
    if (taken.length === 0) return taken;
    const removed = at.filter((index) => index >= 0).sort((x, y) => x - y);
    const next = without(previous, removed);
    this[run] = next;
    this.replaced(run, previous, next, { removed });
    return taken;
  }

  /** Where the very entry is in a sorted run (-1: not there); entries of equal keys are passed over to it. */
  private indexIn(run: readonly E[], entry: E): number {
    for (let i = firstIndexWhere(run, (x) => this.compare(x, entry) >= 0); i < run.length && this.compare(run[i]!, entry) === 0; i++) if (run[i] === entry) return i;
    return -1;
  }

  /** What keeps numbers per entry of each run (see WholeLogLists); none by default. */
  protected carriersOf(_run: keyof SortedRuns<E>): readonly RunCarrier<E>[] {
    return NONE;
  }

  /** Called when a run is replaced by a new array (not when one starts afresh): its carriers move their numbers along. */
  private replaced(run: keyof SortedRuns<E>, previous: readonly E[], next: readonly E[], change: RunChange): void {
    for (const carrier of this.carriersOf(run)) carrier.carry(previous, next, change);
  }

  /** `a` and `b` merged as `run`'s new array, on equal keys `a`'s entries first; tells `replaced`. */
  private merged(run: keyof SortedRuns<E>, a: readonly E[], b: readonly E[]): E[] {
    const { merged, placed } = mergeSortedPlacing(a, b, (x, y) => this.compare(x, y));
    this.replaced(run, a, merged, { added: placed });
    return merged;
  }

  /**
   * The list as its two sorted runs; cheap after a few additions to a long list.
   *
   * Why a long base run is folded into in steps: a fold copies the whole run (and the
   * numbers its carriers keep per entry), 30-90 ms at a million entries, and the page that
   * asked for the runs waited for all of it, every ~2,000 writes of a live server. Here the
   * fold starts when the recent run is long enough, and the additions that follow each do
   * a step of it (FOLD_STEP entries' worth); until it is done, the runs served stay the
   * ones it started from (with the entries added since in the recent run), so no page
   * waits for it. Taking entries out, the whole list as one array, or a catch-up's worth
   * of additions finish it at once first.
   */
  runs(): SortedRuns<E> {
    if (this.pending.length > 0) {
      if (this.fold !== undefined && (this.recent.length + this.pending.length) * 8 > this.base.length) this.finishFold();
      const added = this.sorted(this.pending);
      this.pending = [];
      this.spare = false;
      const recent = this.recent.length === 0 ? added : this.merged('recent', this.recent, added);
      if (recent.length * 8 > this.base.length) {
        // Many at once (a catch-up): into the base run at once. Both runs are sorted, so a
        // merge (one pass; nothing at all for an empty base, as after a catch-up from the
        // start): sorting them together sorted the whole timeline a second time, about 0.5 s
        // of a catch-up of a million events.
        this.base = this.base.length === 0 ? recent : this.merged('base', this.base, recent);
        this.recent = NONE;
      } else if (recent.length > this.recentAtMost(this.base.length)) {
        if (this.foldsInSteps(this.base.length)) {
          this.recent = recent;
          this.fold ??= new StepwiseFold(this.base, recent, (x, y) => this.compare(x, y), this.carriersOf('base'));
        } else {
          this.base = this.merged('base', this.base, recent);
          this.recent = NONE;
        }
      } else {
        this.recent = recent;
      }
    }
    return { base: this.base, recent: this.recent };
  }

  /** The longest recent run beside a base run of this length: a longer one is folded into the base. */
  protected recentAtMost(baseLength: number): number {
    return Math.max(RECENT_AT_LEAST, 2 * Math.sqrt(baseLength));
  }

  /** Whether a base run of this length is folded into in steps. */
  protected foldsInSteps(baseLength: number): boolean {
    return baseLength >= FOLD_IN_STEPS_FROM;
  }

  /** Entries' worth of a fold done by each addition while one is under way. */
  protected foldStep(): number {
    return FOLD_STEP;
  }

  /** The fold under way, if any, done now. */
  private finishFold(): void {
    if (this.fold === undefined) return;
    this.fold.finish();
    this.folded();
  }

  /** A fold is done: its array becomes the base run, and the recent run keeps the entries added since it began. */
  private folded(): void {
    const fold = this.fold!;
    this.fold = undefined;
    fold.install();
    this.base = fold.merged;
    const foldedIn = new Set(fold.recent);
    const removed: number[] = [];
    for (let i = 0; i < this.recent.length; i++) if (foldedIn.has(this.recent[i]!)) removed.push(i);
    const previous = this.recent;
    this.recent = removed.length === previous.length ? NONE : without(previous, removed);
    this.replaced('recent', previous, this.recent, { removed });
  }

  /** The list as one sorted array: folds the recent run in (a copy of the whole list if it held any). */
  view(): readonly E[] {
    this.runs();
    // A fold under way (or one these runs just started) first, then what is left of the recent run.
    this.finishFold();
    if (this.recent.length === 0) return this.base;
    this.base = this.merged('base', this.base, this.recent);
    this.recent = NONE;
    return this.base;
  }
}

/** The run without the entries at the given indexes (ascending), in one pass. */
function without<E>(run: readonly E[], gone: readonly number[]): readonly E[] {
  const kept = new Array<E>(run.length - gone.length);
  let k = 0;
  let from = 0;
  for (const index of [...gone, run.length]) {
    for (let i = from; i < index; i++) kept[k++] = run[i]!;
    from = index + 1;
  }
  return kept;
}
