import { compareText } from './ordering.js';
import { firstIndexWhere, mergeSortedBy } from './sorted-arrays.js';

/** Each map's keys in text order, as last answered (see sortedKeysOf). */
const sortedByMap = new WeakMap<ReadonlyMap<string, unknown>, readonly string[]>();

const NONE: readonly string[] = Object.freeze([]);

/**
 * The keys of a map that is only ever added to, never deleted from (the entity history's
 * maps), in text order, kept between calls: a call after keys were added sorts only
 * those (a Map iterates in insertion order, so they are its last keys) and merges them in.
 *
 * Why: a page of a whole state (/state) walks every id of each list in order, and
 * sorting them afresh for each page cost every page O(n log n) string comparisons (tens
 * of thousands of ids at a million events), however short the page.
 */
export function sortedKeysOf(map: ReadonlyMap<string, unknown>): readonly string[] {
  const known = sortedByMap.get(map) ?? NONE;
  if (known.length === map.size) return known;
  const added: string[] = [];
  let i = 0;
  for (const key of map.keys()) if (i++ >= known.length) added.push(key);
  const sorted = mergeSortedBy(known, added.sort(compareText), compareText);
  sortedByMap.set(map, sorted);
  return sorted;
}

/** The index of the first key after `key` in `sorted` keys. */
export function firstKeyAfter(sorted: readonly string[], key: string): number {
  return firstIndexWhere(sorted, (k) => compareText(k, key) > 0);
}
