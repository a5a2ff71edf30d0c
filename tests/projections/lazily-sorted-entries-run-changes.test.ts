import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LazilySortedEntries } from '../../projections/state/lazily-sorted-entries.js';
import { type RunCarrier, type RunChange, type SortedRuns } from '../../projections/state/two-sorted-runs.js';
import { FOLDS, longer, recentAtMostInSteps } from './lazily-sorted-folds.js';
import { inKeyOrder, objectKeys, type SortFields } from './support/object-entry-keys.js';

describe('a lazily sorted list read between additions (a live server)', () => {
  /** A list that replays every change it tells its runs' carriers on copies of its runs: what a block index carrying its numbers along relies on. */
  class Mirrored<E extends SortFields> extends LazilySortedEntries<E> {
    constructor(private readonly inSteps: boolean) {
      super(objectKeys);
    }
    protected override recentAtMost(baseLength: number): number {
      return this.inSteps ? recentAtMostInSteps(baseLength) : super.recentAtMost(baseLength);
    }
    protected override foldsInSteps(baseLength: number): boolean {
      return this.inSteps ? baseLength >= 16 : super.foldsInSteps(baseLength);
    }
    protected override foldStep(): number {
      return this.inSteps ? 7 : super.foldStep();
    }
    readonly mirror: { base: readonly E[]; recent: readonly E[] } = { base: [], recent: [] };
    changes = 0;
    private readonly carriers = { base: [this.mirroring('base')], recent: [this.mirroring('recent')] };
    protected override carriersOf(run: keyof SortedRuns<E>): readonly RunCarrier<E>[] {
      return this.carriers[run];
    }
    private mirroring(run: keyof SortedRuns<E>): RunCarrier<E> {
      const carry = (previous: readonly E[], next: readonly E[], change: RunChange) => {
        this.changes++;
        // A run started afresh is not reported (see the reads below): one the mirror has not seen yet replaces an empty one.
        if (this.mirror[run].length > 0) expect(previous).toEqual(this.mirror[run]);
        const replayed = [...previous];
        if (change.added) for (const at of change.added) replayed.splice(at, 0, next[at]!);
        else for (const at of [...change.removed].reverse()) replayed.splice(at, 1);
        // The same entries, each at the place the change says.
        expect(replayed.length).toBe(next.length);
        replayed.forEach((entry, i) => expect(entry).toBe(next[i]));
        this.mirror[run] = next;
      };
      return { carry, carryInSteps: (previous, next, added) => ({ step: () => true, finish: () => carry(previous, next, { added }) }) };
    }
    /** A run started afresh (not replaced): the mirror takes it as it is. */
    sync(): void {
      const { base, recent } = this.runs();
      this.mirror.base = base;
      this.mirror.recent = recent;
    }
  }

  it.each(FOLDS)('tells how each run was replaced, entries added or taken out at which indexes, as reads fold and keys change (folding $folds)', ({ inSteps }) => {
    type Mutable = { lo: number; hi: number; seq: number };
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.record({ add: fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 30 }) }), fc.record({ rekey: fc.nat(), to: fc.integer({ min: -20, max: 20 }) }), fc.constantFrom('runs', 'view')), { maxLength: 150, ...longer(inSteps) }),
        (steps) => {
          const list = new Mirrored<Mutable>(inSteps);
          const added: Mutable[] = [];
          for (const step of steps) {
            if (typeof step === 'string') {
              const runs = step === 'view' ? { base: list.view(), recent: list.runs().recent } : list.runs();
              // Fresh runs are not reported; a replaced one must equal its replay.
              if (runs.base !== list.mirror.base && list.mirror.base.length === 0) list.mirror.base = runs.base;
              if (runs.recent !== list.mirror.recent && list.mirror.recent.length === 0) list.mirror.recent = runs.recent;
              if (runs.recent.length === 0) list.mirror.recent = runs.recent;
              expect(list.mirror.base).toBe(runs.base);
              expect(list.mirror.recent).toBe(runs.recent);
            } else if ('add' in step) {
              for (const lo of step.add) {
                const entry = { lo, hi: 50, seq: added.length + 1 };
                added.push(entry);
                list.add(entry);
              }
            } else if (added.length > 0) {
              list.sync();
              const entries = [...new Set([step.rekey, step.rekey * 7 + 3].slice(0, 1 + (step.rekey % 2)).map((r) => added[r % added.length]!))];
              const takenOut = list.takeOut(entries);
              for (const entry of entries) entry.lo = step.to;
              for (const entry of takenOut) list.add(entry);
            }
          }
          expect(list.view()).toEqual([...added].sort(inKeyOrder));
        },
      ),
      { numRuns: 100 },
    );
  });
});
