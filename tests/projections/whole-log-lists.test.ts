import { describe, expect, it } from 'vitest';
import type { DateRange } from '../../events/dates.js';
import { WholeLogLists, type WholeLogEntry } from '../../projections/whole-log-lists.js';

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
});
