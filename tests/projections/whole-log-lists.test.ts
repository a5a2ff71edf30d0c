import { describe, expect, it } from 'vitest';
import type { DateRange } from '../../events/dates.js';
import { EarliestKnownBlocks } from '../../projections/earliest-known-blocks.js';
import { compareKeys } from '../../projections/state/timeline-sort-keys.js';
import { IndexedSortedEntries, WholeLogLists, type WholeLogEntry } from '../../projections/whole-log-lists.js';

/** Timeline entries recorded in order (each known from its own position) that count how often their `since` is read: at a million, each read is a cache miss. */
function recorded(from: number, count: number, reads: { count: number }): WholeLogEntry[] {
  return Array.from({ length: count }, (_, i) => {
    const position = BigInt(from + i);
    const lo = (from + i) % 400;
    const date: DateRange = { text: '', lo, hi: lo, precision: 'day' };
    return {
      lo,
      hi: lo,
      position,
      seq: from + i,
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
    const lists = new WholeLogLists<WholeLogEntry>();
    for (const entry of recorded(1, 8_192, reads)) lists.add(entry);
    lists.view();
    lists.prepare();
    const asKnownAt10 = () => [...lists.from(undefined, undefined, 10n)].map((entry) => entry.seq);
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
    const known = new EarliestKnownBlocks<WholeLogEntry>();
    const list = new IndexedSortedEntries<WholeLogEntry>({ base: [known], recent: [] });
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
    expect(base).toEqual([...initial, ...newest].sort(compareKeys));
    expect(recent).toEqual(later);
    // The blocks serve the new long run with what they knew: a walk as known at 10 reads its answers alone.
    reads.count = 0;
    const answers: number[] = [];
    for (let i = known.nextKnownBy(base, 0, 10n); i < base.length; i = known.nextKnownBy(base, i + 1, 10n)) answers.push(base[i]!.seq);
    expect(answers).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(reads.count).toBe(10);
  });
});
