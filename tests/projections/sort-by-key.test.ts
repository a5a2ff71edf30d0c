import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareKeys, LazilySortedEntries, sortByKey, type SortKey } from '../../projections/state/lazily-sorted-entries.js';

// Days as the timeline has them (small integers, the undated sentinel, an open start's
// -Infinity in other users' keys), and positions some of which tie as numbers beyond 2^53.
const day = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constant(-(2 ** 30)), fc.constant(Number.NEGATIVE_INFINITY));
const position = fc.oneof(fc.bigInt({ min: 1n, max: 50n }), fc.bigInt({ min: 2n ** 60n, max: 2n ** 60n + 4n }));
const key = fc.record({ lo: day, hi: day, position }).map((k): SortKey => ({ ...k, seq: Number(k.position) }));

function distinctByPosition(keys: SortKey[]): SortKey[] {
  const seen = new Set<bigint>();
  return keys.filter((k) => !seen.has(k.position) && seen.add(k.position));
}

describe('sorting timeline entries by key', () => {
  it('gives exactly compareKeys order, for short runs and long ones sorted over typed arrays', () => {
    fc.assert(
      fc.property(fc.array(key, { maxLength: 60 }), fc.integer({ min: 1, max: 120 }), (sample, copies) => {
        // Long runs: the sample repeated with fresh positions, past the typed-sort threshold.
        const keys = distinctByPosition(sample).flatMap((k, i) => Array.from({ length: copies }, (_, c) => ({ ...k, position: k.position * 1000n + BigInt(c * 64 + i), seq: Number(k.position * 1000n + BigInt(c * 64 + i)) })));
        const expected = [...keys].sort(compareKeys);
        expect(sortByKey([...keys])).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  it('sorts a long run with ties on every numeric key', () => {
    const keys: SortKey[] = [];
    for (let i = 0; i < 6_000; i++) {
      const position = i % 3 === 0 ? 2n ** 60n + BigInt(i) : BigInt(6_000 - i);
      keys.push({ lo: i % 7 === 0 ? Number.NEGATIVE_INFINITY : i % 5, hi: i % 11 === 0 ? -(2 ** 30) : i % 4, position, seq: Number(position) });
    }
    expect(sortByKey([...keys])).toEqual([...keys].sort(compareKeys));
  });
});

describe('a lazily sorted list', () => {
  const entry = (lo: number, position: bigint): SortKey => ({ lo, hi: lo, position, seq: Number(position) });

  it('gives the same order whether its unsorted entries were compacted or not, before and after more are added', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 80 }), fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 20 }), fc.boolean(), (first, later, viewBetween) => {
        const plain = new LazilySortedEntries<SortKey>();
        const compacted = new LazilySortedEntries<SortKey>();
        first.forEach((lo, i) => [plain, compacted].forEach((list) => list.add(entry(lo, BigInt(i + 1)))));
        compacted.compact();
        if (viewBetween) expect(compacted.view()).toEqual(plain.view());
        later.forEach((lo, i) => [plain, compacted].forEach((list) => list.add(entry(lo, BigInt(first.length + i + 1)))));
        compacted.compact();
        const all = [...first, ...later].map((lo, i) => entry(lo, BigInt(i + 1))).sort(compareKeys);
        expect(compacted.view()).toEqual(all);
        expect(plain.view()).toEqual(all);
      }),
      { numRuns: 100 },
    );
  });

  it('answers an empty view for a list never added to, and compacting it changes nothing', () => {
    const list = new LazilySortedEntries<SortKey>();
    list.compact();
    expect(list.view()).toEqual([]);
    list.add(entry(1, 1n));
    expect(list.view()).toEqual([entry(1, 1n)]);
  });
});
