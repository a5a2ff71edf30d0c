import { describe, expect, it } from 'vitest';
import { parseDate } from '../../events/dates.js';
import { addStart, inDateOrder, pairEpisodes, type DatedFact, type Tenure } from '../../projections/state/certainty.js';
import { withItem } from '../../projections/state/tight-list.js';

function fact(on: string, position: bigint): DatedFact<{ on: string }> {
  return { data: { on }, date: parseDate(on), position, eventIndex: Number(position), since: position, until: undefined };
}

describe('the read models grow their short lists into new arrays', () => {
  it('answers the list with the item appended, leaving the list a reader already holds as it was', () => {
    const held = [1, 2];
    const grown = withItem(held, 3);
    expect(grown).toEqual([1, 2, 3]);
    expect(held).toEqual([1, 2]);
  });

  it('keeps sorted and paired answers right as a list grows', () => {
    // Given facts sorted once
    const one = [fact('2010', 2n)];
    const two = withItem(one, fact('2001', 1n));
    expect(inDateOrder(two).map((f) => f.data.on)).toEqual(['2001', '2010']);
    // When a third arrives
    const three = withItem(two, fact('2005', 3n));
    // Then the new list is sorted afresh and the earlier answer still holds for the earlier list
    expect(inDateOrder(three).map((f) => f.data.on)).toEqual(['2001', '2005', '2010']);
    expect(inDateOrder(two).map((f) => f.data.on)).toEqual(['2001', '2010']);
    // And a tenure's paired episodes follow its new starts
    const tenure: Tenure<{ on: string }, { on: string }> = { starts: [], ends: [] };
    addStart(tenure, fact('2010', 4n));
    expect(pairEpisodes(tenure)).toHaveLength(1);
    addStart(tenure, fact('2012', 5n));
    expect(pairEpisodes(tenure).map((e) => e.start.data.on)).toEqual(['2010']);
    expect(tenure.starts.map((f) => f.data.on)).toEqual(['2010', '2012']);
  });
});
