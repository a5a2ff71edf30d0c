import { describe, expect, it } from 'vitest';
import { organisationRegistered, organisationRenamed, personRegistered, postHolderAppointed, postHolderLeft } from './developments.js';
import { given } from './given-when-then.js';

const unesco = organisationRegistered('unesco', { foundedOn: '1945-11-16' });
const ann = personRegistered('ann');

describe('renaming an organisation', () => {
  it('accepts a rename after founding', () => {
    given(unesco).when(organisationRenamed('unesco', 'UNESCO', '1946')).thenAccepted();
  });

  it('rejects a rename certainly before founding', () => {
    const error = given(unesco).when(organisationRenamed('unesco', 'UNESCO', '1945-11-15')).thenRejected('before-founding', '/on');
    expect(error.context).toEqual({ entity: 'organisation:unesco', date: '1945-11-15', foundedOn: '1945-11-16' });
  });

  it('accepts a rename whose imprecise date may follow the founding', () => {
    given(unesco).when(organisationRenamed('unesco', 'UNESCO', '1945')).thenAccepted();
    given(unesco).when(organisationRenamed('unesco', 'UNESCO', '../1950')).thenAccepted();
  });

  it('accepts any rename of an organisation with no founding date', () => {
    given(organisationRegistered('ilo')).when(organisationRenamed('ilo', 'ILO', '1901')).thenAccepted();
  });
});

describe('appointing a post holder', () => {
  it('accepts an appointment', () => {
    given(unesco, ann).when(postHolderAppointed('unesco', 'ann', 'Director-General', '2017')).thenAccepted();
  });

  it('rejects a person certainly holding the post already, however the post is spelled', () => {
    const history = [unesco, ann, postHolderAppointed('unesco', 'ann', 'Director-General', '2017')];
    const error = given(...history).when(postHolderAppointed('unesco', 'ann', 'Director-General', '2019')).thenRejected('already-holds-post', '/from');
    expect(error.context).toMatchObject({ organisationId: 'unesco', personId: 'ann', post: 'Director-General', periods: [{ from: '2017' }] });
    given(...history).when(postHolderAppointed('unesco', 'ann', '  director-general ', '2019')).thenRejected('already-holds-post');
  });

  it('rejects the same imprecise appointment recorded twice', () => {
    const history = [unesco, ann, postHolderAppointed('unesco', 'ann', 'Director-General', '2017')];
    given(...history).when(postHolderAppointed('unesco', 'ann', 'Director-General', '2017')).thenRejected('already-holds-post', '/from');
  });

  it('accepts another post, or an appointment that may precede the running one', () => {
    const history = [unesco, ann, postHolderAppointed('unesco', 'ann', 'Director-General', '2017-11-15')];
    given(...history).when(postHolderAppointed('unesco', 'ann', 'Secretary', '2019')).thenAccepted();
    given(...history).when(postHolderAppointed('unesco', 'ann', 'Director-General', '2017')).thenAccepted();
  });

  it('rejects an appointment certainly before founding', () => {
    given(unesco, ann).when(postHolderAppointed('unesco', 'ann', 'Director-General', '1944')).thenRejected('before-founding', '/from');
  });

  it('rejects an unknown person', () => {
    given(unesco).when(postHolderAppointed('unesco', 'bob', 'Director-General', '2017')).thenRejected('unknown-reference', '/personId');
  });
});

describe('leaving a post', () => {
  const appointed = [unesco, ann, postHolderAppointed('unesco', 'ann', 'Director-General', '2017')];

  it('accepts the holder leaving', () => {
    given(...appointed).when(postHolderLeft('unesco', 'ann', 'Director-General', '2021')).thenAccepted();
  });

  it('rejects a person who never held the post', () => {
    given(unesco, ann).when(postHolderLeft('unesco', 'ann', 'Director-General', '2021')).thenRejected('not-a-post-holder', '/personId');
    given(...appointed).when(postHolderLeft('unesco', 'ann', 'Secretary', '2021')).thenRejected('not-a-post-holder', '/personId');
  });

  it('rejects leaving a post certainly left already', () => {
    given(...appointed, postHolderLeft('unesco', 'ann', 'Director-General', '2021'))
      .when(postHolderLeft('unesco', 'ann', 'Director-General', '2022'))
      .thenRejected('not-a-post-holder', '/on');
  });

  it('rejects leaving certainly before the appointment', () => {
    given(...appointed).when(postHolderLeft('unesco', 'ann', 'Director-General', '2016')).thenRejected('end-before-start', '/on');
  });

  it('accepts earlier tenures backfilled after later ones', () => {
    const later = [unesco, ann, postHolderAppointed('unesco', 'ann', 'Director-General', '2015'), postHolderLeft('unesco', 'ann', 'Director-General', '2020')];
    given(...later).when(postHolderAppointed('unesco', 'ann', 'Director-General', '2005')).thenAccepted();
    given(...later, postHolderAppointed('unesco', 'ann', 'Director-General', '2005'))
      .when(postHolderLeft('unesco', 'ann', 'Director-General', '2010'))
      .thenAccepted();
  });
});
