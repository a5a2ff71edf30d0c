import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LazilySortedEntries } from '../../projections/state/lazily-sorted-entries.js';
import { type RunCarrier, type RunChange, type SortedRuns } from '../../projections/state/two-sorted-runs.js';
import { compareKeys, mergeByKey, sortByKey, type SortKey } from '../../projections/state/timeline-sort-keys.js';
import { radixOrder } from '../../projections/state/radix-order.js';
import { mergeSortedBy, mergeSortedPlacing } from '../../projections/state/sorted-arrays.js';

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
  const entriesOf = (seed: number, n: number): SortKey[] => {
    let state = seed;
    const next = (m: number) => ((state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0) % m);
    const entries: SortKey[] = [];
    for (let i = 0; i < n; i++) {
      const position = BigInt(next(3) === 0 && i > 0 ? Number(entries[i - 1]!.position) : 1 + next(n * 4));
      const lo = next(10) === 0 ? -(2 ** 30) : next(400) - 200;
      entries.push({ lo, hi: lo === -(2 ** 30) && next(2) === 0 ? lo : lo + next(30), position, seq: Number(position) });
    }
    return entries;
  };

  it('gives compareKeys order entry for entry, ties on the whole key in the order added', () => {
    for (const seed of [1, 2, 3]) {
      const entries = entriesOf(seed, 20_000);
      const expected = [...entries].sort(compareKeys);
      const sorted = sortByKey([...entries]);
      expect(sorted.length).toBe(expected.length);
      expect(sorted.every((entry, i) => entry === expected[i])).toBe(true);
    }
  });

  it('leaves equal numeric keys of different positions to compareKeys', () => {
    // A sequence is its position as a number; keys that break that still sort exactly.
    const entries = entriesOf(4, 6_000).map((entry, i) => (i % 2 === 0 ? entry : { ...entry, position: entry.position + 1_000_000n }));
    const expected = [...entries].sort(compareKeys);
    const sorted = sortByKey([...entries]);
    expect(sorted.every((entry, i) => entry === expected[i])).toBe(true);
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

/** The longest recent run of FoldingInSteps beside a base run of n: short, so that folds start in short lists. */
const recentAtMostInSteps = (baseLength: number) => Math.max(2, Math.sqrt(baseLength) / 2);

/**
 * A list that folds a recent run of over sqrt(n)/2 entries into its base run of n (16 or
 * more) in steps of 7 entries' worth per addition: every path of a fold under way (reads,
 * additions, keys changed, views in the middle of one) at sizes a property test affords.
 */
class FoldingInSteps<E extends SortKey> extends LazilySortedEntries<E> {
  protected override recentAtMost(baseLength: number): number {
    return recentAtMostInSteps(baseLength);
  }
  protected override foldsInSteps(baseLength: number): boolean {
    return baseLength >= 16;
  }
  protected override foldStep(): number {
    return 7;
  }
}

/** Longer runs of steps when folding in steps, so that folds start and are read, rekeyed and viewed while under way. */
const longer = (inSteps: boolean) => (inSteps ? { size: 'medium' as const } : {});

const FOLDS = [
  { folds: 'at once', inSteps: false, list: <E extends SortKey>() => new LazilySortedEntries<E>() },
  { folds: 'in steps', inSteps: true, list: <E extends SortKey>() => new FoldingInSteps<E>() },
] as const;

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

  /** A list that replays every change it tells its runs' carriers on copies of its runs: what a block index carrying its numbers along relies on. */
  class Mirrored<E extends SortKey> extends LazilySortedEntries<E> {
    constructor(private readonly inSteps: boolean) {
      super();
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
    type Mutable = { lo: number; hi: number; position: bigint; seq: number };
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
                const entry = { lo, hi: 50, position: BigInt(added.length + 1), seq: added.length + 1 };
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
          expect(list.view()).toEqual([...added].sort(compareKeys));
        },
      ),
      { numRuns: 100 },
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
