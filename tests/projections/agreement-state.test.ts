import { describe, expect, it } from 'vitest';
import type { AgreementView, OrganisationView } from '../../projections/views.js';
import { decodeEvent } from '../../events/decode-event.js';
import { day, given, recordedEvents } from './support/event-log.js';
import { readModelsOf } from './support/read-models-of.js';

const parties = ['unesco', 'ilo'];
const models = readModelsOf(
  given(
    { type: 'OrganisationRegistered', organisationId: 'unesco', name: 'UNESCO' },
    { type: 'OrganisationRegistered', organisationId: 'ilo', name: 'ILO' },
    { type: 'AgreementSigned', agreementId: 'mou-2024', title: 'MoU 2024-2026', parties, signedOn: '2023-11', validFrom: '2024', validUntil: '2026' },
    { type: 'AgreementSigned', agreementId: 'mou-2020', title: 'MoU 2020', parties, signedOn: '2020-05' },
    { type: 'AgreementSigned', agreementId: 'mou-2018', title: 'MoU 2018', parties, signedOn: '2018-01-01' },
    { type: 'AgreementEnded', agreementId: 'mou-2018', on: '2019-06-30', reason: 'replaced by joint programme' },
    // The successor is recorded before its predecessor (backfill).
    { type: 'AgreementSigned', agreementId: 'mou-2021', title: 'MoU 2021', parties, signedOn: '2021-06', validFrom: '2021-07-01', supersedes: 'mou-2015' },
    { type: 'AgreementSigned', agreementId: 'mou-2015', title: 'MoU 2015', parties, signedOn: '2015-01-01' },
  ),
);

const agreementOn = (id: string, date: string) => models.entity({ category: 'agreement', id }, day(date)) as AgreementView;
const inForce = (id: string, date: string) => {
  const { inForce, inForceCertainty } = agreementOn(id, date);
  return inForce ? inForceCertainty : 'no';
};

describe('an agreement valid from 2024 until 2026', () => {
  it('is in force from the first day of validFrom through the last day of validUntil', () => {
    expect(inForce('mou-2024', '2024-03-01')).toBe('certain');
    expect(inForce('mou-2024', '2024-01-01')).toBe('certain');
    expect(inForce('mou-2024', '2026-12-31')).toBe('certain');
  });

  it('is not in force before or after', () => {
    expect(inForce('mou-2024', '2023-06-01')).toBe('no');
    expect(inForce('mou-2024', '2023-12-31')).toBe('no');
    expect(inForce('mou-2024', '2027-01-01')).toBe('no');
  });
});

describe('an agreement without validFrom', () => {
  it('enters into force on its signing, uncertain within the signing month', () => {
    expect(inForce('mou-2020', '2020-04-30')).toBe('no');
    expect(inForce('mou-2020', '2020-05-15')).toBe('possible');
    expect(inForce('mou-2020', '2020-05-31')).toBe('certain');
    expect(agreementOn('mou-2020', '2020-05-15').signed).toBe('possible');
  });
});

describe('an ended agreement', () => {
  it('is out of force on the end day', () => {
    expect(inForce('mou-2018', '2019-06-29')).toBe('certain');
    expect(inForce('mou-2018', '2019-06-30')).toBe('no');
    expect(agreementOn('mou-2018', '2019-07-01')).toMatchObject({ endedOn: '2019-06-30', endReason: 'replaced by joint programme' });
  });
});

describe('a superseded agreement', () => {
  it('leaves force the day its successor enters into force', () => {
    expect(inForce('mou-2015', '2021-06-30')).toBe('certain');
    expect(inForce('mou-2015', '2021-07-01')).toBe('no');
    expect(inForce('mou-2021', '2021-07-01')).toBe('certain');
  });

  it('names its successor, and the successor names it', () => {
    expect(agreementOn('mou-2015', '2022-01-01').supersededBy).toEqual(['mou-2021']);
    expect(agreementOn('mou-2021', '2022-01-01').supersedes).toBe('mou-2015');
  });
});

describe('the parties', () => {
  it('list the agreements signed by the day asked, with whether each is in force', () => {
    const unesco = models.entity({ category: 'organisation', id: 'unesco' }, day('2019-01-01')) as OrganisationView;
    expect(unesco.agreements).toEqual([
      { agreementId: 'mou-2015', title: 'MoU 2015', signedOn: '2015-01-01', inForce: true, inForceCertainty: 'certain' },
      { agreementId: 'mou-2018', title: 'MoU 2018', signedOn: '2018-01-01', inForce: true, inForceCertainty: 'certain' },
    ]);
  });

  it('are named as on the day asked', () => {
    expect(agreementOn('mou-2024', '2025-01-01').parties).toEqual([
      { organisationId: 'unesco', name: 'UNESCO' },
      { organisationId: 'ilo', name: 'ILO' },
    ]);
  });
});

describe('the state on a day', () => {
  it('holds the agreements signed by then, in force or not', () => {
    expect(models.state(day('2019-12-31')).agreements.map((a) => [a.id, a.inForce])).toEqual([
      ['mou-2015', true],
      ['mou-2018', false],
    ]);
  });
});

describe('an agreement whose parties and predecessor a correction changes', () => {
  // Given mou-b signed by unesco and ilo as superseding mou-a (position 4), then corrected
  // twice (positions 5 and 6): first its title only, then its parties and the agreement it supersedes.
  const events = given(
    { type: 'OrganisationRegistered', organisationId: 'unesco', name: 'UNESCO' },
    { type: 'OrganisationRegistered', organisationId: 'ilo', name: 'ILO' },
    { type: 'AgreementSigned', agreementId: 'mou-a', title: 'MoU A', parties, signedOn: '2010-01-01' },
    { type: 'AgreementSigned', agreementId: 'mou-b', title: 'MoU B', parties, signedOn: '2015-01-01', supersedes: 'mou-a' },
  );
  const corrections = recordedEvents(
    [
      { type: 'DevelopmentCorrected', entity: 'agreement:mou-b', correctsEventId: events[3]!.eventId, changes: { title: 'MoU B (signed)' }, reason: 'typo' },
      { type: 'DevelopmentCorrected', entity: 'agreement:mou-b', correctsEventId: events[3]!.eventId, changes: { parties: ['unesco', 'oecd'], supersedes: 'mou-z' }, reason: 'misread' },
    ],
    5n,
  ).map(decodeEvent);
  const corrected = readModelsOf([...events, ...corrections]);
  const agreementsOf = (organisationId: string, knownAt?: bigint) =>
    (corrected.entity({ category: 'organisation', id: organisationId }, day('2016-01-01'), knownAt) as OrganisationView).agreements.map((a) => a.agreementId);

  it('lists it once under each party however many versions name the party', () => {
    expect(agreementsOf('unesco', 5n)).toEqual(['mou-a', 'mou-b']);
    expect(agreementsOf('ilo', 5n)).toEqual(['mou-a', 'mou-b']);
  });

  it('drops it from a party the latest version no longer names, and from the successors of the agreement it no longer supersedes', () => {
    expect(agreementsOf('ilo')).toEqual(['mou-a']);
    expect(agreementsOf('unesco')).toEqual(['mou-a', 'mou-b']);
    expect((corrected.entity({ category: 'agreement', id: 'mou-a' }, day('2016-01-01')) as AgreementView).supersededBy).toEqual([]);
    expect((corrected.entity({ category: 'agreement', id: 'mou-a' }, day('2016-01-01'), 5n) as AgreementView).supersededBy).toEqual(['mou-b']);
  });
});
