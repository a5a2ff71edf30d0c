/** How timeline entries are ordered: their sort keys, comparing, searching, sorting and merging walks by them. */
import { DayKeyWords, RADIX_SORT_FROM } from './radix-order.js';
import { firstIndexWhere } from './sorted-arrays.js';

/** Timeline sort keys: earliest possible day, latest possible day, log position. */
export interface SortKey {
  readonly lo: number;
  readonly hi: number;
  readonly position: bigint;
  /**
   * The position as a number (see sequenceOf): comparing numbers is much cheaper than
   * comparing bigints, and sorting a million entries compares tens of millions of times.
   */
  readonly seq: number;
}

/** Number(position) rounds monotonically, so unequal sequences order their positions; equal ones may still differ beyond 2^53. */
export function sequenceOf(position: bigint): number {
  return Number(position);
}

export function compareKeys(a: SortKey, b: SortKey): number {
  if (a.lo !== b.lo) return a.lo < b.lo ? -1 : 1;
  if (a.hi !== b.hi) return a.hi < b.hi ? -1 : 1;
  if (a.seq !== b.seq) return a.seq < b.seq ? -1 : 1;
  return a.position < b.position ? -1 : a.position > b.position ? 1 : 0;
}

/** The entries from index `from` on. */
export function* scan<E>(entries: readonly E[], from: number): Generator<E> {
  for (let i = from; i < entries.length; i++) yield entries[i]!;
}

/** Index of the first entry whose key is not less than `key`. */
export function firstAtOrAfter(entries: readonly SortKey[], key: SortKey): number {
  return firstIndexWhere(entries, (entry) => compareKeys(entry, key) >= 0);
}

/** Index of the first entry whose key is greater than `key`. */
export function firstAfter(entries: readonly SortKey[], key: SortKey): number {
  return firstIndexWhere(entries, (entry) => compareKeys(entry, key) > 0);
}

/**
 * The entries in key order (in place for a short run, a new array for a long one). A long
 * run is ordered by a radix sort over typed arrays holding copies of its keys (see
 * radixOrder): each entry's keys are read once, and no comparator is called (tens of
 * millions of calls for a million entries): the whole timeline after a catch-up of a
 * million events sorted in 0.34-0.38 s against 0.53-0.62 s by index with a comparator over
 * the same typed arrays (one store, builds alternating). The radix sort is
 * stable and sorts on (lo, hi, seq); keys it cannot hold exactly (days beyond 32 bits,
 * sequences beyond 2^53) or two entries of equal numeric keys whose positions differ
 * (only compareKeys tells them apart) are sorted by compareKeys instead. Entries of one
 * position (a development's versions) stay in the order they came, as in a stable sort.
 */
export function sortByKey<E extends SortKey>(entries: E[]): E[] {
  const n = entries.length;
  if (n < RADIX_SORT_FROM) return entries.sort(compareKeys);
  const words = new DayKeyWords(n);
  for (let i = 0; i < n; i++) {
    const entry = entries[i]!;
    if (!words.set(i, entry.lo, entry.hi, entry.seq)) return entries.sort(compareKeys);
  }
  const order = words.order((a, b) => entries[a]!.position !== entries[b]!.position);
  if (order === undefined) return entries.sort(compareKeys);
  const sorted = new Array<E>(n);
  for (let i = 0; i < n; i++) sorted[i] = entries[order[i]!]!;
  return sorted;
}

/** Two walks in key order as one, on equal keys `first`'s entries first (the base run's, see SortedRuns). */
export function* mergeByKey<E extends SortKey>(first: Iterator<E>, second: Iterator<E>): Generator<E> {
  let a = first.next();
  let b = second.next();
  try {
    while (!a.done && !b.done) {
      if (compareKeys(a.value, b.value) <= 0) {
        yield a.value;
        a = first.next();
      } else {
        yield b.value;
        b = second.next();
      }
    }
    for (; !a.done; a = first.next()) yield a.value;
    for (; !b.done; b = second.next()) yield b.value;
  } finally {
    // A page stops as soon as it is full: close both walks too.
    first.return?.();
    second.return?.();
  }
}
