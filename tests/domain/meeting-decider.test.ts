import { describe, it } from 'vitest';
import { groupDissolved, groupFormed, meetingHeld, organisationRegistered } from './developments.js';
import { given } from './given-when-then.js';

describe('holding a meeting', () => {
  it('accepts a meeting over several days', () => {
    given().when(meetingHeld('m1', '2020-05-01', { until: '2020-05-03' })).thenAccepted();
    given().when(meetingHeld('m1', '2020-05-01', { until: '2020-05-01' })).thenAccepted();
  });

  it('rejects a meeting that certainly ends before it begins', () => {
    given().when(meetingHeld('m1', '2020-05-01', { until: '2020-04-30' })).thenRejected('invalid-meeting-period', '/until');
    given().when(meetingHeld('m1', '2020-05-01', { until: '2020' })).thenAccepted();
  });

  it('rejects a participant named twice', () => {
    const setting = [organisationRegistered('a'), organisationRegistered('b')];
    given(...setting).when(meetingHeld('m1', '2020', { participants: ['a', 'b', 'a'] })).thenRejected('duplicate-participant', '/participants/2');
    given(...setting).when(meetingHeld('m1', '2020', { participants: ['a', 'b'], hostId: 'a' })).thenAccepted();
  });
});

describe('a meeting falls within the life of what it names', () => {
  it('rejects a meeting of a group certainly before the group was formed', () => {
    given(groupFormed('iag', '2008')).when(meetingHeld('m1', '2007-12', { groupId: 'iag' })).thenRejected('before-formation', '/groupId');
    given(groupFormed('iag', '2008')).when(meetingHeld('m1', '2008', { groupId: 'iag' })).thenAccepted();
  });

  it('accepts the final meeting on the day of dissolution, rejects one certainly after it', () => {
    const dissolved = [groupFormed('iag', '2008'), groupDissolved('iag', '2019-06-01')];
    given(...dissolved).when(meetingHeld('m1', '2019-06-01', { groupId: 'iag' })).thenAccepted();
    given(...dissolved).when(meetingHeld('m1', '2019-06-02', { groupId: 'iag' })).thenRejected('after-dissolution', '/groupId');
  });

  it('rejects a host or participant certainly not yet founded', () => {
    const young = organisationRegistered('young', { foundedOn: '2021' });
    given(young).when(meetingHeld('m1', '2020', { hostId: 'young' })).thenRejected('before-founding', '/hostId');
    given(organisationRegistered('a'), young)
      .when(meetingHeld('m1', '2020', { participants: ['a', 'young'] }))
      .thenRejected('before-founding', '/participants/1');
  });

  it('rejects an unknown group, host or participant', () => {
    given().when(meetingHeld('m1', '2020', { groupId: 'iag' })).thenRejected('unknown-reference', '/groupId');
    given().when(meetingHeld('m1', '2020', { hostId: 'a' })).thenRejected('unknown-reference', '/hostId');
    given().when(meetingHeld('m1', '2020', { participants: ['a'] })).thenRejected('unknown-reference', '/participants/0');
  });
});
