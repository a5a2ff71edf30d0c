import { compareText } from './ordering.js';

/**
 * A one-to-many index of relation records (tenures) whose answers are sorted by each
 * record's key, so views never depend on arrival order.
 *
 * A key's values are sorted in place when a catch-up ends (`compact`), and afterwards on
 * the first read after an add out of order. Before, each key was sorted into a copy on
 * its first read, and at a million events that read was a view's: sorting a group's 150
 * memberships and each of its meetings' chairs was a sixth of a first entity view. Kept
 * sorted on every add instead, the catch-up took a fifth longer (a search and a splice
 * per tenure).
 *
 * Unlike MultiIndex it does not check for a value it holds already: a tenure is added
 * once, by the event that creates it (the caller's own Map of tenures tells it so).
 */
export class RelationIndex<V> {
  private readonly entries = new Map<string, RelationBucket<V>>();

  /** `sortKey` orders the values of one key; each value is added once. */
  add(key: string, value: V, sortKey: string): void {
    const bucket = this.entries.get(key);
    if (bucket === undefined) {
      this.entries.set(key, { sortKeys: [sortKey], values: [value], order: EXACT });
      return;
    }
    if (bucket.order !== UNSORTED) bucket.order = compareText(bucket.sortKeys[bucket.sortKeys.length - 1]!, sortKey) > 0 ? UNSORTED : SORTED;
    bucket.sortKeys.push(sortKey);
    bucket.values.push(value);
  }

  /** The key's values in sort-key order (equal keys in arrival order): the index's own array, to be read before the next add. */
  get(key: string): readonly V[] {
    const bucket = this.entries.get(key);
    if (bucket === undefined) return NONE;
    if (bucket.order === UNSORTED) sortBucket(bucket);
    return bucket.values;
  }

  /** The key's values as filed, in no particular order (nothing is sorted for it): for the fold, which only updates them. */
  filed(key: string): readonly V[] {
    return this.entries.get(key)?.values ?? NONE;
  }

  /**
   * After a catch-up: every key sorted, in arrays of their exact length (`push` leaves up
   * to half again spare). Only the keys added to since: after a start from a snapshot,
   * copying every key's arrays again left their first copies as garbage in the old
   * generation (see graph-reader.ts).
   */
  compact(): void {
    for (const bucket of this.entries.values()) {
      if (bucket.order === UNSORTED) sortBucket(bucket);
      if (bucket.order === EXACT) continue;
      bucket.sortKeys = bucket.sortKeys.slice();
      bucket.values = bucket.values.slice();
      bucket.order = EXACT;
    }
  }
}

/** `values` out of sort-key order. */
const UNSORTED = 0;
/** In sort-key order, with spare slots `push` may have left. */
const SORTED = 1;
/** In sort-key order, in arrays of their exact length. */
const EXACT = 2;

interface RelationBucket<V> {
  sortKeys: string[];
  values: V[];
  order: typeof UNSORTED | typeof SORTED | typeof EXACT;
}

const NONE: readonly never[] = Object.freeze([]);

/** Reorders both arrays by sort key; a stable sort keeps equal keys in arrival order. */
function sortBucket<V>(bucket: RelationBucket<V>): void {
  const { sortKeys, values } = bucket;
  const order = sortKeys.map((_, i) => i).sort((a, b) => compareText(sortKeys[a]!, sortKeys[b]!));
  bucket.sortKeys = order.map((i) => sortKeys[i]!);
  // Made by map: arrays of their exact length.
  bucket.values = order.map((i) => values[i]!);
  bucket.order = EXACT;
}
