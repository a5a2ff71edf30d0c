import { describe, expect, it } from 'vitest';
import type { OrganisationView, PersonView } from '../../projections/views.js';
import { day, given } from './support/event-log.js';
import { readModelsOf } from './support/read-models-of.js';

const models = readModelsOf(
  given(
    { type: 'OrganisationRenamed', organisationId: 'ilo', name: 'International Labour Organization', acronym: 'ILO', on: '1946-06' },
    { type: 'OrganisationRegistered', organisationId: 'ilo', name: 'International Labour Office', acronym: 'ILO', classification: 'UN agency', foundedOn: '1919' },
    { type: 'PersonRegistered', personId: 'ana-ruiz', name: 'Ana Ruiz' },
    { type: 'PostHolderAppointed', organisationId: 'ilo', personId: 'ana-ruiz', post: 'Director of Skills', from: '2018' },
    { type: 'PostHolderLeft', organisationId: 'ilo', personId: 'ana-ruiz', post: 'Director of Skills', on: '2022-03-31' },
    { type: 'GroupFormed', groupId: 'iag-tvet', name: 'IAG-TVET', kind: 'interagency-group', formedOn: '2008' },
    { type: 'ChairNamed', target: { kind: 'group', id: 'iag-tvet' }, personId: 'ana-ruiz', role: 'chair', onBehalfOf: 'ilo', from: '2019-01-15' },
    { type: 'ChairEnded', target: { kind: 'group', id: 'iag-tvet' }, personId: 'ana-ruiz', on: '2021-01-15' },
    { type: 'MeetingHeld', meetingId: 'iag-2023', title: 'IAG-TVET meeting', kind: 'meeting', on: '2023-12-07' },
    { type: 'ChairNamed', target: { kind: 'meeting', id: 'iag-2023' }, personId: 'ana-ruiz', role: 'co-chair', from: '2023-12-07' },
    { type: 'StatementMade', statementId: 's-1', personId: 'ana-ruiz', quote: 'Skills matter.', on: '2023-12-07', occasion: 'iag-2023' },
  ),
);

const iloOn = (date: string) => models.entity({ category: 'organisation', id: 'ilo' }, day(date)) as OrganisationView;
const anaOn = (date: string) => models.entity({ category: 'person', id: 'ana-ruiz' }, day(date)) as PersonView;

describe('names over time', () => {
  it('answer the registered name before a rename', () => {
    expect(iloOn('1930-01-01')).toMatchObject({ name: 'International Labour Office', acronym: 'ILO', nameCertainty: 'certain' });
  });

  it('are uncertain within the rename period', () => {
    expect(iloOn('1946-06-15')).toMatchObject({ name: 'International Labour Office', nameCertainty: 'possible' });
  });

  it('answer the new name after the rename, and list every name', () => {
    const ilo = iloOn('1947-01-01');
    expect(ilo).toMatchObject({ name: 'International Labour Organization', nameCertainty: 'certain', classification: 'UN agency', foundedOn: '1919' });
    expect(ilo.names).toEqual([
      { name: 'International Labour Office', acronym: 'ILO', since: '1919' },
      { name: 'International Labour Organization', acronym: 'ILO', since: '1946-06' },
    ]);
  });

  it('leave an organisation out of the state before its founding', () => {
    expect(models.state(day('1918-12-31')).organisations).toEqual([]);
    expect(models.state(day('1919-06-01')).organisations[0]?.existence).toBe('possible');
  });
});

describe('posts', () => {
  it('are held from appointment to leaving, seen from both sides', () => {
    expect(iloOn('2018-06-01').posts).toEqual([{ personId: 'ana-ruiz', personName: 'Ana Ruiz', post: 'Director of Skills', from: '2018', certainty: 'possible' }]);
    expect(anaOn('2020-01-01').posts).toEqual([
      { organisationId: 'ilo', organisationName: 'International Labour Organization', post: 'Director of Skills', from: '2018', certainty: 'certain' },
    ]);
  });

  it('are no longer held on the leaving day', () => {
    expect(anaOn('2022-03-30').posts).toHaveLength(1);
    expect(anaOn('2022-03-31').posts).toEqual([]);
    expect(iloOn('2022-03-31').posts).toEqual([]);
  });
});

describe('a person', () => {
  it('holds group chairs between naming and end', () => {
    expect(anaOn('2019-01-14').chairs).toEqual([]);
    expect(anaOn('2020-01-01').chairs).toEqual([
      { groupId: 'iag-tvet', groupName: 'IAG-TVET', role: 'chair', onBehalfOf: 'ilo', from: '2019-01-15', certainty: 'certain' },
    ]);
    expect(anaOn('2021-01-15').chairs).toEqual([]);
  });

  it('has chaired meetings once named', () => {
    expect(anaOn('2023-12-06').meetingsChaired).toEqual([]);
    expect(anaOn('2023-12-07').meetingsChaired).toEqual([
      { meetingId: 'iag-2023', title: 'IAG-TVET meeting', role: 'co-chair', onBehalfOf: null, from: '2023-12-07', certainty: 'certain' },
    ]);
  });

  it('has made the statements dated on or before the day', () => {
    expect(anaOn('2023-12-06').statements).toEqual([]);
    expect(anaOn('2023-12-07').statements).toEqual([{ statementId: 's-1', quote: 'Skills matter.', on: '2023-12-07', occasion: 'iag-2023', certainty: 'certain' }]);
  });
});
