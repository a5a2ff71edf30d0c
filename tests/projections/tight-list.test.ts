import { describe, expect, it } from 'vitest';
import { parseDate } from '../../events/dates.js';
import { inDateOrder, pairEpisodes, type DatedFact } from '../../projections/state/certainty.js';
import { addStart } from '../../projections/state/stored-facts.js';
import { itemAt, itemsOf, NO_ITEMS, sizeOf, withItem, type TightList } from '../../projections/state/tight-list.js';
import { emptyTenure, readTenure, storedVersions } from './support/stored-versions.js';

function fact(on: string, position: number): DatedFact<{ on: string }> {
  return { data: { on }, date: parseDate(on), position, eventIndex: position, since: position, until: undefined };
}

describe('the read models keep their short lists tightly', () => {
  it('holds none as the shared empty list, one as the item itself, more as an array of exactly their number', () => {
    const [a, b, c] = [{ n: 1 }, { n: 2 }, { n: 3 }];
    // Given the empty list
    expect(sizeOf(NO_ITEMS)).toBe(0);
    expect(itemsOf(NO_ITEMS)).toEqual([]);
    expect(itemAt(NO_ITEMS, 0)).toBeUndefined();
    // When one item is added, the list is that item: no array
    const one = withItem<{ n: number }>(NO_ITEMS, a);
    expect(one).toBe(a);
    expect(sizeOf(one)).toBe(1);
    expect(itemsOf(one)).toEqual([a]);
    expect(itemAt(one, 0)).toBe(a);
    expect(itemAt(one, 1)).toBeUndefined();
    // When more are added, an array of exactly their number, in the order added
    const two = withItem(one, b);
    const three = withItem(two, c);
    expect(Array.isArray(two)).toBe(true);
    expect(itemsOf(three)).toEqual([a, b, c]);
    expect(sizeOf(three)).toBe(3);
    expect(itemAt(three, 2)).toBe(c);
    // And the shared empty list and a list a reader already holds are left as they were
    expect(NO_ITEMS).toEqual([]);
    expect(Object.isFrozen(NO_ITEMS)).toBe(true);
    expect(itemsOf(two)).toEqual([a, b]);
    expect(one).toEqual({ n: 1 });
  });

  it('grows an array to its exact length, never with the spare slots push leaves', () => {
    let list: TightList<{ n: number }> = NO_ITEMS;
    for (let n = 0; n < 40; n++) list = withItem(list, { n });
    expect(itemsOf(list).map((item) => item.n)).toEqual(Array.from({ length: 40 }, (_, n) => n));
    expect(sizeOf(list)).toBe(40);
  });

  it('keeps sorted and paired answers right as a list grows', () => {
    // Given facts sorted once
    const one = withItem(NO_ITEMS, fact('2010', 2));
    const two = withItem(one, fact('2001', 1));
    expect(inDateOrder(itemsOf(two)).map((f) => f.data.on)).toEqual(['2001', '2010']);
    // When a third arrives
    const three = withItem(two, fact('2005', 3));
    // Then the new list is sorted afresh and the earlier answer still holds for the earlier list
    expect(inDateOrder(itemsOf(three)).map((f) => f.data.on)).toEqual(['2001', '2005', '2010']);
    expect(inDateOrder(itemsOf(two)).map((f) => f.data.on)).toEqual(['2001', '2010']);
    // And a tenure's paired episodes follow its new starts, held as one row and then as two
    const { versions, row } = storedVersions();
    const tenure = { ...emptyTenure(), starts: NO_ITEMS, ends: NO_ITEMS };
    addStart(versions, tenure, row('2010'));
    expect(Array.isArray(tenure.starts)).toBe(false);
    expect(pairEpisodes(readTenure(versions, tenure))).toHaveLength(1);
    addStart(versions, tenure, row('2012'));
    expect(pairEpisodes(readTenure(versions, tenure)).map((e) => e.start.data)).toEqual(['2010']);
    expect(itemsOf(readTenure(versions, tenure).starts).map((f) => f.data)).toEqual(['2010', '2012']);
  });
});
