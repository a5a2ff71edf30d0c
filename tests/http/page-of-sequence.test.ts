import { describe, expect, it } from 'vitest';
import { pageOf, pageOfSequence } from '../../src/http/list-cursor.js';

/** A sequence that counts how many items were made, as /state's views are built on demand. */
function counted(length: number): { items: Iterable<number>; made: () => number } {
  let made = 0;
  return {
    items: (function* () {
      for (let i = 0; i < length; i++) {
        made += 1;
        yield i;
      }
    })(),
    made: () => made,
  };
}

describe('a page of a sequence made on demand', () => {
  it('makes the items up to one past the page, never the rest', () => {
    const sequence = counted(1000);
    expect(pageOfSequence(sequence.items, 100, 50)).toEqual({ page: Array.from({ length: 50 }, (_, i) => 100 + i), nextOffset: 150 });
    expect(sequence.made()).toBe(151);
  });

  it('has no next page when the sequence ends within or right at the end of the page', () => {
    expect(pageOfSequence(counted(120).items, 100, 50)).toEqual({ page: Array.from({ length: 20 }, (_, i) => 100 + i), nextOffset: undefined });
    expect(pageOfSequence(counted(150).items, 100, 50).nextOffset).toBeUndefined();
    expect(pageOfSequence(counted(10).items, 100, 50)).toEqual({ page: [], nextOffset: undefined });
  });

  it('answers as the page of the whole list does, at every offset and limit', () => {
    const all = Array.from({ length: 37 }, (_, i) => i);
    for (const limit of [1, 5, 36, 37, 38]) {
      for (let offset = 0; offset <= 40; offset++) {
        expect(pageOfSequence(counted(37).items, offset, limit), `offset ${offset}, limit ${limit}`).toEqual(pageOf(all, offset, limit));
      }
    }
  });
});
