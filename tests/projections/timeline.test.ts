import { describe, expect, it } from 'vitest';
import { isoDay, parseDate } from '../../events/dates.js';
import type { ReadModels } from '../../projections/read-models.js';
import { InvalidTimelineCursorError } from '../../projections/timeline-projection.js';
import type { TimelineQuery } from '../../projections/timeline-query.js';
import type { TimelineCursorKey, TimelineItem } from '../../projections/views.js';
import { day, given, type Written } from './support/event-log.js';
import { readModelsOf } from './support/read-models-of.js';

const joined = (organisationId: string, on: string): Written => ({ type: 'MemberJoined', groupId: 'iag-tvet', organisationId, on });

// Positions follow this order: 1 … 8.
const developments: Written[] = [
  joined('day-2009-06-01', '2009-06-01'), // 1
  joined('year-2009', '2009'), // 2
  { type: 'PersonRegistered', personId: 'ana-ruiz', name: 'Ana Ruiz' }, // 3: undated
  joined('month-2009-01', '2009-01'), // 4
  joined('open-to-2010', '../2010'), // 5
  joined('open-to-2005', '../2005'), // 6
  joined('year-2009-again', '2009'), // 7: ties with 2 on both days
  { type: 'GroupFormed', groupId: 'iag-tvet', name: 'IAG-TVET', kind: 'interagency-group', convenedBy: 'unesco', formedOn: '2008', sources: [{ title: 'Terms of reference' }] }, // 8
];
const models = readModelsOf(given(...developments));

/** Dates recorded in an order unrelated to valid time: years, months, intervals (many over a year), open starts. */
const dates = (i: number) => [`${1990 + ((i * 7) % 30)}`, `${1990 + ((i * 13) % 30)}-0${1 + (i % 9)}`, `${1990 + ((i * 11) % 25)}/${1992 + ((i * 11) % 25) + (i % 10)}`, `../${1995 + ((i * 5) % 25)}`][i % 4]!;

/** Every page of a query, each resumed from the previous page's key. */
function allPages(models: ReadModels, query: Omit<TimelineQuery, 'limit'>, limit: number): TimelineItem[] {
  const items: TimelineItem[] = [];
  let after: TimelineCursorKey | undefined;
  do {
    const page = models.timeline({ ...query, limit, ...(after && { after }) });
    items.push(...page.items);
    after = page.nextKey;
  } while (after);
  return items;
}
const positions = (items: readonly TimelineItem[]) => items.map((i) => Number(i.position));

describe('timeline order', () => {
  it('is undated first, then by earliest day, then latest day, then position', () => {
    // undated 3; ../2005 (6) cannot reach back past its own last day; 2008 (8); ../2010 (5)
    // starts no earlier than the group's formation (2008-01-01) and ends later than 8;
    // 2009-01 (4) before 2009 (2, 7); 2009-06-01 (1).
    expect(positions(models.timeline({ limit: 100 }).items)).toEqual([3, 6, 8, 5, 4, 2, 7, 1]);
  });

  it('bounds an open start by the start of the entities it concerns, also when that start is backfilled', () => {
    const member = joined('open-member', '../2023-12-07');
    const formed: Written = { type: 'GroupFormed', groupId: 'iag-tvet', name: 'IAG-TVET', kind: 'interagency-group', formedOn: '2008' };
    const meeting: Written = { type: 'MeetingHeld', meetingId: 'm', title: 'M', kind: 'meeting', on: '2023-12-07', groupId: 'iag-tvet' };
    const types = (m: ReturnType<typeof readModelsOf>) => m.timeline({ limit: 10 }).items.map((i) => i.type);
    expect(types(readModelsOf(given(formed, member, meeting)))).toEqual(['GroupFormed', 'MemberJoined', 'MeetingHeld']);
    const backfilled = readModelsOf(given(member, meeting));
    expect(types(backfilled)).toEqual(['MemberJoined', 'MeetingHeld']);
    for (const event of given(member, meeting, formed).slice(2)) backfilled.apply(event);
    expect(types(backfilled)).toEqual(['GroupFormed', 'MemberJoined', 'MeetingHeld']);
  });

  it('describes each item', () => {
    const formed = models.timeline({ limit: 100, types: ['GroupFormed'] }).items[0]!;
    expect(formed).toMatchObject({
      position: '8',
      type: 'GroupFormed',
      stream: 'group-iag-tvet',
      entities: ['group:iag-tvet', 'organisation:unesco'],
      date: { text: '2008', earliest: '2008-01-01', latest: '2008-12-31', precision: 'year' },
      summary: 'IAG-TVET formed by unesco',
      sources: [{ title: 'Terms of reference' }],
      recordedBy: 'test',
    });
    expect(formed.recordedAt).toMatch(/^2025-01-01T/);
    expect(models.timeline({ limit: 1 }).items[0]).toMatchObject({ type: 'PersonRegistered', date: null });
    expect(models.timeline({ limit: 100, types: ['MemberJoined'] }).items[0]?.date).toMatchObject({ earliest: null, latest: '2005-12-31', precision: 'open-start' });
  });
});

describe('timeline paging', () => {
  it('names no day in a cursor after an undated item or an open start with no known start', () => {
    const unbounded = readModelsOf(
      given(
        { type: 'PersonRegistered', personId: 'ana-ruiz', name: 'Ana Ruiz' }, // 1: undated
        { type: 'MemberJoined', groupId: 'never-formed', organisationId: 'unesco', on: '../2005' }, // 2: no known start
        joined('year-2009', '2009'), // 3
      ),
    );
    const afterUndated = unbounded.timeline({ limit: 1 });
    expect(afterUndated.nextKey).toEqual({ earliestDay: null, latestDay: null, position: '1' });
    const afterOpenStart = unbounded.timeline({ limit: 1, after: afterUndated.nextKey! });
    expect(positions(afterOpenStart.items)).toEqual([2]);
    expect(afterOpenStart.nextKey).toEqual({ earliestDay: null, latestDay: day('2006-01-01') - 1, position: '2' });
    expect(positions(unbounded.timeline({ limit: 100, after: afterOpenStart.nextKey! }).items)).toEqual([3]);
    // A start known for its entities bounds it: then the cursor names both days.
    const afterBounded = models.timeline({ limit: 2 });
    expect(positions(afterBounded.items)).toEqual([3, 6]);
    expect(afterBounded.nextKey).toEqual({ earliestDay: day('2006-01-01') - 1, latestDay: day('2006-01-01') - 1, position: '6' });
  });

  it('continues after the key of the last item, and ends without a next key', () => {
    const first = models.timeline({ limit: 3 });
    expect(positions(first.items)).toEqual([3, 6, 8]);
    const second = models.timeline({ limit: 3, after: first.nextKey! });
    expect(positions(second.items)).toEqual([5, 4, 2]);
    const third = models.timeline({ limit: 3, after: second.nextKey! });
    expect(positions(third.items)).toEqual([7, 1]);
    expect(third.nextKey).toBeUndefined();
  });

  it('gives no next key when the page holds exactly the last item', () => {
    expect(models.timeline({ limit: 8 }).nextKey).toBeUndefined();
  });

  it('stays pinned to the log of the first page with maxPosition', () => {
    const growing = readModelsOf(given(...developments));
    const first = growing.timeline({ limit: 4, maxPosition: 8n });
    // Backfilled afterwards: an event dated within the pages still to come, and one before.
    for (const event of given(...developments, joined('late-2009-03', '2009-03'), joined('late-1990', '1990')).slice(8)) growing.apply(event);
    const rest = growing.timeline({ limit: 100, after: first.nextKey!, maxPosition: 8n });
    expect([...positions(first.items), ...positions(rest.items)]).toEqual([3, 6, 8, 5, 4, 2, 7, 1]);
    expect(positions(growing.timeline({ limit: 100 }).items)).toEqual([3, 10, 6, 8, 5, 4, 2, 7, 9, 1]);
  });

  it('keeps its order when events are backfilled after a long list was sorted', () => {
    const years = Array.from({ length: 40 }, (_, i) => joined(`org-${i}`, String(2000 + i)));
    const timeline = readModelsOf(given(...years));
    expect(timeline.timeline({ limit: 1 }).items[0]?.date?.text).toBe('2000');
    for (const event of given(...years, joined('early', '1999'), joined('middle', '2020-06')).slice(40)) timeline.apply(event);
    const dates = timeline.timeline({ limit: 100 }).items.map((i) => i.date?.text);
    expect(dates.slice(0, 2)).toEqual(['1999', '2000']);
    expect(dates.slice(21, 24)).toEqual(['2020', '2020-06', '2021']);
    expect(dates).toHaveLength(42);
  });

  it('pages a backfilled log as known at any earlier position exactly as filtering the whole log by position', () => {
    // Recorded in an order unrelated to valid time, long enough for many blocks of 32 in
    // both the whole list and the long items' list (intervals over a year, open starts).
    const log = Array.from({ length: 400 }, (_, i) => joined(`org-${i}`, dates(i)));
    const backfilled = readModelsOf(given(...log));
    const whole = backfilled.timeline({ limit: 1_000 }).items;
    const pages = (query: { from?: ReturnType<typeof parseDate>; maxPosition: bigint }) => positions(allPages(backfilled, query, 7));
    for (const position of [0n, 1n, 5n, 33n, 64n, 65n, 200n, 399n, 400n]) {
      const known = whole.filter((i) => BigInt(i.position) <= position);
      expect(pages({ maxPosition: position })).toEqual(positions(known));
      for (const from of ['1995', '2004-06-15', '2019']) {
        const range = parseDate(from);
        expect(pages({ from: range, maxPosition: position })).toEqual(positions(known.filter((i) => i.date !== null && i.date.latest >= isoDay(range.lo))));
      }
    }
  });

  it('pages a log read between every write (a live server) exactly as one folded at once', () => {
    // Long enough that the entries added between reads are folded into the sorted lists
    // several times (see LazilySortedEntries), with backfilled dates, long items and open starts.
    // Now and then an organisation's founding, which moves the bound of its open starts
    // (their sort key) after they were sorted.
    const founded = (i: number): Written => ({ type: 'OrganisationRegistered', organisationId: `org-${(i * 7) % 300}`, name: `Org ${i}`, foundedOn: `${1985 + (i % 25)}` });
    const log = given(...Array.from({ length: 1_500 }, (_, i) => (i % 9 === 4 ? founded(i) : joined(`org-${i % 300}`, dates(i)))));
    const atOnce = readModelsOf(log);
    const live = readModelsOf(log.slice(0, 300));
    const queries = (i: number) => [
      { limit: 5 },
      { limit: 5, from: parseDate(`${1992 + (i % 25)}`) },
      { limit: 5, from: parseDate(`${1992 + (i % 25)}`), maxPosition: BigInt(1 + ((i * 37) % (i + 1))) },
      { limit: 5, to: parseDate(`${1992 + (i % 25)}-06`), maxPosition: BigInt(1 + ((i * 53) % (i + 1))) },
      { limit: 5, entity: { category: 'organisation' as const, id: `org-${i % 300}` } },
    ];
    const pages = (models: ReadModels, query: Omit<TimelineQuery, 'limit'>) => allPages(models, query, 50);
    for (const [i, event] of log.slice(300).entries()) {
      live.apply(event);
      // First after each write, so it is this page that folds the runs when they are due.
      const from = parseDate(`${1992 + (i % 25)}`);
      const expected = live.timeline({ limit: 10_000 }).items.filter((item) => item.date !== null && item.date.latest >= isoDay(from.lo));
      expect(positions(live.timeline({ limit: 50, from }).items), `page from ${from.text} after ${301 + i} events`).toEqual(positions(expected.slice(0, 50)));
      live.timeline(queries(i)[i % 5]!);
      // Now and then, against the same log folded at once: the two runs of the whole list
      // and of the long items' list are folded together at different moments.
      if (i % 61 === 0) {
        const sofar = readModelsOf(log.slice(0, 301 + i));
        for (const { limit: _, ...query } of queries(i * 7)) expect(pages(live, query), `after ${301 + i} events`).toEqual(pages(sofar, query));
      }
    }
    for (let i = 0; i < 40; i++) {
      for (const { limit: _, ...query } of queries(i * 31)) expect(pages(live, query)).toEqual(pages(atOnce, query));
    }
  });

  it('rejects a cursor it did not issue', () => {
    expect(() => models.timeline({ limit: 3, after: { bogus: true } as never })).toThrow(InvalidTimelineCursorError);
  });
});

describe('timeline filters', () => {
  it('keep the items of one entity: its own events and those referencing it', () => {
    const unesco = models.timeline({ limit: 100, entity: { category: 'organisation', id: 'unesco' } });
    expect(positions(unesco.items)).toEqual([8]);
    const group = models.timeline({ limit: 100, entity: { category: 'group', id: 'iag-tvet' } });
    expect(positions(group.items)).toEqual([6, 8, 5, 4, 2, 7, 1]);
    expect(models.timeline({ limit: 100, entity: { category: 'person', id: 'nobody' } }).items).toEqual([]);
  });

  it('keep the items of the given types', () => {
    expect(positions(models.timeline({ limit: 100, types: ['PersonRegistered', 'GroupFormed'] }).items)).toEqual([3, 8]);
  });

  it('keep dated items whose date overlaps [from, to]', () => {
    const overlapping = models.timeline({ limit: 100, from: parseDate('2009-02'), to: parseDate('2009-12-31') });
    // ../2010 and 2009 overlap; 2009-01 ends before February; undated items are left out.
    expect(positions(overlapping.items)).toEqual([5, 2, 7, 1]);
    expect(positions(models.timeline({ limit: 100, to: parseDate('2008') }).items)).toEqual([6, 8, 5]);
    expect(positions(models.timeline({ limit: 100, from: parseDate('2009-06') }).items)).toEqual([5, 2, 7, 1]);
  });

  it('keep an open start whose entities have no known start, and skip every undated item, when asked by date alone', () => {
    const unbounded = joined('unbounded', '../2001');
    const registrations: Written[] = Array.from({ length: 30 }, (_, i) => ({ type: 'PersonRegistered', personId: `p-${i}`, name: `P ${i}` }));
    const m = readModelsOf(given(...registrations, unbounded));
    expect(m.timeline({ limit: 5, to: parseDate('2001') }).items.map((i) => i.type)).toEqual(['MemberJoined']);
    // Its start is unknown, so it may have happened before any day asked.
    expect(m.timeline({ limit: 5, to: parseDate('1990') }).items.map((i) => i.type)).toEqual(['MemberJoined']);
  });

  it('combine with paging', () => {
    const first = models.timeline({ limit: 2, entity: { category: 'group', id: 'iag-tvet' }, from: parseDate('2008') });
    expect(positions(first.items)).toEqual([8, 5]);
    const second = models.timeline({ limit: 2, entity: { category: 'group', id: 'iag-tvet' }, from: parseDate('2008'), after: first.nextKey! });
    expect(positions(second.items)).toEqual([4, 2]);
  });
});
