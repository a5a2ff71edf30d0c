import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EarliestKnownBlocks } from '../../projections/earliest-known-blocks.js';

const since = (entry: { since: bigint }) => entry.since;

/** What the blocks stand in for: walking the list entry by entry. */
function linearNextKnownBy(list: readonly { since: bigint }[], start: number, position: bigint): number {
  let i = start;
  while (i < list.length && list[i]!.since > position) i++;
  return i;
}

describe('the blocks of earliest known positions over a timeline list', () => {
  it('finds the same next entry known at a position as a walk entry by entry, from any start, asked in any order', () => {
    fc.assert(
      fc.property(
        // Mostly recorded late, a few early: blocks then hold one or two early entries anywhere in them.
        fc.array(fc.oneof({ arbitrary: fc.bigInt({ min: 450n, max: 500n }), weight: 19 }, { arbitrary: fc.bigInt({ min: 1n, max: 449n }), weight: 1 }), { maxLength: 300, size: 'max' }),
        fc.array(fc.tuple(fc.nat({ max: 310 }), fc.bigInt({ min: 0n, max: 510n })), { minLength: 1, maxLength: 20 }),
        (sinces, asks) => {
          const list = sinces.map((since) => ({ since }));
          const blocks = new EarliestKnownBlocks(since);
          for (const [start, position] of asks) {
            const from = Math.min(start, list.length);
            expect(blocks.nextKnownBy(list, from, position)).toBe(linearNextKnownBy(list, from, position));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('skips a block recorded wholly after the position, and finds an entry recorded at it exactly', () => {
    const blocks = new EarliestKnownBlocks(since);
    const list = [...Array.from({ length: 64 }, () => ({ since: 1_000n })), { since: 7n }];
    expect(blocks.nextKnownBy(list, 0, 6n)).toBe(65);
    expect(blocks.nextKnownBy(list, 0, 7n)).toBe(64);
    expect(blocks.nextKnownBy(list, 0, 1_000n)).toBe(0);
    const lastOfBlock = [...Array.from({ length: 31 }, () => ({ since: 1_000n })), { since: 3n }, { since: 2n }];
    expect(new EarliestKnownBlocks(since).nextKnownBy(lastOfBlock, 0, 3n)).toBe(31);
  });

  it('once a block is measured, reads only its entries that can answer, not the whole block', () => {
    let reads = 0;
    const blocks = new EarliestKnownBlocks((entry: { since: bigint }) => {
      reads++;
      return entry.since;
    });
    // One early entry in each block of late ones: every block may answer, few entries do.
    const list = Array.from({ length: 128 }, (_, i) => ({ since: i % 32 === 17 ? 5n : 1_000n }));
    const walk = () => {
      const found: number[] = [];
      for (let i = blocks.nextKnownBy(list, 0, 10n); i < list.length; i = blocks.nextKnownBy(list, i + 1, 10n)) found.push(i);
      return found;
    };
    expect(walk()).toEqual([17, 49, 81, 113]);
    reads = 0;
    expect(walk()).toEqual([17, 49, 81, 113]);
    expect(reads).toBe(4);
  });

  it('compares positions beyond 2^53 exactly, where numbers would round them together', () => {
    const big = 2n ** 60n;
    const list = [...Array.from({ length: 32 }, () => ({ since: big + 1n })), { since: big }];
    const blocks = new EarliestKnownBlocks(since);
    expect(blocks.nextKnownBy(list, 0, big)).toBe(32);
    expect(blocks.nextKnownBy(list, 0, big + 1n)).toBe(0);
  });

  it('forgets its minima for a new list, as the timeline hands it one after entries were added', () => {
    const blocks = new EarliestKnownBlocks(since);
    const before = Array.from({ length: 40 }, () => ({ since: 100n }));
    expect(blocks.nextKnownBy(before, 0, 50n)).toBe(40);
    const after = [{ since: 10n }, ...before];
    expect(blocks.nextKnownBy(after, 0, 50n)).toBe(0);
    expect(blocks.nextKnownBy(after, 1, 50n)).toBe(41);
  });
});
