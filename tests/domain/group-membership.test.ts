import { describe, expect, it } from 'vitest';
import type { GroupState } from '../../src/domain/group-decider.js';
import { groupDissolved, groupFormed, memberJoined, memberLeft, organisationRegistered } from './developments.js';
import { given } from './given-when-then.js';

const iag = groupFormed('iag', '2008');
const unesco = organisationRegistered('unesco');
const setting = [iag, unesco] as const;

describe('joining a group', () => {
  it('accepts an organisation that is not a member', () => {
    given(...setting).when(memberJoined('iag', 'unesco', '2010')).thenAccepted();
  });

  it('rejects an organisation certainly a member on the join date', () => {
    const error = given(...setting, memberJoined('iag', 'unesco', '2010'))
      .when(memberJoined('iag', 'unesco', '2012-03-04'))
      .thenRejected('already-member', '/on');
    expect(error.context).toMatchObject({ groupId: 'iag', organisationId: 'unesco', periods: [{ from: '2010' }] });
  });

  it('rejects the same join recorded twice', () => {
    given(...setting, memberJoined('iag', 'unesco', '2010-01-01')).when(memberJoined('iag', 'unesco', '2010-01-01')).thenRejected('already-member');
  });

  it('rejects an imprecise join recorded twice: a membership cannot start twice without a leave', () => {
    given(...setting, memberJoined('iag', 'unesco', '2016')).when(memberJoined('iag', 'unesco', '2016')).thenRejected('already-member', '/on');
    given(...setting, memberJoined('iag', 'unesco', '../2016')).when(memberJoined('iag', 'unesco', '../2016')).thenRejected('already-member');
  });

  it('accepts the same imprecise date again when a leave may fall in between', () => {
    given(...setting, memberJoined('iag', 'unesco', '2016'), memberLeft('iag', 'unesco', '2016'))
      .when(memberJoined('iag', 'unesco', '2016'))
      .thenAccepted();
  });

  it('accepts a join that may fall before a membership certainly started', () => {
    given(...setting, memberJoined('iag', 'unesco', '2010-06-01')).when(memberJoined('iag', 'unesco', '2010')).thenAccepted();
  });

  it('accepts a join that may fall before a running membership of imprecise start', () => {
    given(...setting, memberJoined('iag', 'unesco', '2010')).when(memberJoined('iag', 'unesco', '2010-03-01')).thenAccepted();
  });

  it('accepts a rejoin after leaving, even on the day of the leave', () => {
    const history = [...setting, memberJoined('iag', 'unesco', '2010'), memberLeft('iag', 'unesco', '2015-03-01')];
    given(...history).when(memberJoined('iag', 'unesco', '2016')).thenAccepted();
    given(...history).when(memberJoined('iag', 'unesco', '2015-03-01')).thenAccepted();
  });

  it('rejects a join on a date that may still be inside the last membership only when certain', () => {
    const history = [...setting, memberJoined('iag', 'unesco', '2010'), memberLeft('iag', 'unesco', '2015-03-01')];
    given(...history).when(memberJoined('iag', 'unesco', '2015')).thenAccepted();
    given(...history).when(memberJoined('iag', 'unesco', '2015-02')).thenRejected('already-member');
  });
});

describe('joining within the life of the group (imprecise dates reject only certain violations)', () => {
  it('rejects a join dated 2007 in a group formed 2008', () => {
    const error = given(...setting).when(memberJoined('iag', 'unesco', '2007')).thenRejected('before-formation', '/on');
    expect(error.context).toMatchObject({ entity: 'group:iag', date: '2007', formedOn: '2008' });
  });

  it('rejects a join on the last day before the year of formation', () => {
    given(...setting).when(memberJoined('iag', 'unesco', '2007-12-31')).thenRejected('before-formation');
  });

  it('accepts a join on the day of formation', () => {
    given(groupFormed('g', '2008-05-01'), unesco).when(memberJoined('g', 'unesco', '2008-05-01')).thenAccepted();
    given(groupFormed('g', '2008-05-01'), unesco).when(memberJoined('g', 'unesco', '2008-04-30')).thenRejected('before-formation');
  });

  it('accepts a join dated 2008 in a group formed 2008', () => {
    given(...setting).when(memberJoined('iag', 'unesco', '2008')).thenAccepted();
  });

  it('accepts a join dated ../2023-12-07 in a group formed 2008', () => {
    given(...setting).when(memberJoined('iag', 'unesco', '../2023-12-07')).thenAccepted();
  });

  it('accepts a join dated by an interval reaching into the year of formation', () => {
    given(...setting).when(memberJoined('iag', 'unesco', '2006/2008-02')).thenAccepted();
  });

  it('rejects a join on or after the day of dissolution', () => {
    const dissolved = [...setting, groupDissolved('iag', '2019-06-01')];
    given(...dissolved).when(memberJoined('iag', 'unesco', '2019-06-01')).thenRejected('after-dissolution', '/on');
    given(...dissolved).when(memberJoined('iag', 'unesco', '2020')).thenRejected('after-dissolution');
    given(...dissolved).when(memberJoined('iag', 'unesco', '2019-05-31')).thenAccepted();
    given(...dissolved).when(memberJoined('iag', 'unesco', '2019')).thenAccepted();
  });

  it('rejects an organisation joining before it was founded', () => {
    given(iag, organisationRegistered('young', { foundedOn: '2012' }))
      .when(memberJoined('iag', 'young', '2010'))
      .thenRejected('before-founding', '/organisationId');
  });
});

describe('leaving a group', () => {
  it('accepts a member leaving', () => {
    given(...setting, memberJoined('iag', 'unesco', '2010')).when(memberLeft('iag', 'unesco', '2015')).thenAccepted();
  });

  it('rejects an organisation that was never a member, blaming the organisation', () => {
    given(...setting).when(memberLeft('iag', 'unesco', '2015')).thenRejected('not-a-member', '/organisationId');
  });

  it('rejects a leave after the membership certainly ended, blaming the date', () => {
    given(...setting, memberJoined('iag', 'unesco', '2010'), memberLeft('iag', 'unesco', '2015'))
      .when(memberLeft('iag', 'unesco', '2016'))
      .thenRejected('not-a-member', '/on');
  });

  it('rejects the same leave recorded twice', () => {
    given(...setting, memberJoined('iag', 'unesco', '2010'), memberLeft('iag', 'unesco', '2015-03-01'))
      .when(memberLeft('iag', 'unesco', '2015-03-01'))
      .thenRejected('not-a-member');
  });

  it('rejects a leave certainly before the membership started', () => {
    given(...setting, memberJoined('iag', 'unesco', '2010'))
      .when(memberLeft('iag', 'unesco', '2009'))
      .thenRejected('end-before-start', '/on');
  });

  it('accepts a leave on the day of joining (not before it)', () => {
    given(...setting, memberJoined('iag', 'unesco', '2010-06-01')).when(memberLeft('iag', 'unesco', '2010-06-01')).thenAccepted();
    given(...setting, memberJoined('iag', 'unesco', '2010-06-01')).when(memberLeft('iag', 'unesco', '2010-05-31')).thenRejected('end-before-start');
  });

  it('accepts a leave whose imprecise date overlaps the join', () => {
    given(...setting, memberJoined('iag', 'unesco', '2010-06-01')).when(memberLeft('iag', 'unesco', '2010')).thenAccepted();
  });

  it('accepts a leave on the day of dissolution, rejects one certainly after it', () => {
    const dissolved = [...setting, memberJoined('iag', 'unesco', '2010'), groupDissolved('iag', '2019-06-01')];
    given(...dissolved).when(memberLeft('iag', 'unesco', '2019-06-01')).thenAccepted();
    given(...dissolved).when(memberLeft('iag', 'unesco', '2019-06-02')).thenRejected('after-dissolution', '/on');
  });
});

describe('memberships are read in valid time, whatever the recording order', () => {
  const membershipOf = (streams: { stateOf(ref: { category: 'group'; id: string }): unknown }) =>
    (streams.stateOf({ category: 'group', id: 'iag' }) as GroupState).memberships
      .get('unesco')!
      .intervals.map((i) => [i.from.text, i.until?.text]);

  it('accepts a 2001 join and a 2005 leave recorded after a 2010 join and a 2020 leave', () => {
    const early = groupFormed('iag', '2000');
    const recent = [early, unesco, memberJoined('iag', 'unesco', '2010'), memberLeft('iag', 'unesco', '2020')];
    given(...recent).when(memberJoined('iag', 'unesco', '2001')).thenAccepted();
    given(...recent, memberJoined('iag', 'unesco', '2001')).when(memberLeft('iag', 'unesco', '2005')).thenAccepted();

    const { streams } = given(...recent, memberJoined('iag', 'unesco', '2001'), memberLeft('iag', 'unesco', '2005'));
    expect(membershipOf(streams)).toEqual([
      ['2001', '2005'],
      ['2010', '2020'],
    ]);
    // Between the two memberships it is not a member; within them it is.
    const history = [...recent, memberJoined('iag', 'unesco', '2001'), memberLeft('iag', 'unesco', '2005')];
    given(...history).when(memberJoined('iag', 'unesco', '2007')).thenAccepted();
    given(...history).when(memberJoined('iag', 'unesco', '2003')).thenRejected('already-member');
    given(...history).when(memberJoined('iag', 'unesco', '2015')).thenRejected('already-member');
  });

  it('splits one recorded membership by backfilling a leave, then the return', () => {
    const early = groupFormed('iag', '2000');
    const history = [early, unesco, memberJoined('iag', 'unesco', '2001'), memberLeft('iag', 'unesco', '2020')];
    given(...history).when(memberJoined('iag', 'unesco', '2015')).thenRejected('already-member');
    given(...history).when(memberLeft('iag', 'unesco', '2010')).thenAccepted();
    given(...history, memberLeft('iag', 'unesco', '2010')).when(memberJoined('iag', 'unesco', '2015')).thenAccepted();

    const { streams } = given(...history, memberLeft('iag', 'unesco', '2010'), memberJoined('iag', 'unesco', '2015'));
    expect(membershipOf(streams)).toEqual([
      ['2001', '2010'],
      ['2015', '2020'],
    ]);
  });
});
