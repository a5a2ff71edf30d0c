import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dayFromParts, happenedBy, holdsOn, isoDay, parseDate, parseDateMemo, describeDate, validDate } from '../../events/dates.js';

const day = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number);
  return dayFromParts(y!, m!, d!);
};

describe('valid-time dates', () => {
  it('reads a day, a month and a year as closed ranges of days', () => {
    expect(parseDate('2023-12-07')).toMatchObject({ lo: day('2023-12-07'), hi: day('2023-12-07'), precision: 'day' });
    expect(parseDate('2024-02')).toMatchObject({ lo: day('2024-02-01'), hi: day('2024-02-29'), precision: 'month' });
    expect(parseDate('2023-02')).toMatchObject({ hi: day('2023-02-28') });
    expect(parseDate('2008')).toMatchObject({ lo: day('2008-01-01'), hi: day('2008-12-31'), precision: 'year' });
  });

  it('reads A/B from the first day of A to the last day of B', () => {
    expect(parseDate('2008-06/2009')).toMatchObject({ lo: day('2008-06-01'), hi: day('2009-12-31'), precision: 'interval' });
  });

  it('reads ../B as any day up to the last day of B', () => {
    const r = parseDate('../2023-12');
    expect(r.lo).toBe(Number.NEGATIVE_INFINITY);
    expect(r.hi).toBe(day('2023-12-31'));
    expect(describeDate(r)).toEqual({ text: '../2023-12', earliest: null, latest: '2023-12-31', precision: 'open-start' });
  });

  it.each([
    ['2023-02-29', 'has no day'],
    ['2023-13', 'month 13'],
    ['2023-00-10', 'month 00'],
    ['23-01-01', 'expected'],
    ['2023-1-1', 'expected'],
    ['0000', 'year must be'],
    ['2010/2009', 'ends before it starts'],
    ['2010/..', 'open end'],
    ['../..', 'open end'],
    ['2001/2002/2003', 'exactly one'],
    ['', 'empty'],
    ['2023-12-07T10:00', 'expected'],
  ])('rejects %j (%s)', (text, reason) => {
    expect(() => parseDate(text)).toThrow(reason);
    expect(validDate.safeParse(text).success).toBe(false);
    // Asked again (valid texts are remembered, invalid ones never are).
    expect(validDate.safeParse(text).success).toBe(false);
  });

  it('accepts a valid date every time it is asked, and keeps rejecting its invalid neighbours', () => {
    for (let round = 0; round < 2; round++) {
      expect(validDate.safeParse('2024-02-29').success).toBe(true);
      expect(validDate.safeParse('2023-02-29').success).toBe(false);
    }
  });

  it('accepts leap days that exist', () => {
    expect(isoDay(parseDate('2024-02-29').lo)).toBe('2024-02-29');
    expect(isoDay(parseDate('2000-02-29').lo)).toBe('2000-02-29');
    expect(() => parseDate('1900-02-29')).toThrow();
  });

  it('round-trips days before 1970 and early years', () => {
    expect(isoDay(parseDate('1950-03-04').lo)).toBe('1950-03-04');
    expect(isoDay(parseDate('0050-01-01').lo)).toBe('0050-01-01');
  });
});

describe('when something happened: one unknown day of the range', () => {
  const y2008 = parseDate('2008');
  it('has certainly happened from the last day on, possibly within, not before', () => {
    expect(happenedBy(y2008, day('2008-12-31'))).toBe('certain');
    expect(happenedBy(y2008, day('2009-01-01'))).toBe('certain');
    expect(happenedBy(y2008, day('2008-06-01'))).toBe('possible');
    expect(happenedBy(y2008, day('2007-12-31'))).toBe('absent');
  });

  it('treats an open start as possible on every earlier day', () => {
    const asOf = parseDate('../2023-12-07');
    expect(happenedBy(asOf, day('2023-12-07'))).toBe('certain');
    expect(happenedBy(asOf, day('1990-01-01'))).toBe('possible');
  });

  it('makes a fact half-open at its end event', () => {
    const joined = parseDate('2010-01-01');
    const left = parseDate('2012-01-01');
    expect(holdsOn(joined, left, day('2010-01-01'))).toBe('certain');
    expect(holdsOn(joined, left, day('2011-12-31'))).toBe('certain');
    expect(holdsOn(joined, left, day('2012-01-01'))).toBe('absent');
    expect(holdsOn(joined, parseDate('2012'), day('2012-06-01'))).toBe('possible');
  });
});

describe('parseDateMemo', () => {
  it('answers what parseDate answers, one object per text while it is remembered', () => {
    for (const text of ['2009', '2009-03', '2009-03-17', '2008/2009-06', '../2023-12-07']) {
      expect(parseDateMemo(text)).toEqual(parseDate(text));
      expect(parseDateMemo(text)).toBe(parseDateMemo(text));
    }
  });

  it('refuses an invalid text every time, as parseDate does', () => {
    expect(() => parseDateMemo('2009-13')).toThrow(/month/);
    expect(() => parseDateMemo('2009-13')).toThrow(/month/);
  });

  it('stays bounded: past 100,000 texts it starts afresh, with the same answers', () => {
    const first = parseDateMemo('1999-01-01');
    for (let day = 0; day < 100_000; day++) parseDateMemo(isoDay(day));
    const again = parseDateMemo('1999-01-01');
    expect(again).toEqual(first);
    expect(again).not.toBe(first);
  });
});

describe('isoDay', () => {
  /** The Date object's writing of a day: what isoDay answered before it computed dates itself. */
  const byDate = (day: number) => {
    const d = new Date(day * 86_400_000);
    return `${String(d.getUTCFullYear()).padStart(4, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
  };

  it('writes every day of the years 0000 to 10000 as the Date object does', () => {
    const first = dayFromParts(0, 1, 1);
    const last = dayFromParts(10000, 12, 31);
    for (let day = first - 3; day <= last + 3; day++) if (isoDay(day) !== byDate(day)) expect(isoDay(day)).toBe(byDate(day));
  });

  it('writes days beyond those years, and the open bound, as before', () => {
    fc.assert(fc.property(fc.integer({ min: -100_000_000, max: 100_000_000 }), (day) => isoDay(day) === byDate(day)));
    expect(isoDay(Number.NEGATIVE_INFINITY)).toBe('..');
    expect(isoDay(dayFromParts(10000, 1, 1))).toBe('10000-01-01');
    expect(isoDay(dayFromParts(1, 1, 1))).toBe('0001-01-01');
  });
});
