import { describe, expect, it } from 'vitest';
import { agreementEnded, agreementSigned, organisationRegistered, personRegistered } from './developments.js';
import { given } from './given-when-then.js';

const parties = [organisationRegistered('a'), organisationRegistered('b')] as const;

describe('parties and signatories', () => {
  it('requires two or more distinct parties', () => {
    const error = given(...parties).when(agreementSigned('ab', ['a', 'a'], '2020')).thenRejected('too-few-parties', '/parties');
    expect(error.context).toEqual({ agreementId: 'ab', parties: ['a', 'a'] });
    given(...parties).when(agreementSigned('ab', ['a', 'b'], '2020')).thenAccepted();
  });

  it('rejects a party or signatory named twice', () => {
    given(...parties).when(agreementSigned('ab', ['a', 'b', 'a'], '2020')).thenRejected('duplicate-party', '/parties/2');
    given(...parties, personRegistered('ann'))
      .when(agreementSigned('ab', ['a', 'b'], '2020', { signatories: ['ann', 'ann'] }))
      .thenRejected('duplicate-signatory', '/signatories/1');
  });

  it('rejects a party certainly founded after the signing', () => {
    given(organisationRegistered('a'), organisationRegistered('b', { foundedOn: '2021-01-01' }))
      .when(agreementSigned('ab', ['a', 'b'], '2020'))
      .thenRejected('before-founding', '/parties/1');
    given(organisationRegistered('a'), organisationRegistered('b', { foundedOn: '2020-03' }))
      .when(agreementSigned('ab', ['a', 'b'], '2020'))
      .thenAccepted();
  });
});

describe('the validity period (read granularly)', () => {
  it('rejects validUntil certainly before validFrom', () => {
    const error = given(...parties)
      .when(agreementSigned('ab', ['a', 'b'], '2018', { validFrom: '2020', validUntil: '2019-12-31' }))
      .thenRejected('invalid-validity-period', '/validUntil');
    expect(error.context).toEqual({ agreementId: 'ab', validFrom: '2020', validUntil: '2019-12-31' });
  });

  it('accepts a period within one year, or a one-day period', () => {
    given(...parties).when(agreementSigned('ab', ['a', 'b'], '2020', { validFrom: '2020-06', validUntil: '2020' })).thenAccepted();
    given(...parties).when(agreementSigned('ab', ['a', 'b'], '2020', { validFrom: '2020-06-01', validUntil: '2020-06-01' })).thenAccepted();
  });

  it('accepts a retroactive start but rejects a lapse before the signing', () => {
    given(...parties).when(agreementSigned('ab', ['a', 'b'], '2020', { validFrom: '2019' })).thenAccepted();
    given(...parties).when(agreementSigned('ab', ['a', 'b'], '2020', { validUntil: '2019' })).thenRejected('invalid-validity-period', '/validUntil');
  });
});

describe('superseding', () => {
  const old = agreementSigned('old', ['a', 'b'], '2010');

  it('accepts an agreement superseding an earlier one, even an ended one', () => {
    given(...parties, old).when(agreementSigned('new', ['a', 'b'], '2020', { supersedes: 'old' })).thenAccepted();
    given(...parties, old, agreementEnded('old', '2015')).when(agreementSigned('new', ['a', 'b'], '2020', { supersedes: 'old' })).thenAccepted();
  });

  it('rejects superseding an agreement signed certainly later', () => {
    given(...parties, old).when(agreementSigned('new', ['a', 'b'], '2009', { supersedes: 'old' })).thenRejected('before-signing', '/supersedes');
  });
});

describe('ending an agreement', () => {
  const signed = [...parties, agreementSigned('ab', ['a', 'b'], '2020-06-01')];

  it('accepts an end after the signing, or possibly after it', () => {
    given(...signed).when(agreementEnded('ab', '2023')).thenAccepted();
    given(...signed).when(agreementEnded('ab', '2020')).thenAccepted();
  });

  it('ends an agreement once', () => {
    const error = given(...signed, agreementEnded('ab', '2023')).when(agreementEnded('ab', '2024')).thenRejected('already-ended', '/on');
    expect(error.context).toEqual({ agreementId: 'ab', endedOn: '2023' });
  });

  it('rejects an end certainly before the signing', () => {
    given(...signed).when(agreementEnded('ab', '2020-05-31')).thenRejected('before-signing', '/on');
  });
});
