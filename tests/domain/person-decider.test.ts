import { describe, expect, it } from 'vitest';
import { meetingHeld, personRegistered, statementMade } from './developments.js';
import { given } from './given-when-then.js';

const ann = personRegistered('ann');

describe('statements', () => {
  it('accepts a statement of a registered person', () => {
    given(ann).when(statementMade('s1', 'ann', '2020-05-01')).thenAccepted();
  });

  it('records a statement id once', () => {
    const error = given(ann, statementMade('s1', 'ann', '2020-05-01')).when(statementMade('s1', 'ann', '2021')).thenRejected('already-registered', '/statementId');
    expect(error.context).toEqual({ category: 'person', id: 'ann', statementId: 's1' });
    given(ann, statementMade('s1', 'ann', '2020-05-01')).when(statementMade('s2', 'ann', '2020-05-01')).thenAccepted();
  });
});

describe('a statement made at a meeting falls within the meeting', () => {
  const m1 = meetingHeld('m1', '2020-05-01', { until: '2020-05-03' });

  it('accepts a statement during the meeting, or possibly during it', () => {
    given(ann, m1).when(statementMade('s1', 'ann', '2020-05-03', { occasion: 'm1' })).thenAccepted();
    given(ann, m1).when(statementMade('s1', 'ann', '2020', { occasion: 'm1' })).thenAccepted();
  });

  it('rejects a statement certainly before the meeting', () => {
    const error = given(ann, m1).when(statementMade('s1', 'ann', '2020-04-30', { occasion: 'm1' })).thenRejected('before-meeting', '/occasion');
    expect(error.context).toMatchObject({ entity: 'meeting:m1', on: '2020-05-01' });
  });

  it('rejects a statement certainly after the meeting', () => {
    given(ann, m1).when(statementMade('s1', 'ann', '2020-05-04', { occasion: 'm1' })).thenRejected('after-meeting', '/occasion');
    given(ann, meetingHeld('m2', '2020-05-01')).when(statementMade('s1', 'ann', '2020-05-02', { occasion: 'm2' })).thenRejected('after-meeting');
  });
});
