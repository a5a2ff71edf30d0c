import { describe, expect, it } from 'vitest';
import { DEVELOPMENT_TYPES, definitionOf, parseDevelopment } from '../../events/catalogue.js';
import { decodeEvent, CorruptEventError } from '../../events/decode-event.js';
import { parseEntityKey, parseStreamName, streamOf } from '../../events/identifiers.js';

describe('the event catalogue', () => {
  it('registers every type of the catalogue (with corrections and retractions) with a schema version', () => {
    expect(DEVELOPMENT_TYPES.sort()).toEqual(
      [
        'AgreementEnded', 'AgreementSigned', 'ChairEnded', 'ChairNamed', 'DevelopmentCorrected', 'DevelopmentRetracted', 'GroupDissolved', 'GroupFormed', 'MeetingHeld', 'MemberJoined',
        'MemberLeft', 'OrganisationRegistered', 'OrganisationRenamed', 'PersonRegistered', 'PostHolderAppointed', 'PostHolderLeft', 'StatementMade',
      ].sort(),
    );
    for (const type of DEVELOPMENT_TYPES) {
      const definition = definitionOf(type)!;
      expect(definition.schemaVersion).toBeGreaterThanOrEqual(1);
      // Every older version stays readable through an upcaster.
      for (let version = 1; version < definition.schemaVersion; version += 1) expect(definition.upcasters?.[version]?.upcast, `${type} v${version}`).toBeTypeOf('function');
    }
  });

  it('parses a development with sources', () => {
    const parsed = parseDevelopment({
      type: 'GroupFormed',
      groupId: 'iag-tvet',
      name: 'Interagency Group on TVET',
      kind: 'interagency-group',
      formedOn: '2008',
      sources: [{ title: 'An article', url: 'https://example.org/a', quote: 'created in 2008', note: 'year only' }],
    });
    expect(parsed.ok).toBe(true);
  });

  it('rejects an unknown type, naming the field', () => {
    expect(parseDevelopment({ type: 'GroupInvented', groupId: 'x' })).toMatchObject({ ok: false, issues: [{ pointer: '/type' }] });
    expect(parseDevelopment({ groupId: 'x' })).toMatchObject({ ok: false, issues: [{ pointer: '/type' }] });
    expect(parseDevelopment([1])).toMatchObject({ ok: false, issues: [{ pointer: '' }] });
  });

  it('names every offending field with a JSON pointer', () => {
    const parsed = parseDevelopment({ type: 'AgreementSigned', agreementId: 'A B', title: '', parties: ['cedefop', 'Not A Slug'], signedOn: '2023-02-30', extra: 1 });
    expect(parsed.ok).toBe(false);
    const pointers = parsed.ok ? [] : parsed.issues.map((i) => i.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/agreementId', '/title', '/parties/1', '/signedOn', '']));
    const unknownKey = parsed.ok ? undefined : parsed.issues.find((i) => i.pointer === '');
    expect(unknownKey?.message).toContain('extra');
  });

  it('limits slug ids to 64 lowercase letters, digits and hyphens', () => {
    const base = { type: 'PersonRegistered', name: 'X' };
    expect(parseDevelopment({ ...base, personId: 'a'.repeat(64) }).ok).toBe(true);
    expect(parseDevelopment({ ...base, personId: 'a'.repeat(65) }).ok).toBe(false);
    expect(parseDevelopment({ ...base, personId: 'Jurgen' }).ok).toBe(false);
    expect(parseDevelopment({ ...base, personId: 'a--b' }).ok).toBe(false);
    expect(parseDevelopment({ ...base, personId: '-a' }).ok).toBe(false);
  });

  it('puts each event in the stream of its subject', () => {
    const chair = { type: 'ChairNamed', target: { kind: 'meeting', id: 'm1' }, personId: 'p', role: 'co-chair', from: '2023-12-07' };
    const parsed = parseDevelopment(chair);
    if (!parsed.ok) throw new Error('expected valid');
    expect(streamOf(definitionOf('ChairNamed')!.subject(parsed.value.data))).toBe('meeting-m1');
    expect(parseStreamName('group-iag-tvet')).toEqual({ category: 'group', id: 'iag-tvet' });
    expect(parseEntityKey('organisation:world-bank')).toEqual({ category: 'organisation', id: 'world-bank' });
    expect(parseStreamName('$all')).toBeUndefined();
  });
});

describe('decoding an event read back from a store', () => {
  const recorded = {
    eventId: '00000000-0000-4000-8000-000000000001',
    stream: 'person-ada',
    revision: 0,
    position: 7n,
    type: 'PersonRegistered',
    data: { personId: 'ada', name: 'Ada' },
    metadata: { recordedAt: '2026-01-01T00:00:00.000Z', recordedBy: 'test', correlationId: 'c', causationId: null, schemaVersion: 1 },
  };

  it('validates data and metadata', () => {
    expect(decodeEvent(recorded).development).toEqual({ type: 'PersonRegistered', data: { personId: 'ada', name: 'Ada' } });
  });

  it('refuses a corrupt event, naming it', () => {
    const bad = () => decodeEvent({ ...recorded, data: { personId: 'ada' } });
    expect(bad).toThrow(CorruptEventError);
    expect(bad).toThrow(/person-ada@0 \(position 7\)/);
    expect(() => decodeEvent({ ...recorded, metadata: { ...recorded.metadata, schemaVersion: 2 } })).toThrow(/newer than this build knows/);
    expect(() => decodeEvent({ ...recorded, type: 'Unknown' })).toThrow(/unknown event type/);
  });
});
