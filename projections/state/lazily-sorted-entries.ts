import { compareKeys, sortByKey, type SortKey } from './timeline-sort-keys.js';
import { TwoSortedRuns } from './two-sorted-runs.js';

/**
 * Timeline entries in key order (see TwoSortedRuns). The timeline keeps one per entity
 * (about 200,000 at a million events) and two for the whole log (see WholeLogLists).
 */
export class LazilySortedEntries<E extends SortKey> extends TwoSortedRuns<E> {
  protected compare(a: E, b: E): number {
    return compareKeys(a, b);
  }

  protected sorted(added: E[]): E[] {
    return sortByKey(added);
  }
}
