import type { DateRange } from '../../../events/dates.js';
import { compareByKeys, compareEntries, type WholeLogKeys } from '../../../projections/state/timeline-sort-keys.js';

/**
 * What a spec's entry may carry as fields: the keys the read models read through their
 * versions' table (see EntryKeys, WholeLogKeys). Each reading method asks only for its own
 * field, so an entry needs only the fields the list under test reads.
 */
export interface KeyFields {
  readonly lo: number;
  readonly hi: number;
  /** The log position, an exact number. */
  readonly seq: number;
  /** The log position from which the entry is known. */
  readonly since: number;
  readonly date: DateRange | undefined;
}

/** What a sorted list reads of an entry: its sort key. */
export type SortFields = Pick<KeyFields, 'lo' | 'hi' | 'seq'>;

/**
 * Keys read from plain objects' fields: the specs' stand-in for the versions' table,
 * methods on a prototype as the table's are. Each method asks for its own field only, so
 * the entry type cannot be inferred from these keys: a generic function is called with it
 * given (`sortByKey<SortFields>(objectKeys, entries)`), a class constructed with it.
 */
export class ObjectEntryKeys implements WholeLogKeys<KeyFields> {
  lo(entry: Pick<KeyFields, 'lo'>): number {
    return entry.lo;
  }

  hi(entry: Pick<KeyFields, 'hi'>): number {
    return entry.hi;
  }

  seq(entry: Pick<KeyFields, 'seq'>): number {
    return entry.seq;
  }

  since(entry: Pick<KeyFields, 'since'>): number {
    return entry.since;
  }

  date(entry: Pick<KeyFields, 'date'>): DateRange | undefined {
    return entry.date;
  }

  compare(a: SortFields, b: SortFields): number {
    return compareByKeys<SortFields>(this, a, b);
  }
}

export const objectKeys = new ObjectEntryKeys();

/** Key order of plain objects (lo, hi, then position), as a comparator for the specs' references. */
export function inKeyOrder(a: SortFields, b: SortFields): number {
  return compareEntries<SortFields>(objectKeys, a, b);
}
