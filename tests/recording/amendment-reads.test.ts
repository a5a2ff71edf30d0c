import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Development } from '../../events/catalogue.js';
import { DomainError } from '../../src/domain/domain-error.js';
import { contentEventId } from '../../src/recording/event-ids.js';
import { recordDevelopment } from '../../src/recording/record-development.js';
import type { EventStore } from '../../src/store/event-store.js';
import { SqliteEventStore } from '../../src/store/sqlite-event-store.js';
import { spiedStore } from '../support/spied-store.js';
import { developmentCorrected, developmentRetracted, groupFormed, memberJoined, organisationRegistered } from '../domain/developments.js';

/**
 * An amendment is decided again from the amended development on: the developments
 * before it are folded, not decided, so the entities only they name are not read. At a
 * million events a group's stream names a hundred organisations and more.
 */
const provenance = { recordedBy: 'spec', correlationId: 'spec' };
let store: SqliteEventStore;
let spied: EventStore;
let calls: Parameters<EventStore['readStream']>[];
/** The streams the recording read, in order. */
const streamsRead = () => calls.map(([stream]) => stream);

beforeEach(() => {
  store = SqliteEventStore.open(':memory:');
  ({ store: spied, calls } = spiedStore(store, 'readStream'));
});
afterEach(() => store.close());

const joinA = memberJoined('iag', 'a', '2010');
const joinB = memberJoined('iag', 'b', '2012');
const joinC = memberJoined('iag', 'c', '2014');

beforeEach(async () => {
  for (const development of [organisationRegistered('a'), organisationRegistered('b'), organisationRegistered('c'), groupFormed('iag', '2009'), joinA, joinB, joinC]) {
    await recordDevelopment(store, development, contentEventId(development), provenance);
  }
});

async function record(development: Development): Promise<unknown> {
  return recordDevelopment(spied, development, contentEventId(development), provenance).then(
    () => 'recorded',
    (error: unknown) => (error instanceof DomainError ? error.code : error),
  );
}

describe('deciding an amendment reads', () => {
  it('the entities named from the amended development on: correcting the last join reads its member only', async () => {
    expect(await record(developmentCorrected('group:iag', contentEventId(joinC), { on: '2015' }))).toBe('recorded');

    expect(streamsRead()).toEqual(['group-iag', 'organisation-c']);
  });

  it('every later one too: retracting the first join reads the members who joined after it', async () => {
    expect(await record(developmentRetracted('group:iag', contentEventId(joinA)))).toBe('recorded');

    expect(streamsRead()).toEqual(['group-iag', 'organisation-b', 'organisation-c']);
  });

  it('and still refuses what the change breaks: a join moved before the group was formed', async () => {
    expect(await record(developmentCorrected('group:iag', contentEventId(joinB), { on: '2001' }))).toBe('before-formation');

    expect(streamsRead()).toEqual(['group-iag', 'organisation-b', 'organisation-c']);
  });

  it('and what a later development breaks: the group formed after its members joined', async () => {
    const formed = contentEventId(groupFormed('iag', '2009'));
    expect(await record(developmentCorrected('group:iag', formed, { formedOn: '2013' }))).toBe('before-formation');

    expect(streamsRead()).toEqual(['group-iag', 'organisation-a', 'organisation-b', 'organisation-c']);
  });

  it('nothing else when the amendment is refused before any decision (an unknown event)', async () => {
    expect(await record(developmentCorrected('group:iag', contentEventId(organisationRegistered('zz')), { on: '2015' }))).toBe('unknown-event');

    expect(streamsRead()).toEqual(['group-iag']);
  });
});
