/** One entry, linked to its neighbours in recency. */
interface Entry<K, V> {
  readonly key: K;
  value: V;
  older: Entry<K, V> | undefined;
  newer: Entry<K, V> | undefined;
}

/**
 * A map of at most `capacity` entries that drops the least recently kept one when a new
 * one would exceed it. `keep` makes an entry the most recent; `get` does not.
 *
 * Why a list of its own instead of a Map's insertion order: dropping the oldest entry as
 * `keys().next()` walks from the start of the Map's table over every hole deleted entries
 * left there (a table is rebuilt only when full), 8-13 µs an eviction at 10,000 entries
 * on Node 20, and the pool of stream snapshots evicts on every POST that registers
 * something once 10,000 streams are pooled. An iterator kept across evictions walks no
 * hole twice, but one that is not advanced keeps every table the Map has outgrown since
 * alive (V8 links an outgrown table to its successor for the iterators on it): 377 MiB
 * after 5 million keeps of 64 keys with no eviction, as a pool of a few busy streams
 * would do. Here an eviction and a keep are a few pointer moves, and nothing walks the
 * Map.
 */
export class LeastRecentlyUsed<K, V> {
  private readonly entries = new Map<K, Entry<K, V>>();
  private oldest: Entry<K, V> | undefined;
  private newest: Entry<K, V> | undefined;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The entry's value, without making it more recent. */
  get(key: K): V | undefined {
    return this.entries.get(key)?.value;
  }

  /** Sets the entry and makes it the most recent, dropping the least recent one beyond the capacity. */
  keep(key: K, value: V): void {
    let entry = this.entries.get(key);
    if (entry === undefined) {
      entry = { key, value, older: undefined, newer: undefined };
      this.entries.set(key, entry);
    } else {
      entry.value = value;
      this.unlink(entry);
    }
    this.linkNewest(entry);
    if (this.entries.size > this.capacity) this.delete(this.oldest!.key);
  }

  delete(key: K): boolean {
    const entry = this.entries.get(key);
    if (entry === undefined) return false;
    this.unlink(entry);
    return this.entries.delete(key);
  }

  /** Keys from the least to the most recent. */
  *keys(): IterableIterator<K> {
    for (let entry = this.oldest; entry !== undefined; entry = entry.newer) yield entry.key;
  }

  private unlink(entry: Entry<K, V>): void {
    if (entry.older === undefined) this.oldest = entry.newer;
    else entry.older.newer = entry.newer;
    if (entry.newer === undefined) this.newest = entry.older;
    else entry.newer.older = entry.older;
    entry.older = entry.newer = undefined;
  }

  private linkNewest(entry: Entry<K, V>): void {
    entry.older = this.newest;
    if (this.newest === undefined) this.oldest = entry;
    else this.newest.newer = entry;
    this.newest = entry;
  }
}
