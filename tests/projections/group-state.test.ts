import { describe, expect, it } from 'vitest';
import type { GroupView, MeetingView, OrganisationView } from '../../projections/views.js';
import { decodeEvent } from '../../events/decode-event.js';
import { day, given, recordedEvents } from './support/event-log.js';
import { readModelsOf } from './support/read-models-of.js';

const group = (id: string) => ({ category: 'group' as const, id });
const organisation = (id: string) => ({ category: 'organisation' as const, id });

const history = given(
  { type: 'OrganisationRegistered', organisationId: 'unesco', name: 'UNESCO' },
  { type: 'OrganisationRegistered', organisationId: 'ilo', name: 'International Labour Organization', acronym: 'ILO' },
  { type: 'OrganisationRegistered', organisationId: 'oecd', name: 'OECD' },
  { type: 'PersonRegistered', personId: 'ana-ruiz', name: 'Ana Ruiz' },
  { type: 'PersonRegistered', personId: 'li-wei', name: 'Li Wei' },
  { type: 'GroupFormed', groupId: 'iag-tvet', name: 'Inter-Agency Group on TVET', acronym: 'IAG-TVET', kind: 'interagency-group', convenedBy: 'unesco', formedOn: '2008' },
  { type: 'MemberJoined', groupId: 'iag-tvet', organisationId: 'ilo', on: '../2023-12-07' },
  { type: 'MemberJoined', groupId: 'iag-tvet', organisationId: 'oecd', on: '2010-01-01' },
  { type: 'MemberLeft', groupId: 'iag-tvet', organisationId: 'oecd', on: '2015-03-01' },
  { type: 'GroupFormed', groupId: 'tvet-wg', name: 'Working Group on Indicators', kind: 'working-group', parentGroupId: 'iag-tvet', formedOn: '2012' },
  { type: 'MemberJoined', groupId: 'tvet-wg', organisationId: 'unesco', on: '2013-02-01' },
  { type: 'ChairNamed', target: { kind: 'group', id: 'tvet-wg' }, personId: 'li-wei', role: 'chair', onBehalfOf: 'unesco', from: '2013-02-01' },
  { type: 'GroupDissolved', groupId: 'tvet-wg', on: '2020-06-30' },
  { type: 'MeetingHeld', meetingId: 'iag-2023', title: 'IAG-TVET meeting', kind: 'meeting', on: '2023-12-07', groupId: 'iag-tvet', participants: ['ilo', 'unesco'] },
  { type: 'ChairNamed', target: { kind: 'meeting', id: 'iag-2023' }, personId: 'ana-ruiz', role: 'co-chair', onBehalfOf: 'ilo', from: '2023-12-07' },
  { type: 'ChairNamed', target: { kind: 'meeting', id: 'iag-2023' }, personId: 'li-wei', role: 'co-chair', onBehalfOf: 'unesco', from: '2023-12-07' },
);
const models = readModelsOf(history);
const groupOn = (id: string, date: string) => models.entity(group(id), day(date)) as GroupView;

describe('membership certainty over valid time', () => {
  // Given ILO joined on an unknown day up to 2023-12-07, in a group formed some day of 2008.
  it('is possible while either date is uncertain', () => {
    expect(groupOn('iag-tvet', '2008-06-01').members).toEqual([{ organisationId: 'ilo', name: 'International Labour Organization', since: '../2023-12-07', certainty: 'possible' }]);
  });

  it('is certain once both have certainly happened', () => {
    expect(groupOn('iag-tvet', '2023-12-31').members.find((m) => m.organisationId === 'ilo')?.certainty).toBe('certain');
  });

  it('is absent before the group can have existed', () => {
    expect(groupOn('iag-tvet', '2007-12-31').members).toEqual([]);
    expect(groupOn('iag-tvet', '2007-12-31').existence).toBe('absent');
  });

  it('ends on the leave day itself (half-open)', () => {
    const member = (date: string) => groupOn('iag-tvet', date).members.find((m) => m.organisationId === 'oecd');
    expect(member('2015-02-28')?.certainty).toBe('certain');
    expect(member('2015-03-01')).toBeUndefined();
  });

  it('is listed under the organisation too', () => {
    const ilo = models.entity(organisation('ilo'), day('2020-01-01')) as OrganisationView;
    expect(ilo.groups).toEqual([{ groupId: 'iag-tvet', groupName: 'Inter-Agency Group on TVET', since: '../2023-12-07', certainty: 'possible' }]);
  });
});

describe('dissolution', () => {
  it('ends memberships and chairs on the dissolution day', () => {
    const before = groupOn('tvet-wg', '2020-06-29');
    expect(before.members.map((m) => [m.organisationId, m.certainty])).toEqual([['unesco', 'certain']]);
    expect(before.chairs.map((c) => [c.personId, c.role, c.onBehalfOf])).toEqual([['li-wei', 'chair', 'unesco']]);
    const after = groupOn('tvet-wg', '2020-06-30');
    expect(after).toMatchObject({ existence: 'absent', dissolvedOn: '2020-06-30', members: [], chairs: [] });
  });

  it('removes the group from the state on later days', () => {
    expect(models.state(day('2020-06-29')).groups.map((g) => g.id)).toEqual(['iag-tvet', 'tvet-wg']);
    expect(models.state(day('2020-06-30')).groups.map((g) => g.id)).toEqual(['iag-tvet']);
  });
});

describe('working groups', () => {
  it('are listed under the parent once formed', () => {
    expect(groupOn('iag-tvet', '2011-12-31').workingGroups).toEqual([]);
    expect(groupOn('iag-tvet', '2012-06-01').workingGroups).toEqual([
      { groupId: 'tvet-wg', name: 'Working Group on Indicators', acronym: null, formedOn: '2012', dissolvedOn: '2020-06-30', certainty: 'possible' },
    ]);
    expect(groupOn('iag-tvet', '2013-01-01').workingGroups[0]?.certainty).toBe('certain');
  });
});

describe('meetings', () => {
  it('list their co-chairs with role, organisation and name', () => {
    const meeting = models.entity({ category: 'meeting', id: 'iag-2023' }, day('2024-01-01')) as MeetingView;
    expect(meeting.chairs).toEqual([
      { personId: 'ana-ruiz', name: 'Ana Ruiz', role: 'co-chair', onBehalfOf: 'ilo', from: '2023-12-07', until: null },
      { personId: 'li-wei', name: 'Li Wei', role: 'co-chair', onBehalfOf: 'unesco', from: '2023-12-07', until: null },
    ]);
    expect(meeting).toMatchObject({ groupId: 'iag-tvet', happened: 'certain', participants: [{ organisationId: 'ilo', name: 'International Labour Organization' }, { organisationId: 'unesco', name: 'UNESCO' }] });
  });

  it('are listed under their group whatever the day asked', () => {
    expect(groupOn('iag-tvet', '2009-01-01').meetings).toMatchObject([{ meetingId: 'iag-2023', title: 'IAG-TVET meeting', kind: 'meeting', on: '2023-12-07', until: null }]);
  });

  it('carry their co-chairs', () => {
    const [meeting] = groupOn('iag-tvet', '2023-12-31').meetings;
    expect(meeting!.chairs.map((c) => [c.personId, c.role, c.onBehalfOf])).toEqual([
      ['ana-ruiz', 'co-chair', 'ilo'],
      ['li-wei', 'co-chair', 'unesco'],
    ]);
  });
});

describe('unknown entities', () => {
  it('answer undefined when never registered', () => {
    expect(models.entity(group('no-such-group'), day('2020-01-01'))).toBeUndefined();
    expect(models.entity(organisation('no-such-org'), day('2020-01-01'))).toBeUndefined();
  });

  it('do not break views that reference them', () => {
    const partial = readModelsOf(
      given(
        { type: 'MemberJoined', groupId: 'g', organisationId: 'ghost', on: '2010' },
        { type: 'GroupFormed', groupId: 'g', name: 'G', kind: 'network', formedOn: '2009' },
      ),
    );
    expect((partial.entity(group('g'), day('2011-01-01')) as GroupView).members).toEqual([{ organisationId: 'ghost', name: null, since: '2010', certainty: 'certain' }]);
    expect(partial.entity(organisation('ghost'), day('2011-01-01'))).toBeUndefined();
  });
});

describe('names of members and chairs registered after the tenure naming them (backfill)', () => {
  // Given a membership and chairs filed first (positions 1-5), and the organisation and the
  // people registered only afterwards (positions 6-8).
  const backfilled = readModelsOf(
    given(
      { type: 'GroupFormed', groupId: 'g', name: 'G', kind: 'network', formedOn: '2009' },
      { type: 'MemberJoined', groupId: 'g', organisationId: 'late-org', on: '2010' },
      { type: 'ChairNamed', target: { kind: 'group', id: 'g' }, personId: 'late-chair', role: 'chair', from: '2010' },
      { type: 'MeetingHeld', meetingId: 'm', title: 'M', kind: 'meeting', on: '2011-05-05', groupId: 'g' },
      { type: 'ChairNamed', target: { kind: 'meeting', id: 'm' }, personId: 'late-co-chair', role: 'co-chair', from: '2011-05-05' },
      { type: 'OrganisationRegistered', organisationId: 'late-org', name: 'Late Organisation' },
      { type: 'PersonRegistered', personId: 'late-chair', name: 'Late Chair' },
      { type: 'PersonRegistered', personId: 'late-co-chair', name: 'Late Co-Chair' },
    ),
  );
  const view = (knownAt?: bigint) => backfilled.entity(group('g'), day('2012-01-01'), knownAt) as GroupView;

  it('shows the names once the registrations are recorded', () => {
    expect(view().members.map((m) => m.name)).toEqual(['Late Organisation']);
    expect(view().chairs.map((c) => c.name)).toEqual(['Late Chair']);
    expect(view().meetings[0]!.chairs.map((c) => c.name)).toEqual(['Late Co-Chair']);
  });

  it('shows no names as known before the registrations were recorded', () => {
    expect(view(5n).members.map((m) => m.name)).toEqual([null]);
    expect(view(5n).chairs.map((c) => c.name)).toEqual([null]);
    expect(view(5n).meetings[0]!.chairs.map((c) => c.name)).toEqual([null]);
  });

  it('shows each name from the position its registration was recorded at', () => {
    expect(view(6n).members.map((m) => m.name)).toEqual(['Late Organisation']);
    expect(view(6n).chairs.map((c) => c.name)).toEqual([null]);
    expect(view(7n).chairs.map((c) => c.name)).toEqual(['Late Chair']);
    expect(view(7n).meetings[0]!.chairs.map((c) => c.name)).toEqual([null]);
  });
});

describe('co-chairs named before their meeting is recorded (backfill)', () => {
  // Given the co-chairs filed first (positions 2-3), the meeting only afterwards (position 4),
  // and a correction moving the meeting to another group (position 6).
  const events = given(
    { type: 'GroupFormed', groupId: 'g', name: 'G', kind: 'network', formedOn: '2009' },
    { type: 'ChairNamed', target: { kind: 'meeting', id: 'm' }, personId: 'ana', role: 'co-chair', from: '2011-05-05' },
    { type: 'ChairNamed', target: { kind: 'meeting', id: 'm' }, personId: 'li', role: 'co-chair', from: '2011-05-05' },
    { type: 'MeetingHeld', meetingId: 'm', title: 'M', kind: 'meeting', on: '2011-05-05', groupId: 'g' },
    { type: 'GroupFormed', groupId: 'h', name: 'H', kind: 'network', formedOn: '2009' },
  );
  const moved = readModelsOf([
    ...events,
    ...recordedEvents([{ type: 'DevelopmentCorrected', entity: 'meeting:m', correctsEventId: events[3]!.eventId, changes: { groupId: 'h' }, reason: 'misfiled' }], 6n).map(decodeEvent),
  ]);
  const models = readModelsOf(events);
  const chairsIn = (view: GroupView | MeetingView | undefined) => ('meetings' in view! ? view.meetings[0]!.chairs : view!.chairs).map((c) => c.personId);

  it('lists them under the meeting and under its group', () => {
    expect(chairsIn(models.entity({ category: 'meeting', id: 'm' }, day('2012-01-01')) as MeetingView)).toEqual(['ana', 'li']);
    expect(chairsIn(models.entity(group('g'), day('2012-01-01')) as GroupView)).toEqual(['ana', 'li']);
  });

  it('moves the meeting with its chairs to the group a correction names, and keeps it under the first as known before', () => {
    expect((moved.entity(group('g'), day('2012-01-01')) as GroupView).meetings).toEqual([]);
    expect(chairsIn(moved.entity(group('h'), day('2012-01-01')) as GroupView)).toEqual(['ana', 'li']);
    expect(chairsIn(moved.entity(group('g'), day('2012-01-01'), 5n) as GroupView)).toEqual(['ana', 'li']);
    expect((moved.entity(group('h'), day('2012-01-01'), 5n) as GroupView).meetings).toEqual([]);
  });
});
