import { compareByKeys } from '../../projections/state/timeline-sort-keys.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DateRange } from '../../events/dates.js';
import { EarliestKnownBlocks } from '../../projections/earliest-known-blocks.js';
import type { SortKey, WholeLogKeys } from '../../projections/state/timeline-sort-keys.js';
import { IndexedSortedEntries, WholeLogLists } from '../../projections/whole-log-lists.js';
import { inKeyOrder, objectKeys, type KeyFields } from './support/object-entry-keys.js';

/** Timeline entries recorded in order (each known from its own position) that count how often their `since` is read: at a million, each read is a cache miss. */
function recorded(from: number, count: number, reads: { count: number }): KeyFields[] {
  return Array.from({ length: count }, (_, i) => {
    const position = from + i;
    const lo = (from + i) % 400;
    const date: DateRange = { text: '', lo, hi: lo, precision: 'day' };
    return {
      lo,
      hi: lo,
      seq: position,
      date,
      get since() {
        reads.count++;
        return position;
      },
    };
  });
}

describe('the whole-log lists of a live timeline', () => {
  it('after folding its newest entries into the long sorted run, a walk as known at an early position reads the folded-in entries and the answers, not the run again', () => {
    const reads = { count: 0 };
    const lists = new WholeLogLists<KeyFields>(objectKeys);
    for (const entry of recorded(1, 8_192, reads)) lists.add(entry);
    lists.view();
    lists.prepare();
    const asKnownAt10 = () => [...lists.from(undefined, undefined, 10)].map((entry) => entry.seq);
    reads.count = 0;
    expect(asKnownAt10()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(reads.count).toBe(10);

    // More than a recent run holds at this length (2·sqrt(8,192) and at least 256): folded into the long run on the next read.
    for (const entry of recorded(10_001, 300, reads)) lists.add(entry);
    reads.count = 0;
    expect(asKnownAt10()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // 300 measured as they are folded in, 10 answers: without the measures carried through the fold, all 8,492.
    expect(reads.count).toBe(300 + 10);
  });

  it('from 65,536 entries on, folds its newest entries into the long run in steps done by the additions after the read that starts it, the long run and its blocks served meanwhile, then the blocks carried', () => {
    const reads = { count: 0 };
    const known = new EarliestKnownBlocks<KeyFields>(objectKeys);
    const list = new IndexedSortedEntries<KeyFields>(objectKeys, { base: [known], recent: [] });
    const initial = recorded(1, 70_000, reads);
    for (const entry of initial) list.add(entry);
    const long = list.view();
    known.prepare(long);

    // More than a recent run holds beside 70,000 (2·sqrt(70,000), about 529): the read starts a fold, and copies nothing long.
    const newest = recorded(100_001, 600, reads);
    for (const entry of newest) list.add(entry);
    expect(list.runs().base).toBe(long);
    expect(list.runs().recent).toHaveLength(600);

    const later = recorded(200_001, 40, reads);
    let servedLong = 0;
    for (const [i, entry] of later.entries()) {
      list.add(entry);
      const { base, recent } = list.runs();
      if (base === long) servedLong += 1;
      // Every entry once: the fold's in one run or the other, never in both.
      expect(base.length + recent.length).toBe(70_000 + 600 + i + 1);
    }
    // Done in steps (16,384 entries' worth each: the merge, then the blocks' numbers), not at once, and done.
    expect(servedLong).toBeGreaterThan(4);
    expect(servedLong).toBeLessThan(later.length);

    const { base, recent } = list.runs();
    expect(base).toEqual([...initial, ...newest].sort(inKeyOrder));
    expect(recent).toEqual(later);
    // The blocks serve the new long run with what they knew: a walk as known at 10 reads its answers alone.
    reads.count = 0;
    const answers: number[] = [];
    for (let i = known.nextKnownBy(base, 0, 10); i < base.length; i = known.nextKnownBy(base, i + 1, 10)) answers.push(base[i]!.seq);
    expect(answers).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(reads.count).toBe(10);
  });
});

/** Entries as row numbers of a table, as the timeline keeps its versions (see VersionTable): row 0 is an entry like any other. */
class RowKeys implements WholeLogKeys<number> {
  constructor(private readonly rows: readonly KeyFields[]) {}
  lo(row: number): number {
    return this.rows[row]!.lo;
  }
  hi(row: number): number {
    return this.rows[row]!.hi;
  }
  seq(row: number): number {
    return this.rows[row]!.seq;
  }
  since(row: number): number {
    return this.rows[row]!.since;
  }
  date(row: number): DateRange | undefined {
    return this.rows[row]!.date;
  }
  compare(a: number, b: number): number {
    return compareByKeys(this, a, b);
  }
}

describe('the whole-log walks over row numbers', () => {
  const row = fc.record({
    lo: fc.integer({ min: -1_000, max: 1_000 }),
    span: fc.oneof(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 401, max: 2_000 })),
    openStart: fc.boolean(),
    dated: fc.boolean(),
    since: fc.integer({ min: 1, max: 200 }),
  });
  const question = fc.record({ day: fc.integer({ min: -1_500, max: 3_000 }), after: fc.option(fc.nat(), { nil: undefined }), maxPosition: fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined }) });

  it('walk every row once in key order, from a key or a day, as known at a position, across both runs of each list', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 300 }), fc.array(row, { maxLength: 40 }), fc.array(question, { minLength: 1, maxLength: 10 }), (first, later, questions) => {
        const fields: KeyFields[] = [...first, ...later].map(({ lo, span, openStart, dated, since }, i) => {
          const hi = lo + span;
          const date: DateRange | undefined = !dated ? undefined : openStart ? { text: '', lo: Number.NEGATIVE_INFINITY, hi, precision: 'open-start' } : { text: '', lo, hi, precision: span > 0 ? 'interval' : 'day' };
          return { lo, hi, seq: i + 1, since, date };
        });
        const keys = new RowKeys(fields);
        const lists = new WholeLogLists<number>(keys);
        for (let r = 0; r < first.length; r++) lists.add(r);
        lists.view();
        lists.prepare();
        // The later rows in the recent runs.
        for (let r = first.length; r < fields.length; r++) lists.add(r);
        const inOrder = fields.map((_, r) => r).sort((a, b) => inKeyOrder(fields[a]!, fields[b]!));
        const isLong = (r: number) => {
          const date = fields[r]!.date;
          return date !== undefined && (date.precision === 'open-start' || date.hi - date.lo > 400);
        };
        const keyOf = (r: number): SortKey => ({ lo: fields[r]!.lo, hi: fields[r]!.hi, position: BigInt(fields[r]!.seq), seq: fields[r]!.seq });
        for (const { day, after: afterRow, maxPosition } of questions) {
          const after = afterRow === undefined ? undefined : keyOf(afterRow % fields.length);
          const known = (r: number) => maxPosition === undefined || fields[r]!.since <= maxPosition;
          const pastAfter = (r: number) => after === undefined || inKeyOrder(fields[r]!, after) > 0;
          const reachesDay = (r: number) => (isLong(r) ? fields[r]!.hi >= day : fields[r]!.lo >= day - 400);
          const atKey = { lo: day, hi: Number.NEGATIVE_INFINITY, position: -1n, seq: -1 };
          expect([...lists.from(atKey, after, maxPosition)]).toEqual(inOrder.filter((r) => inKeyOrder(fields[r]!, atKey) >= 0 && pastAfter(r) && known(r)));
          expect([...lists.fromDay(day, after, maxPosition)]).toEqual(inOrder.filter((r) => reachesDay(r) && pastAfter(r) && known(r)));
        }
        expect(lists.view()).toEqual(inOrder);
      }),
      { numRuns: 200 },
    );
  });
});
