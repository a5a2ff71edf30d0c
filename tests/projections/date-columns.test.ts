import { describe, expect, it } from 'vitest';
import { DateColumns, DatesKnownBlocks, SortedDates } from '../../projections/state/date-columns.js';

type Kind = 'group' | 'chair';

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

interface Noted {
  readonly lo: number;
  readonly hi: number;
  readonly position: bigint;
  readonly kind: Kind;
  readonly of: string;
}

function byKey(a: Noted, b: Noted): number {
  return a.lo - b.lo || a.hi - b.hi || (a.position < b.position ? -1 : a.position > b.position ? 1 : 0);
}

describe('dates kept as columns', () => {
  it('give back what was added, across chunks, and sort by earliest day, latest day and position as they come', () => {
    const next = random(3);
    const columns = new DateColumns<Kind, string>(['group', 'chair']);
    const sorted = new SortedDates(columns);
    const noted: Noted[] = [];
    const numbers = new Map<number, Noted>();
    for (let position = 1; position <= 20_000; position++) {
      const lo = position % 97 === 0 ? Number.NEGATIVE_INFINITY : Math.floor(next() * 5_000);
      const date: Noted = { lo, hi: (Number.isFinite(lo) ? lo : 0) + Math.floor(next() * 40), position: BigInt(position) * 3n, kind: next() < 0.5 ? 'group' : 'chair', of: `g${position % 13}` };
      const number = columns.add(date.lo, date.hi, date.position, date.kind, date.of);
      numbers.set(number, date);
      noted.push(date);
      sorted.add(number);
      // Read now and then, as a live server does: the added dates go to the recent run, then into the base.
      if (position % 4_999 === 0 || position > 19_998) {
        const { base, recent } = sorted.runs();
        const merged = [...base, ...recent].map((n) => numbers.get(n)!).sort(byKey);
        expect(merged).toEqual([...noted].sort(byKey));
        for (const run of [base, recent]) for (let i = 1; i < run.length; i++) expect(columns.compare(run[i - 1]!, run[i]!)).toBeLessThan(0);
      }
    }
    for (const [number, date] of numbers) {
      expect([columns.loOf(number), columns.hiOf(number), columns.positionOf(number), columns.kindOf(number), columns.ofOf(number)]).toEqual([date.lo, date.hi, date.position, date.kind, date.of]);
      expect(columns.seqOf(number)).toBe(Number(date.position));
    }
  });

  it('sort a long list exactly as compare does, dates of one key in the order added, whatever the days', () => {
    const cases: Array<(i: number, next: () => number) => { lo: number; hi: number; position: bigint }> = [
      // Whole days, the undated sentinel, and several dates noted by one development (one position).
      (i, next) => {
        const lo = next() < 0.1 ? -(2 ** 30) : Math.floor(next() * 400) - 200;
        return { lo, hi: lo + Math.floor(next() * 3), position: BigInt(Math.floor(i / 3) + 1) };
      },
      // An open start (no earliest day): the comparator decides.
      (i, next) => ({ lo: i === 7 ? Number.NEGATIVE_INFINITY : Math.floor(next() * 50), hi: 60, position: BigInt(i + 1) }),
      // Two positions beyond 2^53 with equal numbers: the comparator decides.
      (i) => ({ lo: 5, hi: 5, position: i < 2 ? 2n ** 60n + BigInt(1 - i) : BigInt(10_000 - i) }),
    ];
    for (const dateOf of cases) {
      const next = random(11);
      const columns = new DateColumns<Kind, string>(['group', 'chair']);
      const dates: number[] = [];
      for (let i = 0; i < 9_000; i++) {
        const { lo, hi, position } = dateOf(i, next);
        dates.push(columns.add(lo, hi, position, 'group', `g${i}`));
      }
      const expected = [...dates].sort((a, b) => columns.compare(a, b));
      expect(columns.sorted([...dates])).toEqual(expected);
    }
  });

  it('compare positions beyond 2^53 exactly, where their numbers are equal', () => {
    const columns = new DateColumns<Kind, string>(['group', 'chair']);
    const a = columns.add(1, 2, 2n ** 60n + 1n, 'group', 'g');
    const b = columns.add(1, 2, 2n ** 60n, 'group', 'g');
    expect(columns.seqOf(a)).toBe(columns.seqOf(b));
    expect(columns.compare(a, b)).toBe(1);
    expect(columns.compare(b, a)).toBe(-1);
    expect(columns.compare(a, a)).toBe(0);
  });

  it('find the next date known at a position, passing over blocks recorded after it', () => {
    const columns = new DateColumns<Kind, string>(['group', 'chair']);
    const run: number[] = [];
    for (let i = 0; i < 200; i++) run.push(columns.add(i, i, BigInt(i < 150 ? 1_000 + i : 10 + i), 'group', 'g'));
    const known = new DatesKnownBlocks(columns);
    expect(known.nextKnownBy(run, 0, 500n)).toBe(150);
    expect(known.nextKnownBy(run, 0, 1_000n)).toBe(0);
    expect(known.nextKnownBy(run, 151, 160n)).toBe(200);
    expect(known.nextKnownBy(run, 151, 161n)).toBe(151);
    expect(known.nextKnownBy(run, 0, 5n)).toBe(200);
  });

  /** Counts the dates it measures: each is a read of the columns, a cache miss at a million. */
  class CountingKnownBlocks extends DatesKnownBlocks<Kind, string> {
    measured = 0;
    protected override measure(date: number): number {
      this.measured++;
      return super.measure(date);
    }
  }

  it('keep the blocks of known positions of each run across the folds of a live server, measuring only the dates added', () => {
    const next = random(5);
    const columns = new DateColumns<Kind, string>(['group', 'chair']);
    const base = new CountingKnownBlocks(columns);
    const recent = new CountingKnownBlocks(columns);
    const sorted = new SortedDates(columns, { base: [base], recent: [recent] });
    const positions = new Map<number, bigint>();
    const add = (count: number) => {
      for (let i = 0; i < count; i++) {
        // Mostly recorded late, one in fifty early: every block may hold an answer, few dates do.
        const position = BigInt(next() < 0.02 ? 1 + Math.floor(next() * 100) : 1_000 + positions.size);
        const lo = Math.floor(next() * 5_000);
        const date = columns.add(lo, lo + 3, position, 'group', 'g');
        positions.set(date, position);
        sorted.add(date);
      }
    };
    const walk = (run: readonly number[], blocks: DatesKnownBlocks<Kind, string>, at: bigint) => {
      const found: number[] = [];
      for (let i = blocks.nextKnownBy(run, 0, at); i < run.length; i = blocks.nextKnownBy(run, i + 1, at)) found.push(run[i]!);
      return found;
    };
    const byWalk = (at: bigint) => {
      const runs = sorted.runs();
      return [...walk(runs.base, base, at), ...walk(runs.recent, recent, at)].sort((a, b) => a - b);
    };
    const expected = (at: bigint) => [...positions].filter(([, position]) => position <= at).map(([date]) => date).sort((a, b) => a - b);

    add(4_096);
    expect(byWalk(50n)).toEqual(expected(50n));
    expect(base.measured).toBe(4_096);
    // Into the recent run (at most 256 at this length), then more than it holds: folded into the base.
    for (const count of [100, 100, 200, 7]) {
      add(count);
      expect(byWalk(50n)).toEqual(expected(50n));
      expect(byWalk(1_500n)).toEqual(expected(1_500n));
    }
    expect(sorted.runs().base.length).toBe(4_096 + 400);
    // Every date measured once: the base's 4,096, then each added date as it came (in the recent run, then carried into the base).
    expect(base.measured).toBe(4_096 + 400);
    expect(base.measured + recent.measured).toBeLessThanOrEqual(4_096 + 400 + 407);
  });
});
