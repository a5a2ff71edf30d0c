import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareText } from '../../projections/state/ordering.js';
import { firstKeyAfter, sortedKeysOf } from '../../projections/state/sorted-keys.js';

describe("a history map's keys in text order", () => {
  it('are exactly the sorted keys after any run of additions and reads, and unchanged ones are not rebuilt', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ maxLength: 4 }), { maxLength: 30 }), { maxLength: 30 }), (batches) => {
        const map = new Map<string, number>();
        for (const batch of batches) {
          for (const key of batch) map.set(key, 0);
          const sorted = sortedKeysOf(map);
          expect(sorted).toEqual([...map.keys()].sort(compareText));
          expect(sortedKeysOf(map)).toBe(sorted);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('are entered after a key, present or not, by binary search', () => {
    const sorted = ['b', 'd', 'f'];
    expect([firstKeyAfter(sorted, 'a'), firstKeyAfter(sorted, 'b'), firstKeyAfter(sorted, 'c'), firstKeyAfter(sorted, 'f'), firstKeyAfter(sorted, 'z')]).toEqual([0, 1, 1, 3, 3]);
  });
});
