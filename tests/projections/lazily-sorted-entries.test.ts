import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LazilySortedEntries } from '../../projections/state/lazily-sorted-entries.js';
import { compareKeys, mergeByKey, mergeEntriesByKey, type SortKey } from '../../projections/state/timeline-sort-keys.js';
import { FOLDS, longer, recentAtMostInSteps } from './lazily-sorted-folds.js';
import { inKeyOrder, objectKeys, type SortFields } from './support/object-entry-keys.js';

describe('a lazily sorted list', () => {
  const entry = (lo: number, position: number): SortFields => ({ lo, hi: lo, seq: position });

  it('gives the same order whether its unsorted entries were compacted or not, before and after more are added', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 80 }), fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 20 }), fc.boolean(), (first, later, viewBetween) => {
        const plain = new LazilySortedEntries<SortFields>(objectKeys);
        const compacted = new LazilySortedEntries<SortFields>(objectKeys);
        first.forEach((lo, i) => [plain, compacted].forEach((list) => list.add(entry(lo, i + 1))));
        compacted.compact();
        if (viewBetween) expect(compacted.view()).toEqual(plain.view());
        later.forEach((lo, i) => [plain, compacted].forEach((list) => list.add(entry(lo, first.length + i + 1))));
        compacted.compact();
        const all = [...first, ...later].map((lo, i) => entry(lo, i + 1)).sort(inKeyOrder);
        expect(compacted.view()).toEqual(all);
        expect(plain.view()).toEqual(all);
      }),
      { numRuns: 100 },
    );
  });

  it('copies its unsorted entries when compacting only if added to since it last did (a start from a snapshot adds to none)', () => {
    const list = new LazilySortedEntries<SortFields>(objectKeys);
    const pending = () => (list as unknown as { pending: SortFields[] }).pending;
    list.add(entry(2, 1));
    list.add(entry(1, 2));
    list.compact();
    const compacted = pending();
    list.compact();
    expect(pending()).toBe(compacted);
    list.add(entry(3, 3));
    list.compact();
    expect(pending()).not.toBe(compacted);
    expect(list.view()).toEqual([entry(1, 2), entry(2, 1), entry(3, 3)]);
  });

  it('answers an empty view for a list never added to, and compacting it changes nothing', () => {
    const list = new LazilySortedEntries<SortFields>(objectKeys);
    list.compact();
    expect(list.view()).toEqual([]);
    list.add(entry(1, 1));
    expect(list.view()).toEqual([entry(1, 1)]);
  });
});

describe('a lazily sorted list read between additions (a live server)', () => {
  const entryAt = (lo: number, position: number): SortFields => ({ lo, hi: lo, seq: position });
  const merged = (runs: { base: readonly SortFields[]; recent: readonly SortFields[] }) => [...runs.base, ...runs.recent].sort(inKeyOrder);

  it.each(FOLDS)('keeps its two runs sorted, the recent one small and added after the base, and together exactly the sorted list (folding $folds)', ({ inSteps, list: newList }) => {
    let foldsUnderWay = 0;
    fc.assert(
      fc.property(
        fc.array(fc.record({ adds: fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 40 }), read: fc.constantFrom('runs', 'runs', 'runs', 'view') }), { minLength: 1, maxLength: 250, ...longer(inSteps) }),
        (steps) => {
          const list = newList<SortFields>();
          const added: SortFields[] = [];
          for (const { adds, read } of steps) {
            for (const lo of adds) {
              const entry = entryAt(lo, added.length + 1);
              added.push(entry);
              list.add(entry);
            }
            const runs = read === 'view' ? { base: list.view(), recent: list.runs().recent } : list.runs();
            if (read === 'view') expect(runs.recent).toEqual([]);
            expect([...runs.base].sort(inKeyOrder)).toEqual(runs.base);
            expect([...runs.recent].sort(inKeyOrder)).toEqual(runs.recent);
            // A fold under way leaves its entries in the recent run until it is done.
            if (!inSteps) expect(runs.recent.length).toBeLessThanOrEqual(Math.max(256, 2 * Math.sqrt(runs.base.length)));
            else if (runs.recent.length > recentAtMostInSteps(runs.base.length)) foldsUnderWay += 1;
            const lastOfBase = runs.base.reduce((last, e) => Math.max(last, e.seq), 0);
            expect(runs.recent.every((e) => e.seq > lastOfBase)).toBe(true);
            expect(merged(runs)).toEqual([...added].sort(inKeyOrder));
          }
        },
      ),
      { numRuns: 25 },
    );
    // The property met with folds under way, not only between them.
    if (inSteps) expect(foldsUnderWay).toBeGreaterThan(0);
  });

  it.each(FOLDS)('keeps every entry once, in key order, when keys change between reads (taken out, changed, added again; folding $folds)', ({ inSteps, list: newList }) => {
    type Mutable = { lo: number; hi: number; seq: number };
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
                const entry = { lo, hi: 50, seq: added.length + 1 };
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
              expect([...base].sort(inKeyOrder)).toEqual(base);
              expect([...recent].sort(inKeyOrder)).toEqual(recent);
            }
          }
          const viewed = list.view();
          expect(viewed).toEqual([...added].sort(inKeyOrder));
          expect(new Set(viewed).size).toBe(added.length);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('copies no more than its recent run to take one entry, once the base is long', () => {
    const list = new LazilySortedEntries<SortFields>(objectKeys);
    for (let i = 1; i <= 10_000; i++) list.add(entryAt(i % 97, i));
    const { base } = list.runs();
    list.add(entryAt(5, 10_001));
    const after = list.runs();
    expect(after.base).toBe(base);
    expect(after.recent).toEqual([entryAt(5, 10_001)]);
  });

  it('walks two runs as one in key order, the first run first on equal keys', () => {
    // Keys as objects with bigint positions, as the dates /changes walks merge them.
    const keyAt = (lo: number, position: number): SortKey => ({ lo, hi: lo, position: BigInt(position), seq: position });
    const a = [keyAt(1, 1), keyAt(2, 2), keyAt(4, 4)];
    const b = [keyAt(0, 5), keyAt(2, 6), keyAt(5, 7)];
    const tie = { lo: 2, hi: 2, position: 2n, seq: 2 };
    const walked = [...mergeByKey(a.values(), [tie, ...b].sort(compareKeys).values())];
    expect(walked).toEqual([b[0], a[0], a[1], tie, b[1], a[2], b[2]]);
    expect(walked[2]).toBe(a[1]);
    expect(walked[3]).toBe(tie);
  });

  it('walks two runs of entries read through their keys as one in key order, the first run first on equal keys', () => {
    const a = [entryAt(1, 1), entryAt(2, 2), entryAt(4, 4)];
    const b = [entryAt(0, 5), entryAt(2, 6), entryAt(5, 7)];
    const tie = { lo: 2, hi: 2, seq: 2 };
    const walked = [...mergeEntriesByKey<SortFields>(objectKeys, a.values(), [tie, ...b].sort(inKeyOrder).values())];
    expect(walked).toEqual([b[0], a[0], a[1], tie, b[1], a[2], b[2]]);
    expect(walked[2]).toBe(a[1]);
    expect(walked[3]).toBe(tie);
  });
});
