import { describe, expect, it } from 'vitest';
import { parseDate } from '../../events/dates.js';
import { emptyTenures, heldThroughout, pairIntervals, readEnd, tenureOf, withEnd, withStart } from '../../src/domain/intervals.js';

const d = parseDate;
const starts = (...texts: string[]) => texts.map((t) => ({ on: d(t), detail: t }));
const pairs = (s: string[], e: string[]) => pairIntervals(starts(...s), e.map(d)).map((i) => [i.from.text, i.until?.text]);

describe('pairing starts and ends in valid time', () => {
  it('pairs each start with the next end', () => {
    expect(pairs(['2001', '2010'], ['2005', '2020'])).toEqual([
      ['2001', '2005'],
      ['2010', '2020'],
    ]);
  });

  it('merges a start that restates a running interval', () => {
    expect(pairs(['2001', '2010'], ['2020'])).toEqual([['2001', '2020']]);
  });

  it('ignores an end certainly before every start it could close', () => {
    expect(pairs(['2001'], ['2010', '2020'])).toEqual([['2001', '2010']]);
    expect(pairs(['2010'], ['2005'])).toEqual([['2010', undefined]]);
  });

  it('pairs an imprecise end with a start it overlaps', () => {
    expect(pairs(['2010-06-01'], ['2010'])).toEqual([['2010-06-01', '2010']]);
  });

  it('reads a leave and a rejoin on the same day as two intervals', () => {
    expect(pairs(['2001', '2010-01-01'], ['2010-01-01'])).toEqual([
      ['2001', '2010-01-01'],
      ['2010-01-01', undefined],
    ]);
  });

  it('sorts open starts first without arithmetic on infinities', () => {
    let tenures = withStart(emptyTenures<string>(), 'x', d('2001'), 'a');
    tenures = withStart(tenures, 'x', d('../2001'), 'b');
    tenures = withStart(tenures, 'x', d('../2000'), 'c');
    expect(tenureOf(tenures, 'x').starts.map((s) => s.on.text)).toEqual(['../2000', '../2001', '2001']);
  });
});

describe('tenures', () => {
  it('keep starts and ends sorted by valid date whatever the insertion order', () => {
    let tenures = emptyTenures<string>();
    tenures = withStart(tenures, 'x', d('2010'), 'b');
    tenures = withEnd(tenures, 'x', d('2020'));
    tenures = withStart(tenures, 'x', d('2001'), 'a');
    tenures = withEnd(tenures, 'x', d('2005'));
    const tenure = tenureOf(tenures, 'x');
    expect(tenure.starts.map((s) => s.on.text)).toEqual(['2001', '2010']);
    expect(tenure.ends.map((e) => e.text)).toEqual(['2005', '2020']);
    expect(tenure.intervals.map((i) => i.detail)).toEqual(['a', 'b']);
  });

  it('are never changed in place', () => {
    const before = withStart(emptyTenures<string>(), 'x', d('2010'), 'a');
    const snapshot = structuredClone([...before]);
    const after = withEnd(withStart(before, 'y', d('2011'), 'b'), 'x', d('2012'));
    expect([...before]).toEqual(snapshot);
    expect(after).not.toBe(before);
  });

  it('answer certain holding and how an end relates', () => {
    const tenure = tenureOf(withStart(emptyTenures<string>(), 'x', d('2010-06-01'), 'a'), 'x');
    expect(heldThroughout(tenure, d('2011'))).toBeDefined();
    expect(heldThroughout(tenure, d('2010'))).toBeUndefined();
    expect(readEnd(tenure, d('2010')).kind).toBe('closes');
    expect(readEnd(tenure, d('2009')).kind).toBe('before-start');
    expect(readEnd(tenureOf(emptyTenures(), 'x'), d('2009')).kind).toBe('never-held');
  });
});
