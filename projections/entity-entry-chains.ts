import { LazilySortedEntries, sortByKey, type SortKey } from './state/lazily-sorted-entries.js';

/** Filings per chunk of the columns, as a power of two: 2^16, 512 KiB per chunk of the two columns. */
const CHUNK_BITS = 16;

/** Where the entities' slots start: doubled as entities are added. */
const FIRST_SLOTS = 1024;

/** Marks the end of an entity's chain. */
const END = -1;

/**
 * From this many entries on, an entity's entries are kept sorted (a LazilySortedEntries of
 * its own) instead of sorted from its chain when asked: sorting 4,096 entries costs about
 * half a millisecond, a page asked of a larger entity would cost more each time.
 */
const KEEP_SORTED_FROM = 4_096;

/** How many entities' sorted entries are kept between questions (a client paging through one asks again and again). */
const RECENTLY_SORTED = 64;

/**
 * The timeline's entries by entity: which entries concern each entity, in key order when
 * asked. Kept as one chain per entity through typed columns (an entry's number and the
 * entity's next filing), the entries themselves once each in chunks.
 *
 * Why not a sorted list per entity: at a million events that was about 190,000 lists, each
 * an object and an array (some 570,000 objects, an eighth of the read models' objects),
 * for entities most of which are never asked for (half of them have one or two entries).
 * Every object is one more for each garbage collection to mark and for a snapshot to
 * write and build again. An entity's entries are now gathered from its chain and sorted
 * when a page of its timeline is asked (at most KEEP_SORTED_FROM of them; larger entities
 * keep a sorted list as before), and the last few answers are kept, so paging through one
 * entity sorts it once.
 */
export class EntityEntryChains<E extends SortKey> {
  /** By entity key (interned, see EventEntities): the entity's slot in the columns below. */
  private readonly slots = new Map<string, number>();
  private first = new Int32Array(FIRST_SLOTS);
  private last = new Int32Array(FIRST_SLOTS);
  private counts = new Int32Array(FIRST_SLOTS);
  /** Every entry added, by its number, in chunks of fixed length (never copied as they grow). */
  private readonly entryChunks: E[][] = [];
  private entryCount = 0;
  /** Per filing, in chunks: the entry's number, and the entity's next filing (END: none yet). */
  private readonly entryOfChunks: Int32Array[] = [];
  private readonly nextChunks: Int32Array[] = [];
  private filed = 0;
  /** Entities with KEEP_SORTED_FROM entries or more, by slot: their entries kept sorted. */
  private readonly kept = new Map<number, LazilySortedEntries<E>>();
  /** The sorted entries of the entities asked for last, by slot, with the count they were sorted at. */
  private recentlySorted = new Map<number, { readonly count: number; readonly entries: readonly E[] }>();

  private readonly inChunk: number;

  /** `chunkBits`: smaller in specs, to cross chunks with few entries. */
  constructor(private readonly chunkBits = CHUNK_BITS) {
    this.inChunk = (1 << chunkBits) - 1;
  }

  /** Files the entry under each of its entities (each key once, see entitiesOf). */
  add(entry: E, keys: readonly string[]): void {
    const number = this.entryCount++;
    if ((number & this.inChunk) === 0) this.entryChunks.push(new Array<E>(this.inChunk + 1));
    this.entryChunks[number >>> this.chunkBits]![number & this.inChunk] = entry;
    for (const key of keys) this.file(key, number, entry);
  }

  private file(key: string, number: number, entry: E): void {
    let slot = this.slots.get(key);
    if (slot === undefined) {
      slot = this.slots.size;
      if (slot === this.first.length) this.growSlots(slot * 2);
      this.slots.set(key, slot);
      this.first[slot] = END;
    }
    const count = ++this.counts[slot]!;
    const list = this.kept.get(slot);
    if (list !== undefined) return list.add(entry);
    const at = this.filed++;
    if ((at & this.inChunk) === 0) {
      this.entryOfChunks.push(new Int32Array(this.inChunk + 1));
      this.nextChunks.push(new Int32Array(this.inChunk + 1));
    }
    this.entryOfChunks[at >>> this.chunkBits]![at & this.inChunk] = number;
    this.nextChunks[at >>> this.chunkBits]![at & this.inChunk] = END;
    if (this.first[slot] === END) this.first[slot] = at;
    else {
      const previous = this.last[slot]!;
      this.nextChunks[previous >>> this.chunkBits]![previous & this.inChunk] = at;
    }
    this.last[slot] = at;
    if (count >= KEEP_SORTED_FROM) {
      // From now on kept sorted: the chain is no longer read (nor filed to) for this entity.
      const sorted = new LazilySortedEntries<E>();
      for (const each of this.chained(slot)) sorted.add(each);
      this.kept.set(slot, sorted);
      this.recentlySorted.delete(slot);
    }
  }

  /** The entity's entries in key order (empty for an entity never filed). */
  sorted(key: string): readonly E[] {
    const slot = this.slots.get(key);
    if (slot === undefined) return [];
    const list = this.kept.get(slot);
    if (list !== undefined) return list.view();
    const count = this.counts[slot]!;
    const known = this.recentlySorted.get(slot);
    if (known !== undefined && known.count === count) return known.entries;
    const entries = sortByKey(this.chained(slot));
    this.recentlySorted.delete(slot);
    if (this.recentlySorted.size >= RECENTLY_SORTED) this.recentlySorted.delete(this.recentlySorted.keys().next().value!);
    this.recentlySorted.set(slot, { count, entries });
    return entries;
  }

  /**
   * The entity's kept sorted list, if it has one: to change the key of an entry in it, take
   * the entry out of that list first (LazilySortedEntries.takeOut). Otherwise forgets the
   * entity's sorted entries, so the next question sorts them under the changed keys.
   */
  beforeKeyChange(key: string): LazilySortedEntries<E> | undefined {
    const slot = this.slots.get(key);
    if (slot === undefined) return undefined;
    const list = this.kept.get(slot);
    if (list === undefined) this.recentlySorted.delete(slot);
    return list;
  }

  /** After a catch-up: the slots at their exact length, the kept lists compacted, nothing held for questions. */
  compact(): void {
    this.growSlots(this.slots.size);
    for (const list of this.kept.values()) list.compact();
    this.recentlySorted = new Map();
  }

  /** The entity's entries in the order they were filed. */
  private chained(slot: number): E[] {
    const entries = new Array<E>(this.counts[slot]!);
    let n = 0;
    for (let at = this.first[slot]!; at !== END; at = this.nextChunks[at >>> this.chunkBits]![at & this.inChunk]!) {
      const number = this.entryOfChunks[at >>> this.chunkBits]![at & this.inChunk]!;
      entries[n++] = this.entryChunks[number >>> this.chunkBits]![number & this.inChunk]!;
    }
    entries.length = n;
    return entries;
  }

  private growSlots(capacity: number): void {
    const used = this.slots.size;
    const size = Math.max(capacity, 1);
    const grown = (from: Int32Array) => {
      const to = new Int32Array(size);
      to.set(from.subarray(0, used));
      return to;
    };
    this.first = grown(this.first);
    this.last = grown(this.last);
    this.counts = grown(this.counts);
  }
}
