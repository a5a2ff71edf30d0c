import { compareText } from './ordering.js';

/**
 * A one-to-many index of ids (a group's working groups), each answer
 * sorted so views never depend on arrival order, each id once however many versions of
 * a development name it. Sorted as RelationIndex is (when a catch-up ends, then on the
 * read after an add out of order), in a plain array: a key holds a few dozen ids, and
 * looking one up there costs less than the Set kept per key did, in time and in heap.
 * Tenures, and the records views read many of (a group's meetings, a party's
 * agreements), have their own index (RelationIndex), which holds the records themselves.
 */
export class MultiIndex {
  private readonly entries = new Map<string, { values: string[]; sorted: boolean }>();

  add(key: string, value: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) {
      this.entries.set(key, { values: [value], sorted: true });
      return;
    }
    const { values } = entry;
    if (values.includes(value)) return;
    if (entry.sorted && compareText(values[values.length - 1]!, value) > 0) entry.sorted = false;
    values.push(value);
  }

  /** The key's ids in text order: the index's own array, to be read before the next add. */
  get(key: string): readonly string[] {
    const entry = this.entries.get(key);
    if (entry === undefined) return NONE;
    if (!entry.sorted) (entry.values.sort(compareText), (entry.sorted = true));
    return entry.values;
  }

  /** After a catch-up: every key sorted, in an array of its exact length. */
  compact(): void {
    for (const entry of this.entries.values()) {
      if (!entry.sorted) (entry.values.sort(compareText), (entry.sorted = true));
      entry.values = entry.values.slice();
    }
  }
}

const NONE: readonly never[] = Object.freeze([]);
