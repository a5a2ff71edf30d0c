/**
 * The order of n items by a key of several unsigned 32-bit words, most significant word
 * first, as a least-significant-digit radix sort: stable (equal keys keep their index
 * order), O(n) per digit, and no comparison function called at all. Sorting the million
 * entries of the whole timeline after a catch-up through a comparator took about 1.2 s
 * at a million events, most of it the calls; see sortByKey.
 */

/** At most this many bits a digit: 2,048 buckets, whose counts and write heads stay in cache. */
const MAX_DIGIT_BITS = 11;

/**
 * `words[w][i]`: word w of item i's key (each array holds n words). Each word is sorted on
 * its offset from its smallest value, in as few digits as that offset's bits need, each
 * as narrow as that allows (fewer buckets scatter into fewer places at once); a digit
 * every item shares is skipped, and so is a least significant word already in order (log
 * positions, as entries come in).
 */
export function radixOrder(words: readonly Uint32Array[], n: number): Uint32Array {
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (n < 2) return order;
  let next = new Uint32Array(n);
  // The word being sorted on, in the current order: read in sequence, not gathered per digit.
  let keys = new Uint32Array(n);
  let nextKeys = new Uint32Array(n);
  const counts = new Uint32Array(1 << MAX_DIGIT_BITS);
  let identity = true;
  for (let w = words.length - 1; w >= 0; w--) {
    const word = words[w]!;
    if (identity && isAscending(word, n)) continue;
    let min = word[0]!;
    let max = min;
    for (let i = 0; i < n; i++) {
      const value = word[order[i]!]!;
      keys[i] = value;
      if (value < min) min = value;
      else if (value > max) max = value;
    }
    const bits = bitLength(max - min);
    const digits = Math.ceil(bits / MAX_DIGIT_BITS);
    const digitBits = Math.ceil(bits / Math.max(1, digits));
    const buckets = 1 << digitBits;
    const mask = buckets - 1;
    for (let shift = 0; shift < bits; shift += digitBits) {
      counts.fill(0, 0, buckets);
      for (let i = 0; i < n; i++) counts[((keys[i]! - min) >>> shift) & mask]!++;
      // Each bucket's count becomes where its first item goes.
      let start = 0;
      let shared = false;
      for (let d = 0; d < buckets; d++) {
        const count = counts[d]!;
        if (count === n) shared = true;
        counts[d] = start;
        start += count;
      }
      if (shared) continue;
      for (let i = 0; i < n; i++) {
        const key = keys[i]!;
        const to = counts[((key - min) >>> shift) & mask]!++;
        next[to] = order[i]!;
        nextKeys[to] = key;
      }
      [order, next] = [next, order];
      [keys, nextKeys] = [nextKeys, keys];
      identity = false;
    }
  }
  return order;
}

function isAscending(key: Uint32Array, n: number): boolean {
  for (let i = 1; i < n; i++) if (key[i]! < key[i - 1]!) return false;
  return true;
}

function bitLength(value: number): number {
  return value === 0 ? 0 : 32 - Math.clz32(value);
}

/** Below this many items a comparison sort is as fast. */
export const RADIX_SORT_FROM = 4_096;

/** Flips an int32's sign bit: its uint32 then orders as the int32 did. */
const SIGN_BIT = 0x8000_0000;

/**
 * Timeline keys (earliest day, latest day, log position as a number) as the words
 * radixOrder sorts on, for the read models' long sorted runs: whole-day integers and a
 * sequence within 2^53, which is what a log holds. A key outside that (an infinite day, a
 * position beyond 2^53) is refused, and the caller sorts by its comparator instead.
 */
export class DayKeyWords {
  private readonly lo: Uint32Array;
  private readonly hi: Uint32Array;
  private readonly seqHigh: Uint32Array;
  private readonly seqLow: Uint32Array;

  constructor(private readonly n: number) {
    this.lo = new Uint32Array(n);
    this.hi = new Uint32Array(n);
    this.seqHigh = new Uint32Array(n);
    this.seqLow = new Uint32Array(n);
  }

  /** Item i's key; false (nothing kept) when the words cannot hold it exactly. */
  set(i: number, lo: number, hi: number, seq: number): boolean {
    if ((lo | 0) !== lo || (hi | 0) !== hi || !Number.isSafeInteger(seq) || seq < 0) return false;
    this.lo[i] = lo ^ SIGN_BIT;
    this.hi[i] = hi ^ SIGN_BIT;
    this.seqHigh[i] = Math.floor(seq / 2 ** 32);
    this.seqLow[i] = seq >>> 0;
    return true;
  }

  /**
   * The items in key order, equal keys in index order; undefined if two items of equal
   * keys are told apart by what the words do not hold (`differ`: their positions beyond
   * 2^53), for the caller's comparator to order. Without `differ` (keys whose sequences
   * are their exact positions, see sortByKey) the words are the whole key.
   */
  order(): Uint32Array;
  order(differ: (a: number, b: number) => boolean): Uint32Array | undefined;
  order(differ?: (a: number, b: number) => boolean): Uint32Array | undefined {
    const { lo, hi, seqHigh, seqLow } = this;
    const order = radixOrder([withoutOutlyingLeast(lo), withoutOutlyingLeast(hi), seqHigh, seqLow], this.n);
    if (differ === undefined) return order;
    for (let i = 1; i < this.n; i++) {
      const a = order[i - 1]!;
      const b = order[i]!;
      if (seqLow[a] === seqLow[b] && seqHigh[a] === seqHigh[b] && lo[a] === lo[b] && hi[a] === hi[b] && differ(a, b)) return undefined;
    }
    return order;
  }
}

/**
 * The words with their least value, if it lies far below all others, moved up next to
 * them (order kept): undated entries' days are a sentinel 2^30 below any date, and the
 * gap would cost the radix sort a digit of every day.
 */
function withoutOutlyingLeast(words: Uint32Array): Uint32Array {
  // Indexed loops: this runs once per sort, often before V8 optimises it, and `for...of`
  // then made an iterator result per word (30 MB at 100,000 entries).
  let least = 0xffff_ffff;
  for (let i = 0; i < words.length; i++) if (words[i]! < least) least = words[i]!;
  let second = 0xffff_ffff;
  for (let i = 0; i < words.length; i++) if (words[i]! > least && words[i]! < second) second = words[i]!;
  if (second === 0xffff_ffff || second - least < 2 ** 16) return words;
  for (let i = 0; i < words.length; i++) words[i] = words[i] === least ? second - 1 : words[i]!;
  return words;
}
