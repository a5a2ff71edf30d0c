import { describe, expect, it } from 'vitest';
import { groupDecider } from '../../src/domain/group-decider.js';
import { DomainError } from '../../src/domain/domain-error.js';
import {
  agreementEnded,
  agreementSigned,
  chairNamed,
  groupFormed,
  meeting,
  meetingHeld,
  memberJoined,
  organisationRegistered,
  organisationRenamed,
  personRegistered,
  statementMade,
} from './developments.js';
import { given } from './given-when-then.js';

describe('an id is registered once', () => {
  it('accepts the first registration of each kind of entity', () => {
    given().when(organisationRegistered('unesco')).thenAccepted();
    given().when(personRegistered('ann')).thenAccepted();
    given().when(groupFormed('iag', '2008')).thenAccepted();
    given().when(meetingHeld('m1', '2020-05-01')).thenAccepted();
    given(organisationRegistered('a'), organisationRegistered('b')).when(agreementSigned('ab', ['a', 'b'], '2020')).thenAccepted();
  });

  it('rejects a second OrganisationRegistered on the same stream', () => {
    const error = given(organisationRegistered('unesco')).when(organisationRegistered('unesco')).thenRejected('already-registered', '/organisationId');
    expect(error.context).toEqual({ category: 'organisation', id: 'unesco' });
  });

  it('rejects a second PersonRegistered, GroupFormed, MeetingHeld and AgreementSigned', () => {
    given(personRegistered('ann')).when(personRegistered('ann')).thenRejected('already-registered', '/personId');
    given(groupFormed('iag', '2008')).when(groupFormed('iag', '2009')).thenRejected('already-registered', '/groupId');
    given(meetingHeld('m1', '2020')).when(meetingHeld('m1', '2021')).thenRejected('already-registered', '/meetingId');
    given(organisationRegistered('a'), organisationRegistered('b'), agreementSigned('ab', ['a', 'b'], '2020'))
      .when(agreementSigned('ab', ['a', 'b'], '2021'))
      .thenRejected('already-registered', '/agreementId');
  });
});

describe('nothing happens to an entity before it exists', () => {
  it('rejects a MemberJoined to a group not formed', () => {
    const error = given(organisationRegistered('unesco')).when(memberJoined('iag', 'unesco', '2010')).thenRejected('unknown-entity', '/groupId');
    expect(error.context).toEqual({ category: 'group', id: 'iag' });
  });

  it('rejects developments of every other stream whose entity does not exist', () => {
    given().when(organisationRenamed('unesco', 'UNESCO', '2000')).thenRejected('unknown-entity', '/organisationId');
    given().when(statementMade('s1', 'ann', '2020')).thenRejected('unknown-entity', '/personId');
    given().when(agreementEnded('ab', '2020')).thenRejected('unknown-entity', '/agreementId');
    given(personRegistered('ann')).when(chairNamed(meeting('m1'), 'ann', '2020')).thenRejected('unknown-entity', '/target/id');
  });

  it('reports the missing subject before missing references', () => {
    given().when(memberJoined('iag', 'unesco', '2010')).thenRejected('unknown-entity', '/groupId');
  });
});

describe('every entity a development names exists', () => {
  it('rejects an agreement naming an unregistered party, pointing at that party', () => {
    const error = given(organisationRegistered('a'))
      .when(agreementSigned('ab', ['a', 'nobody'], '2020'))
      .thenRejected('unknown-reference', '/parties/1');
    expect(error.context).toEqual({ category: 'organisation', id: 'nobody' });
  });

  it('checks each kind of reference', () => {
    given(groupFormed('iag', '2008')).when(memberJoined('iag', 'nobody', '2010')).thenRejected('unknown-reference', '/organisationId');
    given(organisationRegistered('a'), organisationRegistered('b'))
      .when(agreementSigned('ab', ['a', 'b'], '2020', { signatories: ['ghost'] }))
      .thenRejected('unknown-reference', '/signatories/0');
    given(organisationRegistered('a'), organisationRegistered('b'))
      .when(agreementSigned('ab', ['a', 'b'], '2020', { supersedes: 'old' }))
      .thenRejected('unknown-reference', '/supersedes');
    given(personRegistered('ann')).when(statementMade('s1', 'ann', '2020', { occasion: 'm1' })).thenRejected('unknown-reference', '/occasion');
    given(groupFormed('iag', '2008'))
      .when(chairNamed({ kind: 'group', id: 'iag' }, 'ann', '2010'))
      .thenRejected('unknown-reference', '/personId');
  });

  it('accepts when every reference exists', () => {
    given(organisationRegistered('a'), organisationRegistered('b'), personRegistered('ann'))
      .when(agreementSigned('ab', ['a', 'b'], '2020', { signatories: ['ann'] }))
      .thenAccepted();
  });
});

describe('no development names its own subject', () => {
  it('rejects a group as its own parent', () => {
    given().when(groupFormed('wg', '2010', { kind: 'working-group', parentGroupId: 'wg' })).thenRejected('self-reference', '/parentGroupId');
  });

  it('rejects an agreement that supersedes itself', () => {
    given(organisationRegistered('a'), organisationRegistered('b'))
      .when(agreementSigned('ab', ['a', 'b'], '2020', { supersedes: 'ab' }))
      .thenRejected('self-reference', '/supersedes');
  });
});

describe('a decider asked about another stream', () => {
  it('answers wrong-stream instead of guessing', () => {
    const decision = groupDecider.decide(personRegistered('ann'), groupDecider.evolve(groupDecider.initialState, groupFormed('iag', '2008')), {
      get: () => undefined,
    });
    expect(decision).toBeInstanceOf(DomainError);
    expect((decision as DomainError).code).toBe('wrong-stream');
  });
});
