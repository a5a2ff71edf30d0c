import { compareText } from './ordering.js';

/**
 * The keys of a map that is only ever added to, never deleted from (the entity history's
 * maps), in text order, kept between calls: a call after keys were added sorts only those (a Map
 * iterates in insertion order, so they are its last keys) and merges them in.
 *
 * Why: a page of a whole state (/state) walks every id of each list in order, and
 * sorting them afresh for each page cost every page O(n log n) string comparisons (tens
 * of thousands of ids at a million events), however short the page.
 */
const sortedByMap = new WeakMap<ReadonlyMap<string, unknown>, readonly string[]>();

const NONE: readonly string[] = Object.freeze([]);

export function sortedKeysOf(map: ReadonlyMap<string, unknown>): readonly string[] {
  const known = sortedByMap.get(map) ?? NONE;
  if (known.length === map.size) return known;
  const added: string[] = [];
  let i = 0;
  for (const key of map.keys()) if (i++ >= known.length) added.push(key);
  const sorted = mergeTexts(known, added.sort(compareText));
  sortedByMap.set(map, sorted);
  return sorted;
}

/** The index of the first key after `key` in `sorted` keys. */
export function firstKeyAfter(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareText(sorted[mid]!, key) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function mergeTexts(a: readonly string[], b: readonly string[]): string[] {
  const merged = new Array<string>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) merged[k++] = compareText(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!;
  while (i < a.length) merged[k++] = a[i++]!;
  while (j < b.length) merged[k++] = b[j++]!;
  return merged;
}
