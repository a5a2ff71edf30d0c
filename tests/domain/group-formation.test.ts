import { describe, expect, it } from 'vitest';
import {
  chairEnded,
  chairNamed,
  group,
  groupDissolved,
  groupFormed,
  memberJoined,
  memberLeft,
  organisationRegistered,
  personRegistered,
} from './developments.js';
import { given } from './given-when-then.js';

describe('forming a group', () => {
  it('requires a working group to name its parent group', () => {
    const error = given().when(groupFormed('wg', '2010', { kind: 'working-group' })).thenRejected('parent-group-required', '/parentGroupId');
    expect(error.context).toEqual({ groupId: 'wg', kind: 'working-group' });
  });

  it('accepts a working group under an existing group', () => {
    given(groupFormed('iag', '2008')).when(groupFormed('wg', '2010', { kind: 'working-group', parentGroupId: 'iag' })).thenAccepted();
  });

  it('accepts other kinds of group with or without a parent', () => {
    given().when(groupFormed('net', '2010', { kind: 'network' })).thenAccepted();
    given(groupFormed('iag', '2008')).when(groupFormed('p', '2010', { kind: 'partnership', parentGroupId: 'iag' })).thenAccepted();
  });

  it('rejects a parent group that does not exist', () => {
    given().when(groupFormed('wg', '2010', { kind: 'working-group', parentGroupId: 'iag' })).thenRejected('unknown-reference', '/parentGroupId');
  });

  it('rejects a group formed certainly before its parent', () => {
    given(groupFormed('iag', '2008'))
      .when(groupFormed('wg', '2007', { kind: 'working-group', parentGroupId: 'iag' }))
      .thenRejected('before-formation', '/parentGroupId');
    given(groupFormed('iag', '2008'))
      .when(groupFormed('wg', '2007/2008', { kind: 'working-group', parentGroupId: 'iag' }))
      .thenAccepted();
  });

  it('rejects a group formed certainly after its parent was dissolved', () => {
    const parent = [groupFormed('iag', '2008'), groupDissolved('iag', '2012-06-30')];
    given(...parent)
      .when(groupFormed('wg', '2013', { kind: 'working-group', parentGroupId: 'iag' }))
      .thenRejected('after-dissolution', '/parentGroupId');
    given(...parent).when(groupFormed('wg', '2012', { kind: 'working-group', parentGroupId: 'iag' })).thenAccepted();
  });

  it('rejects a group convened by an organisation not yet founded', () => {
    given(organisationRegistered('young', { foundedOn: '2012' }))
      .when(groupFormed('iag', '2008', { convenedBy: 'young' }))
      .thenRejected('before-founding', '/convenedBy');
  });
});

describe('dissolving a group', () => {
  const iag = groupFormed('iag', '2008-05-01');

  it('accepts a dissolution after formation', () => {
    given(iag).when(groupDissolved('iag', '2019')).thenAccepted();
  });

  it('rejects a second dissolution', () => {
    const error = given(iag, groupDissolved('iag', '2019')).when(groupDissolved('iag', '2020')).thenRejected('already-dissolved', '/on');
    expect(error.context).toEqual({ groupId: 'iag', dissolvedOn: '2019' });
  });

  it('rejects a dissolution certainly before formation, accepts an overlapping one', () => {
    given(iag).when(groupDissolved('iag', '2008-04-30')).thenRejected('before-formation', '/on');
    given(iag).when(groupDissolved('iag', '2008')).thenAccepted();
  });

  it('rejects a dissolution dated before what the group already records', () => {
    const history = [iag, organisationRegistered('unesco'), personRegistered('ann')];
    const error = given(...history, memberJoined('iag', 'unesco', '2015'))
      .when(groupDissolved('iag', '2010'))
      .thenRejected('activity-after-dissolution', '/on');
    expect(error.context).toEqual({ groupId: 'iag', date: '2010', conflict: { type: 'MemberJoined', organisationId: 'unesco', date: '2015' } });

    given(...history, memberJoined('iag', 'unesco', '2015-03-01')).when(groupDissolved('iag', '2015-03-01')).thenRejected('activity-after-dissolution');
    given(...history, chairNamed(group('iag'), 'ann', '2016')).when(groupDissolved('iag', '2015')).thenRejected('activity-after-dissolution');
    given(...history, chairNamed(group('iag'), 'ann', '2010'), chairEnded(group('iag'), 'ann', '2016'))
      .when(groupDissolved('iag', '2015'))
      .thenRejected('activity-after-dissolution');
  });

  it('accepts a dissolution on the day members leave, or when the dates may agree', () => {
    const history = [iag, organisationRegistered('unesco'), memberJoined('iag', 'unesco', '2010')];
    given(...history, memberLeft('iag', 'unesco', '2015-03-01')).when(groupDissolved('iag', '2015-03-01')).thenAccepted();
    given(...history, memberLeft('iag', 'unesco', '2015')).when(groupDissolved('iag', '2015-03-01')).thenAccepted();
    given(...history).when(groupDissolved('iag', '2010')).thenAccepted();
  });
});
