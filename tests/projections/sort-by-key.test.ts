import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareKeys, sortByKey, type SortKey } from '../../projections/state/timeline-sort-keys.js';
import { radixOrder } from '../../projections/state/radix-order.js';
import { mergeSortedBy, mergeSortedPlacing } from '../../projections/state/sorted-arrays.js';
import { inKeyOrder, objectKeys, type SortFields } from './support/object-entry-keys.js';

// Days as the timeline has them (small integers, the undated sentinel, an open start's
// -Infinity in other users' keys), and positions some of which tie as numbers beyond 2^53
// (keys of cursors and /changes' dates; an entry's sequence beyond 2^53 is sorted by comparing).
const day = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constant(-(2 ** 30)), fc.constant(Number.NEGATIVE_INFINITY));
const position = fc.oneof(fc.bigInt({ min: 1n, max: 50n }), fc.bigInt({ min: 2n ** 60n, max: 2n ** 60n + 4n }));
const key = fc.record({ lo: day, hi: day, position }).map((k): SortKey => ({ ...k, seq: Number(k.position) }));

function distinctByPosition(keys: SortKey[]): SortKey[] {
  const seen = new Set<bigint>();
  return keys.filter((k) => !seen.has(k.position) && seen.add(k.position));
}

describe('sorting timeline entries by key', () => {
  it('gives exactly the comparator\'s order, for short runs and long ones sorted over typed arrays', () => {
    fc.assert(
      fc.property(fc.array(key, { maxLength: 60 }), fc.integer({ min: 1, max: 120 }), (sample, copies) => {
        // Long runs: the sample repeated with fresh positions, past the typed-sort threshold.
        const entries = distinctByPosition(sample).flatMap((k, i) => Array.from({ length: copies }, (_, c): SortFields => ({ lo: k.lo, hi: k.hi, seq: Number(k.position * 1000n + BigInt(c * 64 + i)) })));
        const expected = [...entries].sort(inKeyOrder);
        expect(sortByKey<SortFields>(objectKeys, [...entries])).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  it('sorts a long run with ties on every numeric key', () => {
    const entries: SortFields[] = [];
    for (let i = 0; i < 6_000; i++) {
      const position = i % 3 === 0 ? 2n ** 60n + BigInt(i) : BigInt(6_000 - i);
      entries.push({ lo: i % 7 === 0 ? Number.NEGATIVE_INFINITY : i % 5, hi: i % 11 === 0 ? -(2 ** 30) : i % 4, seq: Number(position) });
    }
    expect(sortByKey<SortFields>(objectKeys, [...entries])).toEqual([...entries].sort(inKeyOrder));
  });
});

describe('ordering by a radix sort of key words', () => {
  /** The reference: indexes sorted stably by their words, most significant first. */
  const stableOrder = (words: Uint32Array[], n: number) =>
    Array.from({ length: n }, (_, i) => i).sort((a, b) => {
      for (const word of words) if (word[a] !== word[b]) return word[a]! < word[b]! ? -1 : 1;
      return 0;
    });
  const word = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.constantFrom(0, 2 ** 31, 2 ** 32 - 1));

  it('orders items by their words, equal keys in index order, whatever the spread of each word', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.array(fc.array(word, { minLength: 3, maxLength: 3 }), { maxLength: 300 }), (width, rows) => {
        const words = Array.from({ length: width }, (_, w) => Uint32Array.from(rows, (row) => row[w]!));
        expect([...radixOrder(words, rows.length)]).toEqual(stableOrder(words, rows.length));
      }),
      { numRuns: 200 },
    );
  });

  it('leaves an ascending least significant word unsorted and still orders by the others', () => {
    const n = 5_000;
    const major = Uint32Array.from({ length: n }, (_, i) => (i * 7919) % 13);
    const minor = Uint32Array.from({ length: n }, (_, i) => i * 3);
    expect([...radixOrder([major, minor], n)]).toEqual(stableOrder([major, minor], n));
  });
});

describe('sorting a long run of timeline entries', () => {
  // Integer days and positions within 2^53: the radix sort's domain. Each position is held
  // by up to three entries (a development's versions), whose order must stay as added.
  const entriesOf = (seed: number, n: number): SortFields[] => {
    let state = seed;
    const next = (m: number) => ((state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0) % m);
    const entries: SortFields[] = [];
    for (let i = 0; i < n; i++) {
      const position = next(3) === 0 && i > 0 ? entries[i - 1]!.seq : 1 + next(n * 4);
      const lo = next(10) === 0 ? -(2 ** 30) : next(400) - 200;
      entries.push({ lo, hi: lo === -(2 ** 30) && next(2) === 0 ? lo : lo + next(30), seq: position });
    }
    return entries;
  };

  it('gives the comparator\'s order entry for entry, ties on the whole key in the order added', () => {
    for (const seed of [1, 2, 3]) {
      const entries = entriesOf(seed, 20_000);
      const expected = [...entries].sort(inKeyOrder);
      const sorted = sortByKey<SortFields>(objectKeys, [...entries]);
      expect(sorted.length).toBe(expected.length);
      expect(sorted.every((entry, i) => entry === expected[i])).toBe(true);
    }
  });

  it('leaves sequences the words cannot hold exactly (beyond 2^53, where numbers tie) to the comparator, entry for entry', () => {
    // An entry's sequence is its exact position, below 2^53; keys that break that still sort exactly.
    const entries = entriesOf(4, 6_000).map((entry, i) => (i % 2 === 0 ? entry : { ...entry, seq: entry.seq + 2 ** 60 }));
    const expected = [...entries].sort(inKeyOrder);
    const sorted = sortByKey<SortFields>(objectKeys, [...entries]);
    expect(sorted.every((entry, i) => entry === expected[i])).toBe(true);
  });
});

describe('merging two sorted runs and saying where the second one\'s entries went', () => {
  type Tagged = SortKey & { readonly from: string };
  const tagged = (keys: readonly SortKey[], from: string): Tagged[] => keys.map((k) => ({ ...k, from })).sort(compareKeys);

  it('merges exactly as the plain merge (on equal keys the first run\'s first), placing a short run by search in a long one or walking both', () => {
    fc.assert(
      fc.property(fc.array(key, { maxLength: 400 }), fc.array(key, { maxLength: 40 }), (a, b) => {
        const first = tagged(a, 'a');
        const second = tagged(b, 'b');
        const { merged, placed } = mergeSortedPlacing(first, second, compareKeys);
        const plain = mergeSortedBy(first, second, compareKeys);
        expect(merged.length).toBe(plain.length);
        merged.forEach((entry, i) => expect(entry).toBe(plain[i]));
        expect(placed.length).toBe(second.length);
        second.forEach((entry, j) => expect(merged[placed[j]!]).toBe(entry));
      }),
      { numRuns: 400 },
    );
  });

  it('compares each entry of a long run only near where the short run\'s entries go', () => {
    let compared = 0;
    const counting = (x: SortKey, y: SortKey) => (compared++, compareKeys(x, y));
    const long = Array.from({ length: 100_000 }, (_, i) => ({ lo: i, hi: i, position: BigInt(i + 1), seq: i + 1 }));
    const short = [5, 50_000, 99_000].map((lo, i) => ({ lo, hi: lo, position: BigInt(200_000 + i), seq: 200_000 + i }));
    const { merged, placed } = mergeSortedPlacing(long, short, counting);
    expect([...placed]).toEqual([6, 50_002, 99_003]);
    expect(merged[50_002]).toBe(short[1]);
    expect(compared).toBeLessThan(3 * 20);
  });
});
