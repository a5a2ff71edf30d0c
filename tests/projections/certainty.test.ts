import { describe, expect, it } from 'vitest';
import { parseDate } from '../../events/dates.js';
import { episodesHolding, holdsUntilAny, NO_END_DAY, pairEpisodes, type DatedFact, type Tenure } from '../../projections/state/certainty.js';
import { addEnd, addStart, factReplaced, wholeAt } from '../../projections/state/stored-facts.js';
import { day } from './support/event-log.js';
import { emptyTenure, readTenure, storedVersions } from './support/stored-versions.js';

let position = 0;
const fact = (text: string): DatedFact<string> => {
  position += 1;
  return { data: text, date: parseDate(text), position, eventIndex: position, since: position, until: undefined };
};
const tenure = (starts: string[], ends: string[]): Tenure<string, string> => ({ starts: starts.map(fact), ends: ends.map(fact) });
const pairs = (t: Tenure<string, string>) => pairEpisodes(t).map((e) => [e.start.data, e.end?.data ?? null]);

describe('pairing starts and ends by valid date', () => {
  it('pairs whatever the recording order', () => {
    expect(pairs(tenure(['2014', '2010'], ['2016-07-01', '2012']))).toEqual([
      ['2010', '2012'],
      ['2014', '2016-07-01'],
    ]);
  });

  it('merges a restated start into the running episode', () => {
    expect(pairs(tenure(['2010', '2011'], ['2015']))).toEqual([['2010', '2015']]);
  });

  it('ignores an end before any start', () => {
    expect(pairs(tenure(['2010'], ['2005']))).toEqual([['2010', null]]);
  });

  it('pairs an end that overlaps its start', () => {
    expect(pairs(tenure(['2008-06-01'], ['2008']))).toEqual([['2008-06-01', '2008']]);
  });
});

describe('holding on a day', () => {
  it('is certain, possible or absent by the start and end ranges', () => {
    const t = tenure(['2010'], ['2016']);
    const on = (d: string) => episodesHolding(t, day(d)).map((h) => h.certainty);
    expect(on('2009-12-31')).toEqual([]);
    expect(on('2010-06-01')).toEqual(['possible']);
    expect(on('2012-01-01')).toEqual(['certain']);
    expect(on('2016-06-01')).toEqual(['possible']);
    expect(on('2016-12-31')).toEqual([]);
  });

  it('is conditioned on its context', () => {
    expect(episodesHolding(tenure(['2010'], []), day('2012-01-01'), 'possible').map((h) => h.certainty)).toEqual(['possible']);
    expect(episodesHolding(tenure(['2010'], []), day('2012-01-01'), 'absent')).toEqual([]);
  });

  it('ends with the earliest of several ends', () => {
    const start = parseDate('2010');
    expect(holdsUntilAny(start, [parseDate('2020'), parseDate('2015-03-01')], day('2015-03-01'))).toBe('absent');
    expect(holdsUntilAny(start, [parseDate('2020'), parseDate('2015')], day('2015-03-01'))).toBe('possible');
  });
});

describe('a stored tenure knows whether it is whole as known at a position', () => {
  it('is whole from the position of its latest fact on, until a fact of it is replaced', () => {
    const { versions, row } = storedVersions();
    const t = emptyTenure();
    addStart(versions, t, row('2010'));
    const end = row('2012');
    addEnd(versions, t, end);
    const endSince = versions.since(end);
    expect(wholeAt(t, undefined)).toBe(true);
    expect(wholeAt(t, endSince)).toBe(true);
    expect(wholeAt(t, endSince - 1)).toBe(false); // the end was not known yet
    factReplaced(t);
    expect(wholeAt(t, undefined)).toBe(false);
    expect(wholeAt(t, endSince)).toBe(false);
  });

  it('is read with its facts known then, and passes its reach on only while whole', () => {
    const { versions, row } = storedVersions();
    const t = emptyTenure();
    addStart(versions, t, row('2010'));
    const end = row('2012');
    addEnd(versions, t, end);
    const now = readTenure(versions, t);
    expect(pairs(now)).toEqual([['2010', '2012']]);
    expect([now.reachLo, now.reachHi]).toEqual([t.reachLo, t.reachHi]);
    const before = readTenure(versions, t, versions.since(end) - 1);
    expect(pairs(before)).toEqual([['2010', null]]);
    expect([before.reachLo, before.reachHi]).toEqual([undefined, undefined]);
  });

  it('pairs the facts added since it was last read', () => {
    const { versions, row } = storedVersions();
    const t = emptyTenure();
    addStart(versions, t, row('2010'));
    expect(pairs(readTenure(versions, t))).toEqual([['2010', null]]);
    addEnd(versions, t, row('2012'));
    expect(pairs(readTenure(versions, t))).toEqual([['2010', '2012']]);
  });
});

describe("a stored tenure's reach: the days any of its episodes can hold on", () => {
  const { versions, row } = storedVersions();
  const stored = (starts: string[], ends: string[]) => {
    const t = emptyTenure();
    for (const text of starts) addStart(versions, t, row(text));
    for (const text of ends) addEnd(versions, t, row(text));
    return t;
  };
  const answers = (t: Tenure<string, string>, d: number, context?: 'certain' | 'possible') =>
    episodesHolding(t, d, context).map((h) => [h.episode.start.data, h.episode.end?.data ?? null, h.certainty]);

  it('is set as facts are added: from the earliest start, to the end of a single start and end', () => {
    const t = stored(['2010-06'], []);
    expect([t.reachLo, t.reachHi]).toEqual([day('2010-06-01'), NO_END_DAY]);
    addEnd(versions, t, row('2012'));
    expect([t.reachLo, t.reachHi]).toEqual([day('2010-06-01'), day('2012-12-31')]);
    addStart(versions, t, row('../2009'));
    expect(t.reachHi).toBe(NO_END_DAY);
    expect(t.reachLo).toBeLessThan(day('1900-01-01'));
  });

  it('holds nothing before any start is added', () => {
    expect(answers(readTenure(versions, stored([], [])), day('2012-01-01'))).toEqual([]);
    expect(answers(readTenure(versions, stored([], ['2010'])), day('2012-01-01'))).toEqual([]);
  });

  it('answers on every day as the same tenure without a reach (a copy) does, whatever its starts and ends', () => {
    const shapes: [string[], string[]][] = [
      [['2010'], []],
      [['2010'], ['2016']],
      [['2010-06-15'], ['2010-06-15']],
      [['2008-06-01'], ['2008']],
      [['2010'], ['2005']],
      [['../2011'], ['2014-02']],
      [['2009/2011'], ['2013/2015']],
      [['2014', '2010'], ['2016-07-01', '2012']],
      [['2010', '2011'], ['2015']],
      [['2012', '2010'], []],
      [['2010'], ['2012', '2014']],
    ];
    for (const [starts, ends] of shapes) {
      const withReach = readTenure(versions, stored(starts, ends));
      expect(withReach.reachLo).toBeDefined();
      const copy: Tenure<string, string> = { starts: withReach.starts, ends: withReach.ends };
      for (let d = day('2003-01-01'); d <= day('2019-12-31'); d += 23) {
        for (const context of ['certain', 'possible'] as const) {
          expect(answers(withReach, d, context), `${starts} / ${ends} on day ${d}`).toEqual(answers(copy, d, context));
        }
      }
    }
  });
});
