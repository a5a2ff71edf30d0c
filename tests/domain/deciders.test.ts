import { describe, expect, it } from 'vitest';
import type { Development } from '../../events/catalogue.js';
import { ENTITY_CATEGORIES } from '../../events/identifiers.js';
import { decideDevelopment, deciderFor, deciders, foldStream } from '../../src/domain/deciders.js';
import { DomainError } from '../../src/domain/domain-error.js';
import { groupDissolved, groupFormed, memberJoined, memberLeft, organisationRegistered } from './developments.js';

const noReferences = { get: () => undefined };

describe('the deciders registry', () => {
  it('has one decider per category, each registered by its own development', () => {
    for (const category of ENTITY_CATEGORIES) {
      expect(deciderFor(category).category).toBe(category);
      expect(deciders[category]).toBe(deciderFor(category));
      expect(deciderFor(category).exists(deciderFor(category).initialState)).toBe(false);
    }
    expect(ENTITY_CATEGORIES.map((c) => deciderFor(c).registeredBy)).toEqual([
      'OrganisationRegistered',
      'PersonRegistered',
      'GroupFormed',
      'MeetingHeld',
      'AgreementSigned',
    ]);
  });
});

describe('foldStream', () => {
  it('folds a stream from the initial state', () => {
    const state = foldStream('group', [groupFormed('iag', '2008'), memberJoined('iag', 'unesco', '2010'), groupDissolved('iag', '2019')]);
    expect(state.formed?.formedOn.text).toBe('2008');
    expect(state.dissolvedOn?.text).toBe('2019');
    expect(state.memberships.get('unesco')?.intervals).toHaveLength(1);
    expect(deciderFor('group').exists(state)).toBe(true);
  });

  it('never changes a state it folds from', () => {
    const formed = foldStream('group', [groupFormed('iag', '2008'), memberJoined('iag', 'unesco', '2010')]);
    const decider = deciderFor('group');
    const next = decider.evolve(formed, memberLeft('iag', 'unesco', '2012'));
    expect(formed.memberships.get('unesco')?.intervals[0]?.until).toBeUndefined();
    expect(next.memberships.get('unesco')?.intervals[0]?.until?.text).toBe('2012');
    expect(foldStream('group', []).memberships.size).toBe(0);
  });
});

describe('decideDevelopment', () => {
  it('treats a missing own state as an empty stream', () => {
    expect(decideDevelopment(organisationRegistered('unesco'), undefined, noReferences)).toEqual([organisationRegistered('unesco')]);
    const error = decideDevelopment(memberJoined('iag', 'unesco', '2010'), undefined, noReferences);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('unknown-entity');
  });
});

describe('folding cost', () => {
  // Streams are folded on every command; a quadratic fold showed up as ~300 ms here.
  it('folds a group with a thousand members joining and leaving well under a second', () => {
    const developments: Development[] = [groupFormed('big', '2000')];
    for (let i = 0; i < 1000; i++) developments.push(memberJoined('big', `org-${i}`, '2001-02-03'));
    for (let i = 0; i < 1000; i++) developments.push(memberLeft('big', `org-${i}`, '2005'));
    const started = performance.now();
    const state = foldStream('group', developments);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(state.memberships.size).toBe(1000);
  });
});
