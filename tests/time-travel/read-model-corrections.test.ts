import { describe, expect, it } from 'vitest';
import type { AgreementView, GroupView } from '../../projections/views.js';
import { day, given, recordedEvents } from '../projections/support/event-log.js';
import { readModelsOf } from '../projections/support/read-models-of.js';
import { decodeEvent } from '../../events/decode-event.js';
import { ReadModels } from '../../projections/read-models.js';

/**
 * Given a log, when developments are corrected or retracted, then the read models answer
 * with the corrections as known at the head and exactly as before at earlier positions.
 */

const log = recordedEvents([
  { type: 'OrganisationRegistered', organisationId: 'cedefop', name: 'Cedefop' },
  { type: 'OrganisationRegistered', organisationId: 'etf', name: 'ETF' },
  { type: 'AgreementSigned', agreementId: 'old', title: 'Agreement 2001', parties: ['cedefop', 'etf'], signedOn: '2001' },
  { type: 'AgreementSigned', agreementId: 'new', title: 'Framework 2024-26', parties: ['cedefop', 'etf'], signedOn: '2023-12-08', validFrom: '2024', validUntil: '2026' },
  { type: 'GroupFormed', groupId: 'iag', name: 'Interagency group', kind: 'interagency-group', formedOn: '2008' },
  { type: 'MemberJoined', groupId: 'iag', organisationId: 'etf', on: '2009' },
  { type: 'GroupDissolved', groupId: 'iag', on: '2020-01-01' },
]);
const id = (i: number) => log[i]!.eventId;

function amended(...amendments: Record<string, unknown>[]): ReadModels {
  const amendmentLog = recordedEvents(amendments as { type: string }[], BigInt(log.length + 1));
  return readModelsOf([...log, ...amendmentLog].map(decodeEvent));
}

const agreement = (models: ReadModels, agreementId: string, date: string, knownAt?: bigint) =>
  models.entity({ category: 'agreement', id: agreementId }, day(date), knownAt) as AgreementView;
const group = (models: ReadModels, date: string, knownAt?: bigint) => models.entity({ category: 'group', id: 'iag' }, day(date), knownAt) as GroupView;

describe('corrections in the read models', () => {
  it('a correction that makes an agreement supersede another takes the old one out of force when the new one enters into force', () => {
    const models = amended({ type: 'DevelopmentCorrected', entity: 'agreement:new', correctsEventId: id(3), changes: { supersedes: 'old' }, reason: 'the framework replaces the 2001 agreement' });
    expect(agreement(models, 'old', '2023-12-31').inForceCertainty).toBe('certain');
    expect(agreement(models, 'old', '2024-01-01').inForce).toBe(false);
    expect(agreement(models, 'old', '2024-01-01').supersededBy).toEqual(['new']);
    // As known before the correction, the 2001 agreement was never superseded.
    expect(agreement(models, 'old', '2024-01-01', BigInt(log.length)).inForceCertainty).toBe('certain');
    expect(agreement(models, 'old', '2024-01-01', BigInt(log.length)).supersededBy).toEqual([]);
  });

  it('a corrected validUntil moves the last day in force (inclusive)', () => {
    const models = amended({ type: 'DevelopmentCorrected', entity: 'agreement:new', correctsEventId: id(3), changes: { validUntil: '2027-06' }, reason: 'extended' });
    expect(agreement(models, 'new', '2027-06-30').inForceCertainty).toBe('certain');
    expect(agreement(models, 'new', '2027-07-01').inForce).toBe(false);
    expect(agreement(models, 'new', '2027-06-30', BigInt(log.length)).inForce).toBe(false);
  });

  it('a retracted dissolution gives the members back from the dissolution day, as known after the retraction only', () => {
    const models = amended({ type: 'DevelopmentRetracted', entity: 'group:iag', retractsEventId: id(6), reason: 'the group was only renamed' });
    expect(group(models, '2021-01-01').members.map((m) => [m.organisationId, m.certainty])).toEqual([['etf', 'certain']]);
    expect(group(models, '2021-01-01', BigInt(log.length)).members).toEqual([]);
    expect(group(models, '2021-01-01', BigInt(log.length)).existence).toBe('absent');
  });

  it('a retracted registration removes the entity from answers recorded after it', () => {
    const models = amended(
      { type: 'DevelopmentRetracted', entity: 'group:iag', retractsEventId: id(5), reason: 'duplicate' },
      { type: 'DevelopmentRetracted', entity: 'group:iag', retractsEventId: id(6), reason: 'duplicate' },
      { type: 'DevelopmentRetracted', entity: 'group:iag', retractsEventId: id(4), reason: 'duplicate' },
    );
    expect(models.entity({ category: 'group', id: 'iag' }, day('2010'))).toBeUndefined();
    expect(models.state(day('2010')).groups).toEqual([]);
    expect(models.state(day('2010'), BigInt(log.length)).groups.map((g) => g.id)).toEqual(['iag']);
  });

  it('answers by valid dates whatever the arrival order: the 2001 agreement recorded after the 2023 framework', () => {
    const backfilled = readModelsOf(given(
      { type: 'OrganisationRegistered', organisationId: 'cedefop', name: 'Cedefop' },
      { type: 'OrganisationRegistered', organisationId: 'etf', name: 'ETF' },
      { type: 'AgreementSigned', agreementId: 'new', title: 'Framework 2024-26', parties: ['cedefop', 'etf'], signedOn: '2023-12-08', validFrom: '2024', validUntil: '2026', supersedes: 'old' },
      { type: 'AgreementSigned', agreementId: 'old', title: 'Agreement 2001', parties: ['cedefop', 'etf'], signedOn: '2001' },
    ));
    expect(agreement(backfilled, 'old', '2023-06-01').inForceCertainty).toBe('certain');
    expect(agreement(backfilled, 'old', '2024-06-01').inForce).toBe(false);
    // Known before the 2001 agreement arrived, it did not exist at all.
    expect(backfilled.entity({ category: 'agreement', id: 'old' }, day('2023-06-01'), 3n)).toBeUndefined();
  });
});
