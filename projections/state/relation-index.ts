import { compareText } from './ordering.js';

/**
 * A one-to-many index of relation records (tenures) whose answers are sorted by each
 * record's key, so views never depend on arrival order.
 *
 * Unlike MultiIndex it does not check for a value it holds already: a tenure is added
 * once, by the event that creates it (the caller's own Map of tenures tells it so). That
 * check cost a Map per index key and two lookups in it per add: at a million events the
 * adds of the six tenure indexes were 8.5% of a catch-up, almost all of it in those
 * lookups, against about half as much for appending to two arrays.
 */
export class RelationIndex<V> {
  private readonly entries = new Map<string, RelationBucket<V>>();

  /** `sortKey` orders the values of one key; each value is added once. */
  add(key: string, value: V, sortKey: string): void {
    const bucket = this.entries.get(key);
    if (bucket === undefined) {
      this.entries.set(key, { sortKeys: [sortKey], values: [value], sorted: undefined });
      return;
    }
    bucket.sortKeys.push(sortKey);
    bucket.values.push(value);
    bucket.sorted = undefined;
  }

  /** Sorted, and kept until the key's values change: views ask far more often than events add. */
  get(key: string): readonly V[] {
    const bucket = this.entries.get(key);
    if (bucket === undefined) return NONE as readonly V[];
    return (bucket.sorted ??= sortedValues(bucket));
  }

  /** After a catch-up: each key's values in arrays of their exact length (`push` leaves up to half again spare). */
  compact(): void {
    for (const bucket of this.entries.values()) {
      bucket.sortKeys = bucket.sortKeys.slice();
      bucket.values = bucket.values.slice();
    }
  }
}

interface RelationBucket<V> {
  sortKeys: string[];
  values: V[];
  sorted: readonly V[] | undefined;
}

const NONE: readonly never[] = Object.freeze([]);

function sortedValues<V>({ sortKeys, values }: RelationBucket<V>): readonly V[] {
  const order = sortKeys.map((_, i) => i).sort((a, b) => compareText(sortKeys[a]!, sortKeys[b]!));
  return Object.freeze(order.map((i) => values[i]!));
}
