import { describe, expect, it } from 'vitest';
import type { Development } from '../../events/catalogue.js';
import { parseEntityKey, streamOf, type EntityRef } from '../../events/identifiers.js';
import { decideAmendment } from '../../src/domain/amendment-decider.js';
import { effectiveDevelopments, isAmendment, type Amendment, type StreamEvent } from '../../src/domain/amendments.js';
import { deciderFor, foldStream } from '../../src/domain/deciders.js';
import { DomainError } from '../../src/domain/domain-error.js';
import { definitionFor } from '../../events/catalogue.js';
import {
  developmentCorrected,
  developmentRetracted,
  groupFormed,
  memberJoined,
  memberLeft,
  organisationRegistered,
} from './developments.js';

/**
 * Given developments recorded in streams (each with an event id), when a correction or
 * retraction is decided, then it is accepted or refused with a stable code naming the
 * field to blame.
 */
class Log {
  private readonly streams = new Map<string, StreamEvent[]>();
  private count = 0;

  record(development: Development): string {
    this.count += 1;
    const eventId = `00000000-0000-4000-8000-${String(this.count).padStart(12, '0')}`;
    const stream = streamOf(definitionFor(development).subject(development.data));
    this.streams.set(stream, [...(this.streams.get(stream) ?? []), { eventId, development }]);
    return eventId;
  }

  eventsOf(ref: EntityRef): StreamEvent[] {
    return this.streams.get(streamOf(ref)) ?? [];
  }

  when(amendment: Amendment, referrers: string[] = []): Development[] | DomainError {
    const ref = parseEntityKey(amendment.data.entity)!;
    return decideAmendment(amendment, ref, this.eventsOf(ref), {
      get: (r) => {
        const events = this.eventsOf(r);
        if (events.length === 0) return undefined;
        return foldStream(r.category, effectiveDevelopments(events).map((e) => e.development));
      },
    }, referrers);
  }
}

function givenGroupWithMember(): { log: Log; joined: string; formed: string } {
  const log = new Log();
  log.record(organisationRegistered('ilo'));
  const formed = log.record(groupFormed('iag', '2008'));
  const joined = log.record(memberJoined('iag', 'ilo', '2010'));
  return { log, joined, formed };
}

function refused(decision: Development[] | DomainError, code: string, pointer?: string): DomainError {
  expect(decision).toBeInstanceOf(DomainError);
  const error = decision as DomainError;
  expect(error.code).toBe(code);
  if (pointer !== undefined) expect(error.pointer).toBe(pointer);
  return error;
}

describe('deciding corrections', () => {
  it('accepts a corrected date that keeps the stream valid', () => {
    const { log, joined } = givenGroupWithMember();
    const correction = developmentCorrected('group:iag', joined, { on: '2011-04' });
    expect(log.when(correction)).toEqual([correction]);
  });

  it('refuses to correct an identity field: retract and record anew', () => {
    const { log, joined } = givenGroupWithMember();
    refused(log.when(developmentCorrected('group:iag', joined, { organisationId: 'unesco' })), 'identity-field', '/changes/organisationId');
  });

  it('refuses a change the development schema refuses, naming the field', () => {
    const { log, joined } = givenGroupWithMember();
    refused(log.when(developmentCorrected('group:iag', joined, { on: 'sometime' })), 'invalid-correction', '/changes/on');
    refused(log.when(developmentCorrected('group:iag', joined, { colour: 'blue' })), 'invalid-correction');
  });

  it('refuses a correction that breaks a rule the deciders check for new developments (joining before formation)', () => {
    const { log, joined } = givenGroupWithMember();
    const error = refused(log.when(developmentCorrected('group:iag', joined, { on: '2005' })), 'before-formation', '/changes/on');
    expect(error.context).toMatchObject({ affectedEventId: joined });
  });

  it('refuses a correction that makes a later development invalid (a leave before the corrected join)', () => {
    const { log, joined } = givenGroupWithMember();
    const left = log.record(memberLeft('iag', 'ilo', '2012'));
    const error = log.when(developmentCorrected('group:iag', joined, { on: '2013' }));
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).context).toMatchObject({ affectedEventId: left });
  });

  it('refuses to correct an event the stream does not hold', () => {
    const { log } = givenGroupWithMember();
    refused(log.when(developmentCorrected('group:iag', '00000000-0000-4000-8000-000000009999', { on: '2011' })), 'unknown-event', '/correctsEventId');
  });

  it('applies corrections of corrections to the same development, cumulatively', () => {
    const { log, joined } = givenGroupWithMember();
    const first = log.record(developmentCorrected('group:iag', joined, { on: '2011' }));
    const second = developmentCorrected('group:iag', first, { on: '2011-05' });
    expect(log.when(second)).toEqual([second]);
    log.record(second);
    const effective = effectiveDevelopments(log.eventsOf({ category: 'group', id: 'iag' }));
    expect(effective.map((e) => e.development)).toContainEqual(memberJoined('iag', 'ilo', '2011-05'));
  });

  it('removes an optional field when a change is null', () => {
    const log = new Log();
    const registered = log.record(organisationRegistered('ilo', { acronym: 'ILO' }));
    log.record(developmentCorrected('organisation:ilo', registered, { acronym: null }));
    const [effective] = effectiveDevelopments(log.eventsOf({ category: 'organisation', id: 'ilo' }));
    expect(effective!.development.data).not.toHaveProperty('acronym');
  });
});

describe('deciding retractions', () => {
  it('takes a retracted correction back: the development stands as before it', () => {
    const { log, joined } = givenGroupWithMember();
    const correction = log.record(developmentCorrected('group:iag', joined, { on: '2011' }));
    const retraction = developmentRetracted('group:iag', correction);
    expect(log.when(retraction)).toEqual([retraction]);
    log.record(retraction);
    const effective = effectiveDevelopments(log.eventsOf({ category: 'group', id: 'iag' }));
    expect(effective.map((e) => e.development)).toContainEqual(memberJoined('iag', 'ilo', '2010'));
  });

  it('leaves a retracted development out of the stream, and refuses to amend it again', () => {
    const { log, joined } = givenGroupWithMember();
    const retraction = log.record(developmentRetracted('group:iag', joined));
    const group = { category: 'group' as const, id: 'iag' };
    expect(effectiveDevelopments(log.eventsOf(group)).map((e) => e.eventId)).not.toContain(joined);
    refused(log.when(developmentCorrected('group:iag', joined, { on: '2011' })), 'already-retracted', '/correctsEventId');
    refused(log.when(developmentRetracted('group:iag', retraction)), 'not-amendable', '/retractsEventId');
  });

  it('refuses to retract a registration its stream or other streams still refer to', () => {
    const { log, formed } = givenGroupWithMember();
    refused(log.when(developmentRetracted('group:iag', formed)), 'registration-in-use', '/retractsEventId');
    const lone = new Log();
    const registered = lone.record(organisationRegistered('unesco'));
    refused(lone.when(developmentRetracted('organisation:unesco', registered), ['some-event-naming-unesco']), 'registration-in-use');
    expect(lone.when(developmentRetracted('organisation:unesco', registered))).toHaveLength(1);
  });

  it('folds the stream without the retracted registration: the id can be registered again', () => {
    const log = new Log();
    const registered = log.record(organisationRegistered('unesco'));
    log.record(developmentRetracted('organisation:unesco', registered));
    const state = foldStream('organisation', effectiveDevelopments(log.eventsOf({ category: 'organisation', id: 'unesco' })).map((e) => e.development));
    expect(deciderFor('organisation').exists(state)).toBe(false);
    expect(isAmendment(developmentRetracted('organisation:unesco', registered))).toBe(true);
  });
});
