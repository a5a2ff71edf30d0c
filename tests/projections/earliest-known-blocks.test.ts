import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EarliestKnownBlocks } from '../../projections/earliest-known-blocks.js';

/** A timeline entry known from `since`: a first version (known from its own position, the very bigint), or a later one of a development recorded at `position`. */
function known(since: bigint, position = since): { since: bigint; position: bigint; seq: number } {
  return { since, position, seq: Number(position) };
}

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
        // Some later versions: known from after their development's own position.
        fc.array(fc.tuple(fc.oneof({ arbitrary: fc.bigInt({ min: 450n, max: 500n }), weight: 19 }, { arbitrary: fc.bigInt({ min: 1n, max: 449n }), weight: 1 }), fc.nat({ max: 9 })), { maxLength: 300, size: 'max' }),
        fc.array(fc.tuple(fc.nat({ max: 310 }), fc.bigInt({ min: 0n, max: 510n })), { minLength: 1, maxLength: 20 }),
        fc.boolean(),
        (sinces, asks, prepared) => {
          const list = sinces.map(([since, earlier]) => (earlier < 3 ? known(since, since - BigInt(earlier + 1)) : known(since)));
          const blocks = new EarliestKnownBlocks();
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
    const blocks = new EarliestKnownBlocks();
    const list = [...Array.from({ length: 64 }, () => known(1_000n)), known(7n)];
    expect(blocks.nextKnownBy(list, 0, 6n)).toBe(65);
    expect(blocks.nextKnownBy(list, 0, 7n)).toBe(64);
    expect(blocks.nextKnownBy(list, 0, 1_000n)).toBe(0);
    const lastOfBlock = [...Array.from({ length: 31 }, () => known(1_000n)), known(3n), known(2n)];
    expect(new EarliestKnownBlocks().nextKnownBy(lastOfBlock, 0, 3n)).toBe(31);
  });

  /** Entries that count how often their `since` is read: a read of an entry is a cache miss at a million. */
  function counted(list: { since: bigint; position: bigint; seq: number }[]) {
    const reads = { count: 0 };
    const entries = list.map(({ since, position, seq }) => ({
      position,
      seq,
      get since() {
        reads.count++;
        return since;
      },
    }));
    return { entries, reads };
  }

  // One early entry in each block of late ones: every block may answer, few entries do.
  const oneEarlyPerBlock = () => Array.from({ length: 128 }, (_, i) => (i % 32 === 17 ? known(5n) : known(1_000n)));
  const walk = (blocks: EarliestKnownBlocks<{ since: bigint; position: bigint; seq: number }>, list: readonly { since: bigint; position: bigint; seq: number }[]) => {
    const found: number[] = [];
    for (let i = blocks.nextKnownBy(list, 0, 10n); i < list.length; i = blocks.nextKnownBy(list, i + 1, 10n)) found.push(i);
    return found;
  };

  it('once a block is measured, reads only its entries that can answer, not the whole block', () => {
    const { entries, reads } = counted(oneEarlyPerBlock());
    const blocks = new EarliestKnownBlocks();
    expect(walk(blocks, entries)).toEqual([17, 49, 81, 113]);
    reads.count = 0;
    expect(walk(blocks, entries)).toEqual([17, 49, 81, 113]);
    expect(reads.count).toBe(4);
  });

  it('measures every block at once when prepared (after a catch-up), so that the first walk too reads only the entries that can answer', () => {
    const { entries, reads } = counted(oneEarlyPerBlock());
    const blocks = new EarliestKnownBlocks();
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
    const { entries, reads } = counted([...Array.from({ length: 31 }, () => known(1_000n)), known(900n, 3n), known(8n)]);
    const blocks = new EarliestKnownBlocks();
    blocks.prepare(entries);
    reads.count = 0;
    expect(blocks.nextKnownBy(entries, 0, 10n)).toBe(32);
    // The first block passed over whole: only the answer itself was read.
    expect(reads.count).toBe(1);
    expect(blocks.nextKnownBy(entries, 0, 900n)).toBe(31);
  });

  it('compares positions beyond 2^53 exactly, where numbers would round them together', () => {
    const big = 2n ** 60n;
    const list = [...Array.from({ length: 32 }, () => known(big + 1n)), known(big)];
    const blocks = new EarliestKnownBlocks();
    expect(blocks.nextKnownBy(list, 0, big)).toBe(32);
    expect(blocks.nextKnownBy(list, 0, big + 1n)).toBe(0);
  });

  it('answers as a walk entry by entry after each replacement of its list it is told of (entries added or taken out), whatever it had measured before', () => {
    const sinceOf = fc.oneof({ arbitrary: fc.bigInt({ min: 450n, max: 500n }), weight: 9 }, { arbitrary: fc.bigInt({ min: 1n, max: 449n }), weight: 1 });
    fc.assert(
      fc.property(
        fc.array(sinceOf, { maxLength: 200 }),
        fc.array(fc.oneof(fc.record({ add: fc.array(fc.tuple(fc.nat(), sinceOf), { minLength: 1, maxLength: 40 }) }), fc.record({ remove: fc.array(fc.nat(), { minLength: 1, maxLength: 10 }) }), fc.record({ ask: fc.tuple(fc.nat(), fc.bigInt({ min: 0n, max: 510n })) })), { maxLength: 30 }),
        fc.boolean(),
        (initial, steps, prepared) => {
          let list = initial.map((since) => known(since));
          const blocks = new EarliestKnownBlocks();
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
    const sinceOf = fc.oneof({ arbitrary: fc.bigInt({ min: 450n, max: 500n }), weight: 9 }, { arbitrary: fc.bigInt({ min: 1n, max: 449n }), weight: 1 });
    const ask = fc.tuple(fc.nat(), fc.bigInt({ min: 0n, max: 510n }));
    fc.assert(
      fc.property(
        fc.array(sinceOf, { maxLength: 300 }),
        fc.array(fc.record({ add: fc.array(fc.tuple(fc.nat(), sinceOf), { minLength: 1, maxLength: 40 }), budget: fc.integer({ min: 1, max: 70 }), asks: fc.array(ask, { maxLength: 4 }) }), { maxLength: 10 }),
        fc.boolean(),
        (initial, folds, prepared) => {
          let list = initial.map((since) => known(since));
          const blocks = new EarliestKnownBlocks();
          if (prepared) blocks.prepare(list);
          const answersAsAWalk = (of: readonly ReturnType<typeof known>[], [start, position]: [number, bigint]) => {
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
    const blocks = new EarliestKnownBlocks();
    blocks.prepare(entries);
    const late = counted([known(1_000n), known(6n)]);
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
    const blocks = new EarliestKnownBlocks();
    const other = Array.from({ length: 40 }, () => known(100n));
    const handed = Array.from({ length: 40 }, () => known(100n));
    expect(blocks.nextKnownBy(handed, 0, 50n)).toBe(40);
    const next = [known(10n), ...other];
    blocks.carry(other, next, { added: Uint32Array.of(0) });
    expect(blocks.nextKnownBy(next, 0, 50n)).toBe(0);
    expect(blocks.nextKnownBy(next, 1, 50n)).toBe(41);
  });

  it('forgets its minima for a new list, as the timeline hands it one after entries were added', () => {
    const blocks = new EarliestKnownBlocks();
    const before = Array.from({ length: 40 }, () => known(100n));
    expect(blocks.nextKnownBy(before, 0, 50n)).toBe(40);
    const after = [known(10n), ...before];
    expect(blocks.nextKnownBy(after, 0, 50n)).toBe(0);
    expect(blocks.nextKnownBy(after, 1, 50n)).toBe(41);
  });
});
