/** Links per chunk of the columns, as a power of two: 2^16, 256 KiB per Int32 chunk. */
const CHUNK_BITS = 16;

/** Where the keys' slots start: doubled as keys are added. */
const FIRST_SLOTS = 1024;

/** Marks the end of a chain. */
export const END = -1;

/**
 * Per key (an entity's, numbered by EntityKeys), a chain of links in the order they were
 * appended, kept in typed columns: per key its first and last link and its count, per
 * link the key's next. What a link stands for is kept by the caller in columns of its own
 * indexed by the link's number (see ChunkedInt32Column, ChunkedBigUint64Column), chunked
 * the same way.
 *
 * Why not an array per key: at a million events the read models keep a couple of million
 * such links under a couple of hundred thousand keys. Arrays per key are as many objects
 * for every collection to mark and every snapshot to write and build again, and appending
 * writes into arrays spread over the whole heap; here an append writes at the end of the
 * columns and into its key's previous link. The columns grow by chunks of fixed size,
 * never by copying: a live server appending one more link never reallocates tens of MiB at
 * once (which, copied on the first event after a catch-up at 1M, started a full marking of
 * the heap that slowed the reads after it). Reading a key's links walks its chain, one
 * step per link. Keys are the callers' numbers, not strings: a Map from key to slot was a
 * probe of a table of some 200,000 entries per append, mostly a cache miss.
 */
export class KeyedChains {
  private first = new Int32Array(FIRST_SLOTS).fill(END);
  private last = new Int32Array(FIRST_SLOTS);
  private counts = new Int32Array(FIRST_SLOTS);
  private readonly next: ChunkedInt32Column;
  private linked = 0;
  /** One past the highest key appended under. */
  private keys = 0;

  /** `chunkBits`: smaller in specs, to cross chunks with few links. */
  constructor(readonly chunkBits = CHUNK_BITS) {
    this.next = new ChunkedInt32Column(chunkBits);
  }

  /**
   * Appends a link to the chain of `key` (a number from 0; callers number their keys
   * densely, see EntityKeys); answers the link's number (0, 1, 2, … over all keys).
   */
  append(key: number): number {
    const link = this.linked++;
    this.next.set(link, END);
    if (key >= this.keys) {
      if (key >= this.first.length) this.growSlots(Math.max(key + 1, this.first.length * 2));
      this.keys = key + 1;
    }
    if (this.counts[key] === 0) this.first[key] = link;
    else this.next.set(this.last[key]!, link);
    this.last[key] = link;
    this.counts[key] = this.counts[key]! + 1;
    return link;
  }

  /** How many links the key's chain holds (0: none, or a key never appended under). */
  countOf(key: number): number {
    return key < this.keys ? this.counts[key]! : 0;
  }

  /** The key's first link (END: none). */
  firstOf(key: number): number {
    return key < this.keys ? this.first[key]! : END;
  }

  /** The link after this one in its key's chain (END: the last). */
  nextOf(link: number): number {
    return this.next.get(link);
  }

  /** After a catch-up: the slots' columns at their exact length (doubling leaves up to as much again spare). */
  compact(): void {
    this.growSlots(this.keys);
  }

  private growSlots(capacity: number): void {
    const used = this.keys;
    const size = Math.max(capacity, 1);
    const grown = (from: Int32Array, fill: number) => {
      const to = new Int32Array(size);
      if (fill !== 0) to.fill(fill, used);
      to.set(from.subarray(0, used));
      return to;
    };
    this.first = grown(this.first, END);
    this.last = grown(this.last, 0);
    this.counts = grown(this.counts, 0);
  }
}

/** What a column's chunk is: a typed array of its numbers. */
interface Chunk<T> {
  [at: number]: T;
}

/** A column of numbers by number (a link's, say), in chunks of fixed size allocated as the numbers reach them. */
abstract class ChunkedColumn<T> {
  private readonly chunks: Chunk<T>[] = [];
  private readonly inChunk: number;

  constructor(private readonly chunkBits = CHUNK_BITS) {
    this.inChunk = (1 << chunkBits) - 1;
  }

  protected abstract newChunk(length: number): Chunk<T>;

  /** `at` is at most one past the last number set: the column grows by appending. */
  set(at: number, value: T): void {
    const chunk = at >>> this.chunkBits;
    if (chunk === this.chunks.length) this.chunks.push(this.newChunk(this.inChunk + 1));
    this.chunks[chunk]![at & this.inChunk] = value;
  }

  get(at: number): T {
    return this.chunks[at >>> this.chunkBits]![at & this.inChunk]!;
  }
}

export class ChunkedInt32Column extends ChunkedColumn<number> {
  protected newChunk(length: number): Int32Array {
    return new Int32Array(length);
  }
}

/** Unsigned 64-bit integers: log positions. */
export class ChunkedBigUint64Column extends ChunkedColumn<bigint> {
  protected newChunk(length: number): BigUint64Array {
    return new BigUint64Array(length);
  }
}
