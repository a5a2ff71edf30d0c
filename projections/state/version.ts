import { definitionOf, type Development } from '../../events/catalogue.js';
import type { DateRange } from '../../events/dates.js';
import type { ConcordEvent } from '../../events/decode-event.js';
import type { EventMetadata } from '../../events/metadata.js';
import { VersionTablePositionError, type NewVersion, type VersionRow, type VersionTable } from './version-table.js';
import { parseDateOnce } from './valid-dates.js';

/**
 * The day bound of an undated item, and the earliest day of an open start whose entities'
 * starts are unknown: below every real day (years 0000-9999 are within +-4 million days).
 * A small integer, not -Infinity, so that the radix sort of the timeline holds every key
 * in 32-bit words (see radix-order.ts) and V8 keeps a tenure's reach unboxed in the
 * tenure (a non-integer there is a separate heap number per field).
 */
export const NO_DAY = -(2 ** 30);

/**
 * One version of a development as one object: the development as first recorded, or as a
 * correction left it. The read models keep versions as rows of the amendments' table
 * (see VersionTable), not as objects: at a million events an object per version was a
 * million objects for every start from a snapshot to make and every collection to trace.
 * This object is made from a row for a question that reads several of its fields.
 *
 * `eventIndex`, `stream`, `position` and `metadata` are the development's own
 * (a correction's version keeps the original's); `type` and `data` are this version's;
 * `since`/`until` its life in recorded time (see RecordedLife). Positions are exact numbers
 * (the table refuses one at or above 2^53).
 */
export interface Version {
  /** The timeline's sort key (see timeline-projection.ts); an open start's `lo` follows its entities' known starts. */
  readonly lo: number;
  readonly hi: number;
  readonly position: number;
  /** The version's valid date: what the development says happened when (undefined: it gives none). */
  readonly date: DateRange | undefined;
  readonly since: number;
  /** Set when a correction or retraction replaces this version. */
  readonly until: number | undefined;
  /** The development's event id, as its index in the amendments' EventIds (see event-ids.ts). */
  readonly eventIndex: number;
  readonly stream: string;
  readonly metadata: EventMetadata;
  readonly type: Development['type'];
  readonly data: Development['data'];
}

/** A new version's row: its sort days worked out from the date its development gives. */
function newVersion(eventIndex: number, stream: string, position: number, metadata: EventMetadata, type: Development['type'], data: Development['data'], since: number): NewVersion {
  const text = definitionOf(type)!.happenedOn(data);
  const date = text === undefined ? undefined : parseDateOnce(text);
  // `| 0`: a day read from a date (whose lo may be -Infinity) can come as a boxed number.
  // An open start's earliest day is set when the timeline files it.
  const lo = date === undefined || date.precision === 'open-start' ? NO_DAY : date.lo | 0;
  const hi = date === undefined ? NO_DAY : date.hi | 0;
  return { lo, hi, position, since, eventIndex, date, stream, metadata, type, data };
}

/** The first version of a development: the event as recorded, whose id is at `eventIndex`. */
export function firstVersion(table: VersionTable, event: ConcordEvent, eventIndex: number): VersionRow {
  const { development } = event;
  const position = exactPosition(event.position);
  return table.add(newVersion(eventIndex, event.stream, position, event.metadata, development.type, development.data, position));
}

/** The next version of the development whose first version is `original`, as of log position `since`. */
export function nextVersion(table: VersionTable, original: VersionRow, development: Development, since: bigint): VersionRow {
  return table.add(newVersion(table.eventIndex(original), table.stream(original), table.seq(original), table.metadata(original), development.type, development.data, exactPosition(since)));
}

/** An event's first version as an object, for its timeline item outside any timeline (see timelineItemOf). */
export function versionOfEvent(event: ConcordEvent, eventIndex: number): Version {
  const { development } = event;
  const position = exactPosition(event.position);
  const { date, lo, hi } = newVersion(eventIndex, event.stream, position, event.metadata, development.type, development.data, position);
  return { lo, hi, position, date, since: position, until: undefined, eventIndex, stream: event.stream, metadata: event.metadata, type: development.type, data: development.data };
}

/** A log position as an exact number; one at or above 2^53 is refused, never rounded. */
export function exactPosition(position: bigint): number {
  const number = Number(position);
  if (!Number.isSafeInteger(number)) throw new VersionTablePositionError(number);
  return number;
}

/**
 * The version as a development, `{type, data}`: the version itself, which has both
 * fields, so that code written for developments (the catalogue's definitions) reads a
 * version without a copy being made.
 */
export function developmentOf(version: Version): Development {
  return version as unknown as Development;
}
