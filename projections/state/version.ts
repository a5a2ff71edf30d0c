import { definitionOf, type Development } from '../../events/catalogue.js';
import type { DateRange } from '../../events/dates.js';
import type { ConcordEvent } from '../../events/decode-event.js';
import type { EventMetadata } from '../../events/metadata.js';
import { sequenceOf } from './timeline-sort-keys.js';
import { parseDateOnce } from './valid-dates.js';

/**
 * The day bound of an undated item, and the earliest day of an open start whose entities'
 * starts are unknown: below every real day (years 0000-9999 are within +-4 million days).
 * A small integer, not -Infinity, so that V8 keeps the sort keys of a million versions as
 * small integers in the objects themselves: a non-integer key makes it box every
 * version's days in separate heap numbers (32 bytes each) and slows each sort comparison.
 */
export const NO_DAY = -(2 ** 30);

/**
 * One version of a development: the development as first recorded, or as a correction
 * left it. Every read model keeps this one object for it: the timeline files it as an
 * entry (sorted by lo, hi, position), the entity history as a fact of the entity it
 * concerns, and the amendments as the version a correction replaces. At a million events
 * the read models are mostly small objects per event; the timeline's entry, the history's
 * fact, the retained event and its development were four, with their position, id, date
 * and recorded-time life each kept twice. As one they took 16 MiB less at 100,000 events.
 *
 * `eventIndex`, `stream`, `position` and `metadata` are the development's own
 * (a correction's version keeps the original's); `type` and `data` are this version's;
 * `since`/`until` its life in recorded time (see RecordedLife).
 */
export interface Version {
  /** The timeline's sort key (see timeline-projection.ts); an open start's `lo` follows its entities' known starts. */
  lo: number;
  readonly hi: number;
  readonly position: bigint;
  /** The position as a number, for cheap comparisons (see SortKey). */
  readonly seq: number;
  /** The version's valid date: what the development says happened when (undefined: it gives none). */
  readonly date: DateRange | undefined;
  readonly since: bigint;
  /** Set when a correction or retraction replaces this version. */
  until: bigint | undefined;
  /** The development's event id, as its index in the amendments' EventIds (see event-ids.ts). */
  readonly eventIndex: number;
  readonly stream: string;
  readonly metadata: EventMetadata;
  readonly type: Development['type'];
  readonly data: Development['data'];
}

/**
 * Written out as one literal of fixed shape (not a class: V8 defines class fields one by
 * one, and a constructor measured slower on a catch-up), with the sort key first, so a
 * sort comparison reads the object's first cache line only.
 */
function versionOf(eventIndex: number, stream: string, position: bigint, metadata: EventMetadata, type: Development['type'], data: Development['data'], since: bigint): Version {
  const text = definitionOf(type)!.happenedOn(data);
  const date = text === undefined ? undefined : parseDateOnce(text);
  // `| 0`: a day read from a date (whose lo may be -Infinity) can come as a boxed number;
  // stored as is, it would turn every version's days into boxed numbers (see NO_DAY).
  // An open start's earliest day is set when the timeline files it.
  const lo = date === undefined || date.precision === 'open-start' ? NO_DAY : date.lo | 0;
  const hi = date === undefined ? NO_DAY : date.hi | 0;
  return { lo, hi, position, seq: sequenceOf(position), date, since, until: undefined, eventIndex, stream, metadata, type, data };
}

/** The first version of a development: the event as recorded, whose id is at `eventIndex`. */
export function firstVersion(event: ConcordEvent, eventIndex: number): Version {
  const { development } = event;
  return versionOf(eventIndex, event.stream, event.position, event.metadata, development.type, development.data, event.position);
}

/** The next version of the development `original` is the first version of, as of log position `since`. */
export function nextVersion(original: Version, development: Development, since: bigint): Version {
  return versionOf(original.eventIndex, original.stream, original.position, original.metadata, development.type, development.data, since);
}

/**
 * The version as a development, `{type, data}`: the version itself, which has both
 * fields, so that code written for developments (the catalogue's definitions) reads a
 * version without a copy being made.
 */
export function developmentOf(version: Version): Development {
  return version as unknown as Development;
}
