import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDate } from '../../events/dates.js';
import { pairEpisodes, pairInDateOrder, type DatedFact, type Tenure } from '../../projections/state/certainty.js';
import { MultiIndex } from '../../projections/state/multi-index.js';
import { compareText } from '../../projections/state/ordering.js';
import { RelationIndex } from '../../projections/state/relation-index.js';
import { NO_ITEMS } from '../../projections/state/tight-list.js';

describe('a relation index', () => {
  it('answers each key with its values in sort-key order (equal keys in arrival order), whatever the arrival order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('g1', 'g2', 'g3'), fc.string({ maxLength: 3 })), { maxLength: 60 }), (adds) => {
        const index = new RelationIndex<{ key: string; sortKey: string; arrival: number }>();
        adds.forEach(([key, sortKey], arrival) => index.add(key, { key, sortKey, arrival }, sortKey));
        for (const key of ['g1', 'g2', 'g3', 'none']) {
          const expected = adds
            .map(([k, sortKey], arrival) => ({ key: k, sortKey, arrival }))
            .filter((value) => value.key === key)
            .sort((a, b) => compareText(a.sortKey, b.sortKey) || a.arrival - b.arrival);
          expect(index.get(key)).toEqual(expected);
        }
        index.compact();
        expect(index.get('g1').map((v) => v.sortKey)).toEqual([...index.get('g1').map((v) => v.sortKey)].sort(compareText));
      }),
      { numRuns: 300 },
    );
  });
});

describe('compacting a relation index', () => {
  it('copies only the keys added to since it last compacted (a start from a snapshot adds to none)', () => {
    const index = new RelationIndex<string>();
    index.add('g1', 'b', 'b');
    index.add('g1', 'a', 'a');
    index.add('g2', 'x', 'x');
    index.add('g2', 'y', 'y');
    index.compact();
    const [g1, g2] = [index.get('g1'), index.get('g2')];
    expect([g1, g2]).toEqual([['a', 'b'], ['x', 'y']]);
    index.compact();
    expect(index.get('g1')).toBe(g1);
    expect(index.get('g2')).toBe(g2);

    index.add('g2', 'z', 'z');
    index.compact();
    expect(index.get('g1')).toBe(g1);
    expect(index.get('g2')).not.toBe(g2);
    expect(index.get('g2')).toEqual(['x', 'y', 'z']);
  });
});

describe('an id index (MultiIndex)', () => {
  it('answers each key with its distinct ids in text order, whatever the arrival order and repeats', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('a', 'b'), fc.string({ maxLength: 3 })), { maxLength: 60 }), (adds) => {
        const index = new MultiIndex();
        for (const [key, id] of adds) index.add(key, id);
        index.compact();
        for (const key of ['a', 'b', 'none']) {
          expect(index.get(key)).toEqual([...new Set(adds.filter(([k]) => k === key).map(([, id]) => id))].sort(compareText));
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('pairing a tenure of one start and at most one end', () => {
  let position = 0;
  const fact = (text: string): DatedFact<string> => {
    position += 1;
    return { data: text, date: parseDate(text), position, eventIndex: position, since: position, until: undefined };
  };

  const dates = fc.constantFrom('2005', '2008', '2008-06', '2008-06-01', '2010', '../2009-03-01', '2012-01-01/2012-02-01');

  it('pairs them as the general rule (pairInDateOrder) does', () => {
    fc.assert(
      fc.property(dates, fc.option(dates, { nil: undefined }), (start, end) => {
        const startFact = fact(start);
        const endFacts = end === undefined ? [] : [fact(end)];
        // As stored: a single fact as itself (see TightList), and as a plain array.
        const stored: Tenure<string, string> = { starts: startFact, ends: endFacts[0] ?? NO_ITEMS };
        const plain: Tenure<string, string> = { starts: [startFact], ends: endFacts };
        expect(pairEpisodes(stored)).toEqual(pairInDateOrder([startFact], endFacts));
        expect(pairEpisodes(plain)).toEqual(pairInDateOrder([startFact], endFacts));
        expect(pairEpisodes(stored)).toBe(pairEpisodes(stored));
      }),
      { numRuns: 200 },
    );
  });
});
