/**
 * A map of at most `capacity` entries that drops the least recently kept one when a new
 * one would exceed it. `keep` makes an entry the most recent; `get` does not.
 *
 * Why the oldest entry is found through an iterator kept across evictions: a Map keeps
 * its insertion order in a table in which a deleted entry leaves a hole until the table is
 * rebuilt, and `keys().next()` walks from the table's start over every hole. Here each
 * eviction and each `keep` of a kept key leaves one, so taking `keys().next()` for every
 * eviction walked thousands of holes: 8-13 µs an eviction at 10,000 entries on Node 20
 * (a pool of stream snapshots is full after 10,000 streams, and every POST that registers
 * something evicts one). The iterator kept here never walks a hole twice. It yields the
 * oldest live entry: every entry it has passed was either evicted by it or deleted
 * (a kept key is deleted and set again at the end, where the iterator meets it later).
 */
export class LeastRecentlyUsed<K, V> {
  private readonly entries = new Map<K, V>();
  private oldest: Iterator<K> = this.entries.keys();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The entry, without making it more recent. */
  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  /** Sets the entry and makes it the most recent, dropping the least recent one beyond the capacity. */
  keep(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.takeOldest());
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  /** Keys from the least to the most recent. */
  keys(): IterableIterator<K> {
    return this.entries.keys();
  }

  private takeOldest(): K {
    let next = this.oldest.next();
    // Done once it has passed the last entry (a finished Map iterator stays finished): start again from the table's start.
    if (next.done === true) {
      this.oldest = this.entries.keys();
      next = this.oldest.next();
    }
    return next.value as K;
  }
}
