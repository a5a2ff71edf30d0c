import { compareEntries, sortByKey, type EntryKeys } from './timeline-sort-keys.js';
import { TwoSortedRuns } from './two-sorted-runs.js';

/**
 * Timeline entries in key order (see TwoSortedRuns), their keys read through `keys` (the
 * versions' table, see EntryKeys). The timeline keeps one per entity with many entries
 * (see EntityEntryChains) and two for the whole log (see WholeLogLists).
 */
export class LazilySortedEntries<E> extends TwoSortedRuns<E> {
  /** A reference to the keys the lists share (a table, written once to a snapshot), not a function: a snapshot cannot hold one. */
  constructor(protected readonly keys: EntryKeys<E>) {
    super();
  }

  protected compare(a: E, b: E): number {
    return compareEntries(this.keys, a, b);
  }

  protected sorted(added: E[]): E[] {
    return sortByKey(this.keys, added);
  }
}
