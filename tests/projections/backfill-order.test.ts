import { describe, expect, it } from 'vitest';
import type { EntityRef } from '../../events/identifiers.js';
import type { GroupView } from '../../projections/views.js';
import { day, given, shuffled, type Written } from './support/event-log.js';
import { readModelsOf } from './support/read-models-of.js';

const history: Written[] = [
  { type: 'OrganisationRegistered', organisationId: 'unesco', name: 'UNESCO', foundedOn: '1945-11-16' },
  { type: 'OrganisationRegistered', organisationId: 'ilo', name: 'International Labour Office', foundedOn: '1919' },
  { type: 'OrganisationRenamed', organisationId: 'ilo', name: 'International Labour Organization', acronym: 'ILO', on: '1946' },
  { type: 'OrganisationRegistered', organisationId: 'etf', name: 'European Training Foundation', acronym: 'ETF' },
  { type: 'PersonRegistered', personId: 'ana-ruiz', name: 'Ana Ruiz' },
  { type: 'PersonRegistered', personId: 'li-wei', name: 'Li Wei' },
  { type: 'PostHolderAppointed', organisationId: 'ilo', personId: 'ana-ruiz', post: 'Director', from: '2010' },
  { type: 'PostHolderLeft', organisationId: 'ilo', personId: 'ana-ruiz', post: 'Director', on: '2014-06' },
  { type: 'PostHolderAppointed', organisationId: 'ilo', personId: 'ana-ruiz', post: 'Director', from: '2016-01-01' },
  { type: 'GroupFormed', groupId: 'iag-tvet', name: 'IAG-TVET', kind: 'interagency-group', convenedBy: 'unesco', formedOn: '2008' },
  { type: 'GroupFormed', groupId: 'wg-data', name: 'Data WG', kind: 'working-group', parentGroupId: 'iag-tvet', formedOn: '2011-05' },
  { type: 'GroupDissolved', groupId: 'wg-data', on: '2019' },
  { type: 'MemberJoined', groupId: 'iag-tvet', organisationId: 'ilo', on: '../2023-12-07' },
  { type: 'MemberJoined', groupId: 'iag-tvet', organisationId: 'etf', on: '2010-01-01' },
  { type: 'MemberLeft', groupId: 'iag-tvet', organisationId: 'etf', on: '2012-01-01' },
  { type: 'MemberJoined', groupId: 'iag-tvet', organisationId: 'etf', on: '2014' },
  { type: 'MemberLeft', groupId: 'iag-tvet', organisationId: 'etf', on: '2016-07-01' },
  { type: 'MemberJoined', groupId: 'wg-data', organisationId: 'unesco', on: '2011-06' },
  { type: 'ChairNamed', target: { kind: 'group', id: 'iag-tvet' }, personId: 'li-wei', role: 'chair', onBehalfOf: 'unesco', from: '2015' },
  { type: 'ChairEnded', target: { kind: 'group', id: 'iag-tvet' }, personId: 'li-wei', on: '2018-12-31' },
  { type: 'ChairNamed', target: { kind: 'group', id: 'iag-tvet' }, personId: 'ana-ruiz', role: 'co-chair', onBehalfOf: 'ilo', from: '2019' },
  { type: 'MeetingHeld', meetingId: 'm-2012', title: 'Annual meeting 2012', kind: 'meeting', on: '2012-10', groupId: 'iag-tvet', participants: ['ilo', 'etf'] },
  { type: 'ChairNamed', target: { kind: 'meeting', id: 'm-2012' }, personId: 'li-wei', role: 'chair', from: '2012-10' },
  { type: 'StatementMade', statementId: 'st-1', personId: 'li-wei', quote: 'Data first.', on: '2012-10', occasion: 'm-2012' },
  { type: 'AgreementSigned', agreementId: 'mou-a', title: 'MoU A', parties: ['unesco', 'ilo'], signedOn: '2013' },
  { type: 'AgreementSigned', agreementId: 'mou-b', title: 'MoU B', parties: ['unesco', 'ilo'], signedOn: '2017-03', validFrom: '2017-04', validUntil: '2020', supersedes: 'mou-a' },
  { type: 'AgreementEnded', agreementId: 'mou-b', on: '2019-09' },
];

const days = ['1900-01-01', '1919-06-01', '1946-06-01', '2008-06-01', '2011-05-15', '2012-01-01', '2014-03-01', '2014-06-15', '2015-06-01', '2017-04-01', '2019-01-01', '2019-09-15', '2021-01-01', '2024-01-01'];
const refs: EntityRef[] = [
  { category: 'organisation', id: 'ilo' },
  { category: 'organisation', id: 'unesco' },
  { category: 'person', id: 'ana-ruiz' },
  { category: 'person', id: 'li-wei' },
  { category: 'group', id: 'iag-tvet' },
  { category: 'group', id: 'wg-data' },
  { category: 'meeting', id: 'm-2012' },
  { category: 'agreement', id: 'mou-a' },
  { category: 'agreement', id: 'mou-b' },
];

function answers(developments: Written[]) {
  const models = readModelsOf(given(...developments));
  return days.map((d) => ({ state: models.state(day(d)), entities: refs.map((ref) => models.entity(ref, day(d))) }));
}

describe('backfill: developments arriving in any valid-time order', () => {
  const inOrder = answers(history);

  it.each([1, 2, 3, 4, 5, 6])('give the same answers on every day (shuffle %i)', (seed) => {
    expect(answers(shuffled(history, seed))).toEqual(inOrder);
  });

  it('give the same timeline order by date', () => {
    const dates = (developments: Written[]) =>
      readModelsOf(given(...developments))
        .timeline({ limit: 1000 })
        .items.map((i) => i.date?.text ?? null);
    expect(dates(shuffled(history, 7))).toEqual(dates(history));
  });

  it('pair re-joins into separate memberships', () => {
    const members = (d: string) => (inOrder[days.indexOf(d)]!.entities[4] as GroupView).members.filter((m) => m.organisationId === 'etf');
    expect(members('2012-01-01')).toEqual([]);
    expect(members('2014-06-15')).toEqual([{ organisationId: 'etf', name: 'European Training Foundation', since: '2014', certainty: 'possible' }]);
    expect(members('2015-06-01')[0]?.certainty).toBe('certain');
  });
});
