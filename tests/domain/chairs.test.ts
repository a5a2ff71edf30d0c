import { describe, expect, it } from 'vitest';
import {
  chairEnded,
  chairNamed,
  group,
  groupDissolved,
  groupFormed,
  meeting,
  meetingHeld,
  organisationRegistered,
  personRegistered,
} from './developments.js';
import { given } from './given-when-then.js';

const iag = groupFormed('iag', '2008');
const ann = personRegistered('ann');
const setting = [iag, ann] as const;

describe('naming a chair of a group', () => {
  it('accepts a person who does not chair the group', () => {
    given(...setting).when(chairNamed(group('iag'), 'ann', '2010')).thenAccepted();
  });

  it('accepts a chair on behalf of an existing organisation, rejects an unknown one', () => {
    given(...setting, organisationRegistered('unesco')).when(chairNamed(group('iag'), 'ann', '2010', { onBehalfOf: 'unesco' })).thenAccepted();
    given(...setting).when(chairNamed(group('iag'), 'ann', '2010', { onBehalfOf: 'unesco' })).thenRejected('unknown-reference', '/onBehalfOf');
  });

  it('rejects a person who certainly chairs the group already, whatever the role', () => {
    const history = [...setting, chairNamed(group('iag'), 'ann', '2010')];
    const error = given(...history).when(chairNamed(group('iag'), 'ann', '2012')).thenRejected('already-chair', '/from');
    expect(error.context).toMatchObject({ target: 'group:iag', personId: 'ann', periods: [{ from: '2010' }] });
    given(...history).when(chairNamed(group('iag'), 'ann', '2012', { role: 'co-chair' })).thenRejected('already-chair');
  });

  it('rejects the same imprecise naming recorded twice', () => {
    given(...setting, chairNamed(group('iag'), 'ann', '2010')).when(chairNamed(group('iag'), 'ann', '2010')).thenRejected('already-chair', '/from');
  });

  it('accepts a naming that may precede the running chair, and a second person', () => {
    given(...setting, chairNamed(group('iag'), 'ann', '2010-06-01')).when(chairNamed(group('iag'), 'ann', '2010')).thenAccepted();
    given(...setting, personRegistered('bob'), chairNamed(group('iag'), 'ann', '2010'))
      .when(chairNamed(group('iag'), 'bob', '2011', { role: 'co-chair' }))
      .thenAccepted();
  });

  it('accepts naming again after the chair ended', () => {
    given(...setting, chairNamed(group('iag'), 'ann', '2010'), chairEnded(group('iag'), 'ann', '2012'))
      .when(chairNamed(group('iag'), 'ann', '2014'))
      .thenAccepted();
  });

  it('rejects a chair named certainly before formation', () => {
    given(...setting).when(chairNamed(group('iag'), 'ann', '2007')).thenRejected('before-formation', '/from');
    given(...setting).when(chairNamed(group('iag'), 'ann', '../2008-03')).thenAccepted();
  });

  it('rejects a chair named on or after the day of dissolution', () => {
    const dissolved = [...setting, groupDissolved('iag', '2019-06-01')];
    given(...dissolved).when(chairNamed(group('iag'), 'ann', '2019-06-01')).thenRejected('after-dissolution', '/from');
    given(...dissolved).when(chairNamed(group('iag'), 'ann', '2019-05-31')).thenAccepted();
  });
});

describe('ending a chair of a group', () => {
  const chaired = [...setting, chairNamed(group('iag'), 'ann', '2010')];

  it('accepts the end of a running chair', () => {
    given(...chaired).when(chairEnded(group('iag'), 'ann', '2012')).thenAccepted();
  });

  it('rejects a person who never chaired the group', () => {
    given(...setting).when(chairEnded(group('iag'), 'ann', '2012')).thenRejected('not-a-chair', '/personId');
  });

  it('rejects an end after the chair certainly ended', () => {
    given(...chaired, chairEnded(group('iag'), 'ann', '2012')).when(chairEnded(group('iag'), 'ann', '2013')).thenRejected('not-a-chair', '/on');
  });

  it('rejects an end certainly before the naming', () => {
    given(...chaired).when(chairEnded(group('iag'), 'ann', '2009')).thenRejected('end-before-start', '/on');
  });

  it('accepts an end on the day of dissolution, rejects one certainly after it', () => {
    const dissolved = [...chaired, groupDissolved('iag', '2019-06-01')];
    given(...dissolved).when(chairEnded(group('iag'), 'ann', '2019-06-01')).thenAccepted();
    given(...dissolved).when(chairEnded(group('iag'), 'ann', '2019-07')).thenRejected('after-dissolution', '/on');
  });
});

describe('chairs of a meeting', () => {
  const m1 = meetingHeld('m1', '2020-05-01', { until: '2020-05-03' });

  it('accepts a chair named ahead of the meeting or during it', () => {
    given(m1, ann).when(chairNamed(meeting('m1'), 'ann', '2019')).thenAccepted();
    given(m1, ann).when(chairNamed(meeting('m1'), 'ann', '2020-05-03')).thenAccepted();
  });

  it('rejects a chair named certainly after the meeting ended', () => {
    const error = given(m1, ann).when(chairNamed(meeting('m1'), 'ann', '2020-05-04')).thenRejected('after-meeting', '/from');
    expect(error.context).toMatchObject({ entity: 'meeting:m1', until: '2020-05-03' });
    given(m1, ann).when(chairNamed(meeting('m1'), 'ann', '2020-05')).thenAccepted();
  });

  it('applies the same tenure rules as for groups', () => {
    given(m1, ann, chairNamed(meeting('m1'), 'ann', '2020-04')).when(chairNamed(meeting('m1'), 'ann', '2020-05-01')).thenRejected('already-chair');
    given(m1, ann).when(chairEnded(meeting('m1'), 'ann', '2020-05-02')).thenRejected('not-a-chair');
    given(m1, ann, chairNamed(meeting('m1'), 'ann', '2020-04')).when(chairEnded(meeting('m1'), 'ann', '2020-05-02')).thenAccepted();
  });

  it('keeps the chairs of a group and of a meeting apart', () => {
    given(iag, m1, ann, chairNamed(group('iag'), 'ann', '2010')).when(chairNamed(meeting('m1'), 'ann', '2020-05-01')).thenAccepted();
  });
});
