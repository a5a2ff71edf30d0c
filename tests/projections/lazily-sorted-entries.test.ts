import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LazilySortedEntries } from '../../projections/state/lazily-sorted-entries.js';
import { compareKeys, mergeByKey, type SortKey } from '../../projections/state/timeline-sort-keys.js';
import { FOLDS, longer, recentAtMostInSteps } from './lazily-sorted-folds.js';

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

  it('copies its unsorted entries when compacting only if added to since it last did (a start from a snapshot adds to none)', () => {
    const list = new LazilySortedEntries<SortKey>();
    const pending = () => (list as unknown as { pending: SortKey[] }).pending;
    list.add(entry(2, 1n));
    list.add(entry(1, 2n));
    list.compact();
    const compacted = pending();
    list.compact();
    expect(pending()).toBe(compacted);
    list.add(entry(3, 3n));
    list.compact();
    expect(pending()).not.toBe(compacted);
    expect(list.view()).toEqual([entry(1, 2n), entry(2, 1n), entry(3, 3n)]);
  });

  it('answers an empty view for a list never added to, and compacting it changes nothing', () => {
    const list = new LazilySortedEntries<SortKey>();
    list.compact();
    expect(list.view()).toEqual([]);
    list.add(entry(1, 1n));
    expect(list.view()).toEqual([entry(1, 1n)]);
  });
});

describe('a lazily sorted list read between additions (a live server)', () => {
  const entryAt = (lo: number, position: number): SortKey => ({ lo, hi: lo, position: BigInt(position), seq: position });
  const merged = (runs: { base: readonly SortKey[]; recent: readonly SortKey[] }) => [...runs.base, ...runs.recent].sort(compareKeys);

  it.each(FOLDS)('keeps its two runs sorted, the recent one small and added after the base, and together exactly the sorted list (folding $folds)', ({ inSteps, list: newList }) => {
    let foldsUnderWay = 0;
    fc.assert(
      fc.property(
        fc.array(fc.record({ adds: fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 40 }), read: fc.constantFrom('runs', 'runs', 'runs', 'view') }), { minLength: 1, maxLength: 250, ...longer(inSteps) }),
        (steps) => {
          const list = newList<SortKey>();
          const added: SortKey[] = [];
          for (const { adds, read } of steps) {
            for (const lo of adds) {
              const entry = entryAt(lo, added.length + 1);
              added.push(entry);
              list.add(entry);
            }
            const runs = read === 'view' ? { base: list.view(), recent: list.runs().recent } : list.runs();
            if (read === 'view') expect(runs.recent).toEqual([]);
            expect([...runs.base].sort(compareKeys)).toEqual(runs.base);
            expect([...runs.recent].sort(compareKeys)).toEqual(runs.recent);
            // A fold under way leaves its entries in the recent run until it is done.
            if (!inSteps) expect(runs.recent.length).toBeLessThanOrEqual(Math.max(256, 2 * Math.sqrt(runs.base.length)));
            else if (runs.recent.length > recentAtMostInSteps(runs.base.length)) foldsUnderWay += 1;
            const lastOfBase = runs.base.reduce((last, e) => Math.max(last, e.seq), 0);
            expect(runs.recent.every((e) => e.seq > lastOfBase)).toBe(true);
            expect(merged(runs)).toEqual([...added].sort(compareKeys));
          }
        },
      ),
      { numRuns: 25 },
    );
    // The property met with folds under way, not only between them.
    if (inSteps) expect(foldsUnderWay).toBeGreaterThan(0);
  });

  it.each(FOLDS)('keeps every entry once, in key order, when keys change between reads (taken out, changed, added again; folding $folds)', ({ inSteps, list: newList }) => {
    type Mutable = { lo: number; hi: number; position: bigint; seq: number };
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({ add: fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 30 }) }),
            fc.record({ rekey: fc.nat(), to: fc.integer({ min: -20, max: 20 }) }),
            fc.constant({ read: true }),
          ),
          { maxLength: 200, ...longer(inSteps) },
        ),
        (steps) => {
          const list = newList<Mutable>();
          const added: Mutable[] = [];
          for (const step of steps) {
            if ('add' in step) {
              for (const lo of step.add) {
                const entry = { lo, hi: 50, position: BigInt(added.length + 1), seq: added.length + 1 };
                added.push(entry);
                list.add(entry);
              }
            } else if ('rekey' in step) {
              if (added.length === 0) continue;
              // One entry, or a few at once (as a founding moves several open starts).
              const entries = [...new Set([step.rekey, step.rekey * 7 + 3, step.rekey * 13 + 1].slice(0, 1 + (step.rekey % 3)).map((r) => added[r % added.length]!))];
              const takenOut = list.takeOut(entries);
              for (const entry of entries) entry.lo = step.to;
              for (const entry of takenOut) list.add(entry);
            } else {
              const { base, recent } = list.runs();
              expect([...base].sort(compareKeys)).toEqual(base);
              expect([...recent].sort(compareKeys)).toEqual(recent);
            }
          }
          const viewed = list.view();
          expect(viewed).toEqual([...added].sort(compareKeys));
          expect(new Set(viewed).size).toBe(added.length);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('copies no more than its recent run to take one entry, once the base is long', () => {
    const list = new LazilySortedEntries<SortKey>();
    for (let i = 1; i <= 10_000; i++) list.add(entryAt(i % 97, i));
    const { base } = list.runs();
    list.add(entryAt(5, 10_001));
    const after = list.runs();
    expect(after.base).toBe(base);
    expect(after.recent).toEqual([entryAt(5, 10_001)]);
  });

  it('walks two runs as one in key order, the first run first on equal keys', () => {
    const a = [entryAt(1, 1), entryAt(2, 2), entryAt(4, 4)];
    const b = [entryAt(0, 5), entryAt(2, 6), entryAt(5, 7)];
    const tie = { lo: 2, hi: 2, position: 2n, seq: 2 };
    const walked = [...mergeByKey(a.values(), [tie, ...b].sort(compareKeys).values())];
    expect(walked).toEqual([b[0], a[0], a[1], tie, b[1], a[2], b[2]]);
    expect(walked[2]).toBe(a[1]);
    expect(walked[3]).toBe(tie);
  });
});
