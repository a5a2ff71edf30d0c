/**
 * The event ids the read models keep, one per development and correction, as numbers
 * into this table rather than as strings. An id as a string is 56 bytes of heap, and the
 * amendments' map from id to version took about 28 MiB more at a million events (about a
 * tenth of the read models together). Here a UUID in Concord's canonical form (lowercase,
 * hyphenated: what Concord writes) takes 16 bytes, and finding one takes a slot of 4 bytes
 * in an open-addressing table at most half full. Any other string (a hand-made log may hold
 * one; stores accept any id) is kept as it is, so every id reads back exactly as stored.
 *
 * Only grows: the read models keep every development for as long as they live.
 */

/** Ids per chunk of words: 256 KiB, so growing never copies what is already stored. */
const CHUNK_BITS = 14;
const CHUNK_SIZE = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK_SIZE - 1;
const WORDS_PER_ID = 4;

/** A slot holding no id (slots hold index + 1). */
const EMPTY = 0;
const FIRST_SLOTS = 1 << 10;
/**
 * Ids of the table before a growth filed into the new one with each add (see grow): at a
 * million ids, filing them all at once held the event loop 107-139 ms (a live server's
 * reads and writes waiting), twice that at two million. Growth comes again only once as
 * many ids as the table held are added, long after these have caught up.
 */
const REFILE_PER_ADD = 32;

/** Value of each lowercase hex digit by character code; -1 for any other character. */
const HEX_VALUE = new Int8Array(128).fill(-1);
for (let digit = 0; digit < 16; digit++) HEX_VALUE['0123456789abcdef'.charCodeAt(digit)] = digit;
/** Character codes of the lowercase hex digits, by value. */
const HEX_CODES = Array.from('0123456789abcdef', (digit) => digit.charCodeAt(0));

/** Where the hyphens of a canonical UUID are; the other 32 characters are hex digits. */
const isHyphenAt = (i: number) => i === 8 || i === 13 || i === 18 || i === 23;
const HYPHEN = '-'.charCodeAt(0);
/** The character codes of the id idAt makes, its hyphens in place; reused, as ids are made one at a time. */
const ID_CODES: number[] = Array.from({ length: 36 }, (_, i) => (isHyphenAt(i) ? HYPHEN : HEX_CODES[0]!));

/** Where the words of the id at `index` start in its chunk. */
const offsetOf = (index: number) => (index & CHUNK_MASK) * WORDS_PER_ID;

export class EventIds {
  private readonly chunks: Uint32Array[] = [];
  private count = 0;
  private slots = new Int32Array(FIRST_SLOTS);
  /** While the table grows: the slots before, which still hold the ids from `refiled` up to `refileUpTo` (see grow). */
  private previous: Int32Array | undefined = undefined;
  private refiled = 0;
  private refileUpTo = 0;
  /** Ids not in canonical form, both ways (rare: Concord itself only writes canonical ones). */
  private readonly otherIds = new Map<number, string>();
  private readonly otherIndexes = new Map<string, number>();
  /** The words of the id being added or found; reused, so a lookup allocates nothing. */
  private readonly scratch = new Uint32Array(WORDS_PER_ID);

  /** How many distinct ids the table holds. */
  get size(): number {
    return this.count;
  }

  /** The index of `id`: the one it already has, or a new one (indexes count up from 0). */
  add(id: string): number {
    if (!wordsOf(id, this.scratch)) {
      const known = this.otherIndexes.get(id);
      if (known !== undefined) return known;
      const index = this.count++;
      this.otherIds.set(index, id);
      this.otherIndexes.set(id, index);
      return index;
    }
    const slot = this.slotOf(this.slots, this.scratch);
    if (this.slots[slot] !== EMPTY) return this.slots[slot]! - 1;
    const before = this.inPrevious(this.scratch);
    if (before !== EMPTY) return before - 1;
    const index = this.count++;
    // Chunks are by index, other ids' too (their words stay unused), so an index finds its words directly.
    while (this.chunks.length <= index >>> CHUNK_BITS) this.chunks.push(new Uint32Array(CHUNK_SIZE * WORDS_PER_ID));
    this.chunkOf(index).set(this.scratch, offsetOf(index));
    this.slots[slot] = index + 1;
    if (this.previous !== undefined) this.refile(REFILE_PER_ADD);
    if ((this.count - this.otherIds.size) * 2 > this.slots.length) this.grow();
    return index;
  }

  /** The index of `id`, or -1 if the table does not hold it. */
  find(id: string): number {
    if (!wordsOf(id, this.scratch)) return this.otherIndexes.get(id) ?? -1;
    const held = this.slots[this.slotOf(this.slots, this.scratch)]!;
    return (held !== EMPTY ? held : this.inPrevious(this.scratch)) - 1;
  }

  /** The id at `index`, as it was added. */
  idAt(index: number): string {
    if (index >>> 0 !== index || index >= this.count) throw new RangeError(`no event id at index ${index}: the table holds ${this.count}`);
    const other = this.otherIds.get(index);
    if (other !== undefined) return other;
    const words = this.chunkOf(index);
    const at = offsetOf(index);
    const b = words[at + 1]!;
    const c = words[at + 2]!;
    putHex(ID_CODES, 0, words[at]!, 8);
    putHex(ID_CODES, 9, b >>> 16, 4);
    putHex(ID_CODES, 14, b & 0xffff, 4);
    putHex(ID_CODES, 19, c >>> 16, 4);
    putHex(ID_CODES, 24, c & 0xffff, 4);
    putHex(ID_CODES, 28, words[at + 3]!, 8);
    // One string of 36 characters made from their codes: built from pieces, an id left
    // about 500 bytes of pieces behind, 25 KB a timeline page of 50 (see FactAt on why
    // what a question allocates counts).
    return String.fromCharCode.apply(null, ID_CODES);
  }

  /** The slot of `slots` holding the id whose words are given, or the empty slot where it would go. */
  private slotOf(slots: Int32Array, words: Uint32Array): number {
    const mask = slots.length - 1;
    for (let slot = hashOf(words[0]!, words[1]!, words[2]!, words[3]!) & mask; ; slot = (slot + 1) & mask) {
      const held = slots[slot]!;
      if (held === EMPTY || this.holds(held - 1, words)) return slot;
    }
  }

  /** What the slots before a growth hold for these words (index + 1), EMPTY once all are refiled or if they never held it. */
  private inPrevious(words: Uint32Array): number {
    const { previous } = this;
    return previous === undefined ? EMPTY : previous[this.slotOf(previous, words)]!;
  }

  private chunkOf(index: number): Uint32Array {
    return this.chunks[index >>> CHUNK_BITS]!;
  }

  private holds(index: number, words: Uint32Array): boolean {
    const chunk = this.chunkOf(index);
    const at = offsetOf(index);
    return chunk[at] === words[0] && chunk[at + 1] === words[1] && chunk[at + 2] === words[2] && chunk[at + 3] === words[3];
  }

  /**
   * Doubles the slots (the table stays at most half full). The ids held so far are filed
   * into the new slots a few with each add (refile), in index order; until then the old
   * slots answer for them, so an id is found, and never added twice, either way.
   */
  private grow(): void {
    if (this.previous !== undefined) this.refile(this.refileUpTo - this.refiled);
    this.previous = this.slots;
    this.slots = new Int32Array(this.previous.length * 2);
    this.refiled = 0;
    this.refileUpTo = this.count;
  }

  /** Files up to `most` more of the ids the old slots hold into the new ones; lets the old slots go after the last. */
  private refile(most: number): void {
    const end = Math.min(this.refileUpTo, this.refiled + most);
    const mask = this.slots.length - 1;
    for (let index = this.refiled; index < end; index++) {
      if (this.otherIds.size > 0 && this.otherIds.has(index)) continue;
      const chunk = this.chunkOf(index);
      const at = offsetOf(index);
      let slot = hashOf(chunk[at]!, chunk[at + 1]!, chunk[at + 2]!, chunk[at + 3]!) & mask;
      while (this.slots[slot] !== EMPTY) slot = (slot + 1) & mask;
      this.slots[slot] = index + 1;
    }
    this.refiled = end;
    if (end === this.refileUpTo) this.previous = undefined;
  }
}

/** Reads a canonical UUID's 128 bits into four words; false for any other string. */
function wordsOf(id: string, into: Uint32Array): boolean {
  if (id.length !== 36) return false;
  let word = 0;
  let digits = 0;
  for (let i = 0; i < 36; i++) {
    const code = id.charCodeAt(i);
    if (isHyphenAt(i)) {
      if (code !== HYPHEN) return false;
      continue;
    }
    const value = code < 128 ? HEX_VALUE[code]! : -1;
    if (value < 0) return false;
    word = (word << 4) | value;
    if (++digits % 8 === 0) into[digits / 8 - 1] = word >>> 0;
  }
  return true;
}

/**
 * Mixes all four words: time-ordered UUIDs (version 7) share their leading bits for
 * minutes at a time, so no single word can be the hash.
 */
function hashOf(a: number, b: number, c: number, d: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ b ^ (h >>> 15), 0xc2b2ae35);
  h = Math.imul(h ^ c ^ (h >>> 13), 0x85ebca6b);
  h = Math.imul(h ^ d ^ (h >>> 16), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Writes `digits` lowercase hex digits of `word` (the low ones) into `codes` from `at`, as character codes. */
function putHex(codes: number[], at: number, word: number, digits: number): void {
  for (let i = at + digits - 1; i >= at; i--) {
    codes[i] = HEX_CODES[word & 15]!;
    word >>>= 4;
  }
}
