import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EarliestKnownBlocks } from '../../projections/earliest-known-blocks.js';
import { objectKeys } from './support/object-entry-keys.js';

/** A timeline entry: its development's log position, and the position from which this version of it is known. */
type Known = { since: number; seq: number };

/** A timeline entry known from `since`: a first version (known from its own position), or a later one of a development recorded at `position`. */
function known(since: number, position = since): Known {
  return { since, seq: position };
}

/** Blocks reading the entries' `since` through their keys, as the timeline reads its versions' table. */
const blocksOfKnown = () => new EarliestKnownBlocks<Known>(objectKeys);

/** What the blocks stand in for: walking the list entry by entry. */
function linearNextKnownBy(list: readonly { since: number }[], start: number, position: number): number {
  let i = start;
  while (i < list.length && list[i]!.since > position) i++;
  return i;
}

describe('the blocks of earliest known positions over a timeline list', () => {
  it('finds the same next entry known at a position as a walk entry by entry, from any start, asked in any order', () => {
    fc.assert(
      fc.property(
        // Mostly recorded late, a few early: blocks then hold one or two early entries anywhere in them.
        // Some later versions: known from after their development's own position.
        fc.array(fc.tuple(fc.oneof({ arbitrary: fc.integer({ min: 450, max: 500 }), weight: 19 }, { arbitrary: fc.integer({ min: 1, max: 449 }), weight: 1 }), fc.nat({ max: 9 })), { maxLength: 300, size: 'max' }),
        fc.array(fc.tuple(fc.nat({ max: 310 }), fc.integer({ min: 0, max: 510 })), { minLength: 1, maxLength: 20 }),
        fc.boolean(),
        (sinces, asks, prepared) => {
          const list = sinces.map(([since, earlier]) => (earlier < 3 ? known(since, since - (earlier + 1)) : known(since)));
          const blocks = blocksOfKnown();
          if (prepared) blocks.prepare(list);
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
    const blocks = blocksOfKnown();
    const list = [...Array.from({ length: 64 }, () => known(1_000)), known(7)];
    expect(blocks.nextKnownBy(list, 0, 6)).toBe(65);
    expect(blocks.nextKnownBy(list, 0, 7)).toBe(64);
    expect(blocks.nextKnownBy(list, 0, 1_000)).toBe(0);
    const lastOfBlock = [...Array.from({ length: 31 }, () => known(1_000)), known(3), known(2)];
    expect(blocksOfKnown().nextKnownBy(lastOfBlock, 0, 3)).toBe(31);
  });

  /** Entries that count how often their `since` is read: a read of an entry is a cache miss at a million. */
  function counted(list: Known[]) {
    const reads = { count: 0 };
    const entries = list.map(({ since, seq }) => ({
      seq,
      get since() {
        reads.count++;
        return since;
      },
    }));
    return { entries, reads };
  }

  // One early entry in each block of late ones: every block may answer, few entries do.
  const oneEarlyPerBlock = () => Array.from({ length: 128 }, (_, i) => (i % 32 === 17 ? known(5) : known(1_000)));
  const walk = (blocks: EarliestKnownBlocks<Known>, list: readonly Known[]) => {
    const found: number[] = [];
    for (let i = blocks.nextKnownBy(list, 0, 10); i < list.length; i = blocks.nextKnownBy(list, i + 1, 10)) found.push(i);
    return found;
  };

  it('once a block is measured, reads only its entries that can answer, not the whole block', () => {
    const { entries, reads } = counted(oneEarlyPerBlock());
    const blocks = blocksOfKnown();
    expect(walk(blocks, entries)).toEqual([17, 49, 81, 113]);
    reads.count = 0;
    expect(walk(blocks, entries)).toEqual([17, 49, 81, 113]);
    expect(reads.count).toBe(4);
  });

  it('measures every block at once when prepared (after a catch-up), so that the first walk too reads only the entries that can answer', () => {
    const { entries, reads } = counted(oneEarlyPerBlock());
    const blocks = blocksOfKnown();
    blocks.prepare(entries);
    reads.count = 0;
    expect(walk(blocks, entries)).toEqual([17, 49, 81, 113]);
    expect(reads.count).toBe(4);
    // Prepared again for the same list: nothing is measured twice.
    blocks.prepare(entries);
    expect(reads.count).toBe(4);
  });

  it('measures a later version by the position it is known from, not by its development\'s own', () => {
    // Recorded at 3, corrected at 900: as known at 10 the block holds nothing.
    const { entries, reads } = counted([...Array.from({ length: 31 }, () => known(1_000)), known(900, 3), known(8)]);
    const blocks = blocksOfKnown();
    blocks.prepare(entries);
    reads.count = 0;
    expect(blocks.nextKnownBy(entries, 0, 10)).toBe(32);
    // The first block passed over whole: only the answer itself was read.
    expect(reads.count).toBe(1);
    expect(blocks.nextKnownBy(entries, 0, 900)).toBe(31);
  });

  it('compares positions exactly up to the greatest a log position can be as a number (below 2^53)', () => {
    const big = Number.MAX_SAFE_INTEGER - 1;
    const list = [...Array.from({ length: 32 }, () => known(big + 1)), known(big)];
    const blocks = blocksOfKnown();
    expect(blocks.nextKnownBy(list, 0, big)).toBe(32);
    expect(blocks.nextKnownBy(list, 0, big + 1)).toBe(0);
  });

  it('answers as a walk entry by entry after each replacement of its list it is told of (entries added or taken out), whatever it had measured before', () => {
    const sinceOf = fc.oneof({ arbitrary: fc.integer({ min: 450, max: 500 }), weight: 9 }, { arbitrary: fc.integer({ min: 1, max: 449 }), weight: 1 });
    fc.assert(
      fc.property(
        fc.array(sinceOf, { maxLength: 200 }),
        fc.array(fc.oneof(fc.record({ add: fc.array(fc.tuple(fc.nat(), sinceOf), { minLength: 1, maxLength: 40 }) }), fc.record({ remove: fc.array(fc.nat(), { minLength: 1, maxLength: 10 }) }), fc.record({ ask: fc.tuple(fc.nat(), fc.integer({ min: 0, max: 510 })) })), { maxLength: 30 }),
        fc.boolean(),
        (initial, steps, prepared) => {
          let list = initial.map((since) => known(since));
          const blocks = blocksOfKnown();
          if (prepared) blocks.prepare(list);
          for (const step of steps) {
            if ('ask' in step) {
              const [start, position] = step.ask;
              const from = start % (list.length + 1);
              expect(blocks.nextKnownBy(list, from, position)).toBe(linearNextKnownBy(list, from, position));
            } else if ('add' in step) {
              const next = [...list];
              for (const [at, since] of step.add) next.splice(at % (next.length + 1), 0, known(since));
              const added = Uint32Array.from(next.flatMap((entry, i) => (list.includes(entry) ? [] : [i])));
              blocks.carry(list, next, { added });
              list = next;
            } else {
              const removed = [...new Set(step.remove.filter(() => list.length > 0).map((r) => r % list.length))].sort((x, y) => x - y);
              const next = list.filter((_, i) => !removed.includes(i));
              blocks.carry(list, next, { removed });
              list = next;
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('carried in steps of any size, answers the previous list as before between the steps, and the new one as a walk entry by entry once finished', () => {
    const sinceOf = fc.oneof({ arbitrary: fc.integer({ min: 450, max: 500 }), weight: 9 }, { arbitrary: fc.integer({ min: 1, max: 449 }), weight: 1 });
    const ask = fc.tuple(fc.nat(), fc.integer({ min: 0, max: 510 }));
    fc.assert(
      fc.property(
        fc.array(sinceOf, { maxLength: 300 }),
        fc.array(fc.record({ add: fc.array(fc.tuple(fc.nat(), sinceOf), { minLength: 1, maxLength: 40 }), budget: fc.integer({ min: 1, max: 70 }), asks: fc.array(ask, { maxLength: 4 }) }), { maxLength: 10 }),
        fc.boolean(),
        (initial, folds, prepared) => {
          let list = initial.map((since) => known(since));
          const blocks = blocksOfKnown();
          if (prepared) blocks.prepare(list);
          const answersAsAWalk = (of: readonly ReturnType<typeof known>[], [start, position]: [number, number]) => {
            const from = start % (of.length + 1);
            expect(blocks.nextKnownBy(of, from, position)).toBe(linearNextKnownBy(of, from, position));
          };
          for (const { add, budget, asks } of folds) {
            const next = [...list];
            for (const [at, since] of add) next.splice(at % (next.length + 1), 0, known(since));
            const added = Uint32Array.from(next.flatMap((entry, i) => (list.includes(entry) ? [] : [i])));
            const steps = blocks.carryInSteps(list, next, added);
            let taken = 0;
            while (!steps.step(budget)) {
              taken += 1;
              for (const question of asks) answersAsAWalk(list, question);
            }
            // Each step does its budget's worth: the measures of every entry, then a block per 32 entries' worth.
            expect(taken).toBeLessThanOrEqual(Math.ceil(next.length / budget) + Math.ceil(next.length / 32) + 1);
            steps.finish();
            list = next;
            for (const question of asks) answersAsAWalk(list, question);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('told of entries added to its list (a live timeline folding its newest entries in), reads the added ones alone and then only those that can answer', () => {
    const { entries, reads } = counted(oneEarlyPerBlock());
    const blocks = blocksOfKnown();
    blocks.prepare(entries);
    const late = counted([known(1_000), known(6)]);
    const next = [...entries.slice(0, 10), late.entries[0]!, ...entries.slice(10, 100), late.entries[1]!, ...entries.slice(100)];
    reads.count = 0;
    blocks.carry(entries, next, { added: Uint32Array.of(10, 101) });
    expect(late.reads.count).toBe(2);
    expect(reads.count).toBe(0);
    expect(walk(blocks, next)).toEqual([18, 50, 82, 101, 115]);
    // The four early entries and the added one: no block measured again.
    expect(reads.count + late.reads.count).toBe(4 + 2 + 1);
  });

  it('passes over a replacement of a list it was not handed last, and measures that list afresh when handed it', () => {
    const blocks = blocksOfKnown();
    const other = Array.from({ length: 40 }, () => known(100));
    const handed = Array.from({ length: 40 }, () => known(100));
    expect(blocks.nextKnownBy(handed, 0, 50)).toBe(40);
    const next = [known(10), ...other];
    blocks.carry(other, next, { added: Uint32Array.of(0) });
    expect(blocks.nextKnownBy(next, 0, 50)).toBe(0);
    expect(blocks.nextKnownBy(next, 1, 50)).toBe(41);
  });

  it('forgets its minima for a new list, as the timeline hands it one after entries were added', () => {
    const blocks = blocksOfKnown();
    const before = Array.from({ length: 40 }, () => known(100));
    expect(blocks.nextKnownBy(before, 0, 50)).toBe(40);
    const after = [known(10), ...before];
    expect(blocks.nextKnownBy(after, 0, 50)).toBe(0);
    expect(blocks.nextKnownBy(after, 1, 50)).toBe(41);
  });
});
