import { BlockMaxima } from '../block-maxima.js';
import { TwoSortedRuns, type RunCarrier, type RunCarriers, type SortedRuns } from './two-sorted-runs.js';
import { sequenceOf } from './timeline-sort-keys.js';
import { DayKeyWords, RADIX_SORT_FROM } from './radix-order.js';

/** Dates per chunk of the columns, as a power of two: 2^14, 656 KiB per chunk of all six. */
const CHUNK_BITS = 14;
const IN_CHUNK = (1 << CHUNK_BITS) - 1;

/**
 * Dates as columns: per date its earliest and latest day, the log position it is known
 * from, and what it names (a kind's number and a value). A date is its number here.
 *
 * Why columns: a million events note about 600,000 dates of change, each an object of six
 * fields when kept as one, about an eighth of the read models' objects: each one more for
 * every garbage collection to mark and for a snapshot to write and build again. Sorting and
 * walking them reads numbers side by side instead of objects spread over the heap. The
 * columns grow by chunks of fixed size, never by copying (a live server adding one date
 * never reallocates them whole).
 */
export class DateColumns<Kind extends string, Of> {
  private readonly lo: Float64Array[] = [];
  private readonly hi: Float64Array[] = [];
  /** The position as a number (see sequenceOf), to compare without a bigint. */
  private readonly seq: Float64Array[] = [];
  private readonly position: BigUint64Array[] = [];
  private readonly kind: Uint8Array[] = [];
  private readonly of: Of[][] = [];
  private count = 0;

  /** `kinds`: every kind a date may name, its number being its place here (at most 256). */
  constructor(private readonly kinds: readonly Kind[]) {}

  add(lo: number, hi: number, position: bigint, kind: Kind, of: Of): number {
    const date = this.count++;
    const chunk = date >>> CHUNK_BITS;
    if ((date & IN_CHUNK) === 0) {
      for (const column of [this.lo, this.hi, this.seq]) column.push(new Float64Array(IN_CHUNK + 1));
      this.position.push(new BigUint64Array(IN_CHUNK + 1));
      this.kind.push(new Uint8Array(IN_CHUNK + 1));
      this.of.push(new Array<Of>(IN_CHUNK + 1));
    }
    const at = date & IN_CHUNK;
    this.lo[chunk]![at] = lo;
    this.hi[chunk]![at] = hi;
    this.seq[chunk]![at] = sequenceOf(position);
    this.position[chunk]![at] = position;
    this.kind[chunk]![at] = this.kinds.indexOf(kind);
    this.of[chunk]![at] = of;
    return date;
  }

  loOf(date: number): number {
    return this.lo[date >>> CHUNK_BITS]![date & IN_CHUNK]!;
  }

  hiOf(date: number): number {
    return this.hi[date >>> CHUNK_BITS]![date & IN_CHUNK]!;
  }

  seqOf(date: number): number {
    return this.seq[date >>> CHUNK_BITS]![date & IN_CHUNK]!;
  }

  positionOf(date: number): bigint {
    return this.position[date >>> CHUNK_BITS]![date & IN_CHUNK]!;
  }

  kindOf(date: number): Kind {
    return this.kinds[this.kind[date >>> CHUNK_BITS]![date & IN_CHUNK]!]!;
  }

  ofOf(date: number): Of {
    return this.of[date >>> CHUNK_BITS]![date & IN_CHUNK]!;
  }

  /**
   * The dates in timeline order (`compare`'s; the same array if short). A long list, the
   * whole log's 600,000 dates after a catch-up of a million events, by a radix sort over
   * their columns (see DayKeyWords): no comparator called tens of millions of times.
   */
  sorted(dates: number[]): number[] {
    const n = dates.length;
    const byComparison = () => dates.sort((a, b) => this.compare(a, b));
    if (n < RADIX_SORT_FROM) return byComparison();
    const words = new DayKeyWords(n);
    for (let i = 0; i < n; i++) {
      const date = dates[i]!;
      if (!words.set(i, this.loOf(date), this.hiOf(date), this.seqOf(date))) return byComparison();
    }
    const order = words.order((a, b) => this.positionOf(dates[a]!) !== this.positionOf(dates[b]!));
    if (order === undefined) return byComparison();
    const sorted = new Array<number>(n);
    for (let i = 0; i < n; i++) sorted[i] = dates[order[i]!]!;
    return sorted;
  }

  /** Timeline order of two dates: earliest day, latest day, then log position. */
  compare(a: number, b: number): number {
    const loA = this.loOf(a);
    const loB = this.loOf(b);
    if (loA !== loB) return loA < loB ? -1 : 1;
    const hiA = this.hiOf(a);
    const hiB = this.hiOf(b);
    if (hiA !== hiB) return hiA < hiB ? -1 : 1;
    const seqA = this.seqOf(a);
    const seqB = this.seqOf(b);
    if (seqA !== seqB) return seqA < seqB ? -1 : 1;
    const positionA = this.positionOf(a);
    const positionB = this.positionOf(b);
    return positionA < positionB ? -1 : positionA > positionB ? 1 : 0;
  }
}

/**
 * Dates sorted by DateColumns.compare, as two sorted runs of date numbers (see
 * TwoSortedRuns, which says why). Dates never change their keys, so none is taken out.
 */
export class SortedDates<Kind extends string, Of> extends TwoSortedRuns<number> {
  /** `indexes`: told of each replaced run, to carry what they keep per date (see BlockMaxima.carry). */
  constructor(
    private readonly columns: DateColumns<Kind, Of>,
    private readonly indexes: RunCarriers<number> = { base: [], recent: [] },
  ) {
    super();
  }

  protected compare(a: number, b: number): number {
    return this.columns.compare(a, b);
  }

  protected sorted(added: number[]): number[] {
    return this.columns.sorted(added);
  }

  protected override carriersOf(run: keyof SortedRuns<number>): readonly RunCarrier<number>[] {
    return this.indexes[run];
  }
}

/** The earliest log position any date of each block of a run is known from (see EarliestKnownBlocks, which does the same for entries). */
export class DatesKnownBlocks<Kind extends string, Of> extends BlockMaxima<number, bigint> {
  constructor(private readonly columns: DateColumns<Kind, Of>) {
    super();
  }

  /** The first index from `start` on whose date is known from `position` or earlier; the run's length if none is. */
  nextKnownBy(run: readonly number[], start: number, position: bigint): number {
    return this.nextAnswer(run, start, position);
  }

  protected measure(date: number): number {
    return -this.columns.seqOf(date);
  }

  protected least(position: bigint): number {
    return -Number(position);
  }

  protected answers(date: number, position: bigint): boolean {
    return this.columns.positionOf(date) <= position;
  }
}
