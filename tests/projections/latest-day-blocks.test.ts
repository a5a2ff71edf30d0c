import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LatestDayBlocks } from '../../projections/latest-day-blocks.js';
import { objectKeys } from './support/object-entry-keys.js';

/** What the blocks stand in for: walking the list entry by entry. */
function linearNextReaching(list: readonly { hi: number }[], start: number, day: number): number {
  let i = start;
  while (i < list.length && list[i]!.hi < day) i++;
  return i;
}

describe('the blocks of latest days over a list of long items', () => {
  it('finds the same next entry reaching a day as a walk entry by entry, from any start', () => {
    fc.assert(
      fc.property(
        // Mostly ending early, a few late: blocks then hold one or two late entries anywhere in them.
        fc.array(fc.oneof({ arbitrary: fc.integer({ min: -2_000, max: 0 }), weight: 19 }, { arbitrary: fc.integer({ min: 1, max: 2_000 }), weight: 1 }), { maxLength: 300, size: 'max' }),
        fc.array(fc.tuple(fc.nat({ max: 310 }), fc.integer({ min: -2_100, max: 2_100 })), { minLength: 1, maxLength: 20 }),
        (his, asks) => {
          const list = his.map((hi) => ({ hi }));
          const blocks = new LatestDayBlocks<{ hi: number }>(objectKeys);
          for (const [start, day] of asks) expect(blocks.nextReaching(list, Math.min(start, list.length), day)).toBe(linearNextReaching(list, Math.min(start, list.length), day));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('builds afresh for a new list, as the timeline hands it one after entries were added', () => {
    const blocks = new LatestDayBlocks<{ hi: number }>(objectKeys);
    const before = Array.from({ length: 100 }, () => ({ hi: 10 }));
    expect(blocks.nextReaching(before, 0, 50)).toBe(100);
    const after = [...before, { hi: 60 }];
    expect(blocks.nextReaching(after, 0, 50)).toBe(100);
    expect(blocks.nextReaching(after, 0, 61)).toBe(101);
  });
});
