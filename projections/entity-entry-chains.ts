import { ChunkedInt32Column, END, KeyedChains } from './keyed-chains.js';
import { LazilySortedEntries } from './state/lazily-sorted-entries.js';
import { sortByKey, type EntryKeys } from './state/timeline-sort-keys.js';

/**
 * From this many entries on, an entity's entries are kept sorted (a LazilySortedEntries of
 * its own) as well as chained: sorting 4,096 entries costs about half a millisecond, a
 * page asked of a larger entity would cost more each time.
 */
const KEEP_SORTED_FROM = 4_096;

/** How many entities' sorted entries are kept between questions (a client paging through one asks again and again). */
const RECENTLY_SORTED = 64;

/**
 * The timeline's entries by entity: which entries concern each entity, in key order when
 * asked. Kept as one chain per entity (KeyedChains) with each filing's entry number in a
 * column beside it, the entries themselves once each in chunks.
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
export class EntityEntryChains<E> {
  private readonly chains: KeyedChains;
  /** Per filing (a link of the chains), the entry's number. */
  private readonly entryOf: ChunkedInt32Column;
  /** Every entry added, by its number, in chunks of fixed length (never copied as they grow). */
  private readonly entryChunks: E[][] = [];
  private entryCount = 0;
  private readonly inEntryChunk: number;
  /** Entities with KEEP_SORTED_FROM entries or more, by number: their entries kept sorted. */
  private readonly kept = new Map<number, LazilySortedEntries<E>>();
  /** The sorted entries of the entities asked for last, by number, with the count they were sorted at. */
  private recentlySorted = new Map<number, { readonly count: number; readonly entries: readonly E[] }>();

  /**
   * `keys`: how entries give their sort keys (the versions' table, shared with the kept
   * lists); `chunkBits`: smaller in specs, to cross chunks with few entries (the entries'
   * chunks are the chains').
   */
  constructor(
    private readonly keys: EntryKeys<E>,
    chunkBits?: number,
  ) {
    this.chains = new KeyedChains(chunkBits);
    this.entryOf = new ChunkedInt32Column(this.chains.chunkBits);
    this.inEntryChunk = (1 << this.chains.chunkBits) - 1;
  }

  /** Files the entry under each of its entities (their numbers, each once: see entityNumbersOf). */
  add(entry: E, entities: readonly number[]): void {
    const number = this.entryCount++;
    if ((number & this.inEntryChunk) === 0) this.entryChunks.push(new Array<E>(this.inEntryChunk + 1));
    this.entryChunks[number >>> this.chains.chunkBits]![number & this.inEntryChunk] = entry;
    for (const entity of entities) {
      this.entryOf.set(this.chains.append(entity), number);
      // Only an entity past the threshold has a kept list: most filings look nothing up.
      const count = this.chains.countOf(entity);
      if (count > KEEP_SORTED_FROM) this.kept.get(entity)!.add(entry);
      else if (count === KEEP_SORTED_FROM) this.keepSorted(entity);
    }
  }

  /** From now on the entity's entries are kept sorted as they come. */
  private keepSorted(entity: number): void {
    const sorted = new LazilySortedEntries<E>(this.keys);
    for (const each of this.chained(entity)) sorted.add(each);
    this.kept.set(entity, sorted);
    this.recentlySorted.delete(entity);
  }

  /** The entity's entries in key order (empty for an entity never filed, or undefined: one never met). */
  sorted(entity: number | undefined): readonly E[] {
    if (entity === undefined) return [];
    const list = this.kept.get(entity);
    if (list !== undefined) return list.view();
    const count = this.chains.countOf(entity);
    if (count === 0) return [];
    const known = this.recentlySorted.get(entity);
    if (known !== undefined && known.count === count) return known.entries;
    const entries = sortByKey(this.keys, this.chained(entity));
    this.recentlySorted.delete(entity);
    if (this.recentlySorted.size >= RECENTLY_SORTED) this.recentlySorted.delete(this.recentlySorted.keys().next().value!);
    this.recentlySorted.set(entity, { count, entries });
    return entries;
  }

  /**
   * The entity's kept sorted list, if it has one: to change the key of an entry in it, take
   * the entry out of that list first (LazilySortedEntries.takeOut). Otherwise forgets the
   * entity's sorted entries, so the next question sorts them under the changed keys.
   */
  beforeKeyChange(entity: number): LazilySortedEntries<E> | undefined {
    const list = this.kept.get(entity);
    if (list === undefined) this.recentlySorted.delete(entity);
    return list;
  }

  /** After a catch-up: the chains' slots at their exact length, the kept lists compacted, nothing held for questions. */
  compact(): void {
    this.chains.compact();
    for (const list of this.kept.values()) list.compact();
    this.recentlySorted = new Map();
  }

  /** The entity's entries in the order they were filed. */
  private chained(entity: number): E[] {
    const entries = new Array<E>(this.chains.countOf(entity));
    let n = 0;
    for (let link = this.chains.firstOf(entity); link !== END; link = this.chains.nextOf(link)) {
      const number = this.entryOf.get(link);
      entries[n++] = this.entryChunks[number >>> this.chains.chunkBits]![number & this.inEntryChunk]!;
    }
    return entries;
  }
}
