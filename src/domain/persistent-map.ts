/**
 * An immutable map from strings whose `set` copies one of its buckets rather than every
 * entry. `evolve` adds to a map once per development and must leave the previous state
 * untouched; copying a whole Map each time made folding a group with a thousand members
 * quadratic (hundreds of milliseconds on every command).
 */
const BUCKETS = 64;

/** FNV-1a: cheap and spreads slugs such as `org-1`, `org-2` across buckets. */
function bucketOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % BUCKETS;
}

export class PersistentMap<V> implements Iterable<[string, V]> {
  private static readonly EMPTY = new PersistentMap<never>(new Array(BUCKETS).fill(undefined), 0);

  static empty<V>(): PersistentMap<V> {
    return PersistentMap.EMPTY;
  }

  private constructor(
    private readonly buckets: readonly (ReadonlyMap<string, V> | undefined)[],
    readonly size: number,
  ) {}

  get(key: string): V | undefined {
    return this.buckets[bucketOf(key)]?.get(key);
  }

  has(key: string): boolean {
    return this.buckets[bucketOf(key)]?.has(key) ?? false;
  }

  set(key: string, value: V): PersistentMap<V> {
    const index = bucketOf(key);
    const bucket = new Map(this.buckets[index]);
    const added = bucket.has(key) ? 0 : 1;
    bucket.set(key, value);
    const buckets = [...this.buckets];
    buckets[index] = bucket;
    return new PersistentMap(buckets, this.size + added);
  }

  /** Entries grouped by bucket: a stable order, but not the order of insertion. */
  *[Symbol.iterator](): Iterator<[string, V]> {
    for (const bucket of this.buckets) if (bucket) yield* bucket;
  }
}
