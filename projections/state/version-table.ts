import type { Development } from '../../events/catalogue.js';
import type { DateRange } from '../../events/dates.js';
import type { EventMetadata } from '../../events/metadata.js';
import type { DatedFact } from './certainty.js';
import { FactAt } from './fact-at.js';
import { NumberedValues } from './numbered-values.js';
import type { Version } from './version.js';

/**
 * Every version of every development the read models keep, as rows of one table instead
 * of an object each (slice 1 of `bench/COMPACT-READ-MODELS.md`). At a million events the
 * versions were 997,965 objects of 12 fields: reading a snapshot spent about 1.1 s making
 * them, and every collection traced them. Here a version is a row number; its numbers sit
 * in one row of eight float64 (one cache line), in chunks that growth never copies, with
 * its type and date as numbers of a small table each (NumberedValues); its stream and
 * metadata as numbers too, in a column of 32-bit pairs beside, and only its data (one
 * object per version) in a plain array.
 *
 * Positions are numbers here: exact below 2^53, and a position at or above that is refused
 * (VersionTablePositionError), never rounded.
 *
 * The amendments make the rows (see Amendments); the timeline and the entity history keep
 * row numbers, and a question reads the fields it needs, or a whole version (`version`)
 * for the few it answers with.
 */
export type VersionRow = number & { readonly __versionRow: true };

const ROW_WORDS = 8;
const CHUNK_BITS = 13;
const CHUNK_ROWS = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK_ROWS - 1;

// The words of a row.
const LO = 0;
const HI = 1;
const SEQ = 2;
const SINCE = 3;
/** NaN while the version holds (no later version replaced it). */
const UNTIL = 4;
const EVENT_INDEX = 5;
/** The number of the version's type (see NumberedValues). */
const TYPE = 6;
/** The number of the version's date, -1 for none. */
const DATE = 7;

const REF_WORDS = 2;
// The words of a row's pair in `refs`.
const STREAM = 0;
const METADATA = 1;

export interface NewVersion {
  readonly lo: number;
  readonly hi: number;
  readonly position: number;
  readonly since: number;
  readonly eventIndex: number;
  readonly date: DateRange | undefined;
  readonly stream: string;
  readonly metadata: EventMetadata;
  readonly type: Development['type'];
  readonly data: Development['data'];
}

export class VersionTablePositionError extends RangeError {
  readonly code = 'position-beyond-exact-numbers';
  constructor(readonly position: number) {
    super(`log position ${position} is at or above 2^53: the read models keep positions as exact numbers`);
  }
}

export class VersionTable {
  private readonly chunks: Float64Array[] = [];
  private readonly refs: Int32Array[] = [];
  private count = 0;
  private readonly types = new NumberedValues<Development['type'], Development['type']>();
  /** By text: the same date parsed in another process (before a snapshot) is another object. */
  private readonly dates = new NumberedValues<string, DateRange>();
  private readonly streams = new NumberedValues<string, string>();
  /** By identity: the events of one recording share their metadata object (see RetainedEvents). */
  private readonly metadatas = new NumberedValues<EventMetadata, EventMetadata>();
  private readonly datas: Development['data'][] = [];

  get size(): number {
    return this.count;
  }

  add(version: NewVersion): VersionRow {
    if (!Number.isSafeInteger(version.position)) throw new VersionTablePositionError(version.position);
    if (!Number.isSafeInteger(version.since)) throw new VersionTablePositionError(version.since);
    const row = this.count++;
    if ((row & CHUNK_MASK) === 0) {
      this.chunks.push(new Float64Array(CHUNK_ROWS * ROW_WORDS));
      this.refs.push(new Int32Array(CHUNK_ROWS * REF_WORDS));
    }
    const chunk = this.chunks[row >>> CHUNK_BITS]!;
    const at = (row & CHUNK_MASK) * ROW_WORDS;
    const { date } = version;
    chunk[at + LO] = version.lo;
    chunk[at + HI] = version.hi;
    chunk[at + SEQ] = version.position;
    chunk[at + SINCE] = version.since;
    chunk[at + UNTIL] = Number.NaN;
    chunk[at + EVENT_INDEX] = version.eventIndex;
    chunk[at + TYPE] = this.types.numberOf(version.type, version.type);
    chunk[at + DATE] = date === undefined ? -1 : this.dates.numberOf(date.text, date);
    const refs = this.refs[row >>> CHUNK_BITS]!;
    const ref = (row & CHUNK_MASK) * REF_WORDS;
    refs[ref + STREAM] = this.streams.numberOf(version.stream, version.stream);
    refs[ref + METADATA] = this.metadatas.numberOf(version.metadata, version.metadata);
    this.datas.push(version.data);
    return row as VersionRow;
  }

  private word(row: VersionRow, word: number): number {
    return this.chunks[row >>> CHUNK_BITS]![(row & CHUNK_MASK) * ROW_WORDS + word]!;
  }

  lo(row: VersionRow): number {
    return this.word(row, LO);
  }

  /** An open start's first day follows its entities' known starts (see timeline-projection.ts). */
  setLo(row: VersionRow, day: number): void {
    this.chunks[row >>> CHUNK_BITS]![(row & CHUNK_MASK) * ROW_WORDS + LO] = day;
  }

  hi(row: VersionRow): number {
    return this.word(row, HI);
  }

  /** The development's own log position (a correction's version keeps the original's). */
  seq(row: VersionRow): number {
    return this.word(row, SEQ);
  }

  since(row: VersionRow): number {
    return this.word(row, SINCE);
  }

  /** The position of the event that replaced this version; undefined while it holds. */
  until(row: VersionRow): number | undefined {
    const until = this.word(row, UNTIL);
    return Number.isNaN(until) ? undefined : until;
  }

  setUntil(row: VersionRow, position: number): void {
    if (!Number.isSafeInteger(position)) throw new VersionTablePositionError(position);
    this.chunks[row >>> CHUNK_BITS]![(row & CHUNK_MASK) * ROW_WORDS + UNTIL] = position;
  }

  eventIndex(row: VersionRow): number {
    return this.word(row, EVENT_INDEX);
  }

  /**
   * Two rows in the timeline's key order (lo, hi, position; see compareByKeys): each row's
   * words found once. Sorting an entity's entries for its page compares thousands of times.
   */
  compare(a: VersionRow, b: VersionRow): number {
    const rowsA = this.chunks[a >>> CHUNK_BITS]!;
    const rowsB = this.chunks[b >>> CHUNK_BITS]!;
    const atA = (a & CHUNK_MASK) * ROW_WORDS;
    const atB = (b & CHUNK_MASK) * ROW_WORDS;
    const loA = rowsA[atA + LO]!;
    const loB = rowsB[atB + LO]!;
    if (loA !== loB) return loA < loB ? -1 : 1;
    const hiA = rowsA[atA + HI]!;
    const hiB = rowsB[atB + HI]!;
    if (hiA !== hiB) return hiA < hiB ? -1 : 1;
    const seqA = rowsA[atA + SEQ]!;
    const seqB = rowsB[atB + SEQ]!;
    return seqA === seqB ? 0 : seqA < seqB ? -1 : 1;
  }

  /** Whether the version is part of the answer as known at `position` (undefined: the head). */
  knownAt(row: VersionRow, position: number | undefined): boolean {
    const chunk = this.chunks[row >>> CHUNK_BITS]!;
    const at = (row & CHUNK_MASK) * ROW_WORDS;
    const until = chunk[at + UNTIL]!;
    if (position === undefined) return Number.isNaN(until);
    return chunk[at + SINCE]! <= position && (Number.isNaN(until) || until > position);
  }

  date(row: VersionRow): DateRange | undefined {
    const date = this.word(row, DATE);
    return date < 0 ? undefined : this.dates.valueOf(date);
  }

  private ref(row: VersionRow, word: number): number {
    return this.refs[row >>> CHUNK_BITS]![(row & CHUNK_MASK) * REF_WORDS + word]!;
  }

  stream(row: VersionRow): string {
    return this.streams.valueOf(this.ref(row, STREAM));
  }

  metadata(row: VersionRow): EventMetadata {
    return this.metadatas.valueOf(this.ref(row, METADATA));
  }

  type(row: VersionRow): Development['type'] {
    return this.types.valueOf(this.word(row, TYPE));
  }

  data(row: VersionRow): Development['data'] {
    return this.datas[row]!;
  }

  /** The version as a development, `{type, data}` (for the catalogue's rules, which read developments). */
  development(row: VersionRow): Development {
    return { type: this.type(row), data: this.datas[row]! } as Development;
  }

  /**
   * The version as a fact of the entity history (what views read of it: its data, date,
   * position and life in recorded time), made for one question (see FactAt).
   */
  fact(row: VersionRow): DatedFact<unknown> {
    return new FactAt(this, row);
  }

  /**
   * The version as one object, made for a question that reads several of its fields (a
   * view's fact, a timeline item): nothing keeps it, so it costs the collector nothing
   * beyond the question.
   */
  version(row: VersionRow): Version {
    const chunk = this.chunks[row >>> CHUNK_BITS]!;
    const at = (row & CHUNK_MASK) * ROW_WORDS;
    const until = chunk[at + UNTIL]!;
    return {
      lo: chunk[at + LO]!,
      hi: chunk[at + HI]!,
      position: chunk[at + SEQ]!,
      date: this.date(row),
      since: chunk[at + SINCE]!,
      until: Number.isNaN(until) ? undefined : until,
      eventIndex: chunk[at + EVENT_INDEX]!,
      stream: this.stream(row),
      metadata: this.metadata(row),
      type: this.type(row),
      data: this.datas[row]!,
    };
  }
}
