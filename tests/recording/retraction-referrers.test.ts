import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Development } from '../../events/catalogue.js';
import { ImportRejectedError, type FileItem } from '../../src/recording/development-file.js';
import { contentEventId } from '../../src/recording/event-ids.js';
import { importDevelopments } from '../../src/recording/import-developments.js';
import { recordDevelopment } from '../../src/recording/record-development.js';
import { DomainError } from '../../src/domain/domain-error.js';
import type { EventStore, ReadAllOptions } from '../../src/store/event-store.js';
import { SqliteEventStore } from '../../src/store/sqlite-event-store.js';
import { spiedStore } from '../support/spied-store.js';
import { developmentRetracted, groupFormed, memberJoined, organisationRegistered, personRegistered, statementMade } from '../domain/developments.js';

/**
 * A registration is retracted only while no other event names the entity. Those events
 * are searched for in the log, so only such a retraction searches it, and an import sees
 * the ones it has planned and not yet written as well as the stored ones.
 */
const provenance = { recordedBy: 'spec', correlationId: 'spec' };
let store: SqliteEventStore;
let spied: EventStore;
let calls: Parameters<EventStore['readAll']>[];
/** Every readAll the recording asked the store for, with its options. */
const reads = (): ReadAllOptions[] => calls.map(([options]) => options ?? {});

beforeEach(() => {
  store = SqliteEventStore.open(':memory:');
  ({ store: spied, calls } = spiedStore(store, 'readAll'));
});
afterEach(() => store.close());

async function given(...developments: Development[]): Promise<void> {
  for (const development of developments) await recordDevelopment(store, development, contentEventId(development), provenance);
}

async function refusal(development: Development): Promise<DomainError> {
  const error = await recordDevelopment(spied, development, contentEventId(development), provenance).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

const items = (...developments: Development[]): FileItem[] => developments.map((development, i) => ({ development, item: i + 1, line: i + 1 }));

describe('retracting a development', () => {
  it('of a statement does not search the log for events naming the person', async () => {
    const statement = statementMade('s-1', 'ana', '2020-05-01');
    await given(personRegistered('ana'), statement);

    await recordDevelopment(spied, developmentRetracted('person:ana', contentEventId(statement)), contentEventId(developmentRetracted('person:ana', contentEventId(statement))), provenance);

    expect(reads()).toEqual([]);
  });

  it('of a registration others name is refused, naming them, after a search for events holding the id', async () => {
    const registered = organisationRegistered('ilo');
    const joined = memberJoined('iag', 'ilo', '2016');
    await given(registered, organisationRegistered('ilo-2'), groupFormed('iag', '2009'), joined, memberJoined('iag', 'ilo-2', '2017'));

    const error = await refusal(developmentRetracted('organisation:ilo', contentEventId(registered)));

    expect(error.code).toBe('registration-in-use');
    expect(error.context).toMatchObject({ entity: 'organisation:ilo', eventIds: [contentEventId(joined)] });
    expect(reads().map((options) => options.filter?.dataContains)).toEqual(['"ilo"']);
  });

  it('of a registration nothing names is recorded', async () => {
    const registered = organisationRegistered('ilo');
    await given(registered, organisationRegistered('unesco'), groupFormed('iag', '2009'), memberJoined('iag', 'unesco', '2016'));
    const retraction = developmentRetracted('organisation:ilo', contentEventId(registered));

    await recordDevelopment(spied, retraction, contentEventId(retraction), provenance);

    expect((await store.readStream('organisation-ilo')).map((event) => event.type)).toEqual(['OrganisationRegistered', 'DevelopmentRetracted']);
  });
});

describe('an import that retracts a registration', () => {
  it('is refused when an earlier development of the same file names the entity, and writes nothing', async () => {
    const registered = organisationRegistered('ilo');
    const joined = memberJoined('iag', 'ilo', '2016');
    const file = items(registered, groupFormed('iag', '2009'), joined, developmentRetracted('organisation:ilo', contentEventId(registered)));

    const error = await importDevelopments(spied, file, { file: 'history.ndjson', ...provenance }).then(
      () => undefined,
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(ImportRejectedError);
    expect((error as ImportRejectedError).problems).toEqual([expect.objectContaining({ item: 4, code: 'registration-in-use', pointer: '/retractsEventId' })]);
    expect(await store.headPosition()).toBeUndefined();
  });

  it('is refused when a stored event names the entity, and counts each referrer once', async () => {
    const registered = organisationRegistered('ilo');
    const joined = memberJoined('iag', 'ilo', '2016');
    await given(registered, groupFormed('iag', '2009'), joined);
    const head = await store.headPosition();
    const file = items(memberJoined('iag', 'ilo-unrelated-but-registered', '2017'), developmentRetracted('organisation:ilo', contentEventId(registered)));
    const withRegistration = [...items(organisationRegistered('ilo-unrelated-but-registered')), ...file].map((item, i) => ({ ...item, item: i + 1 }));

    const error = await importDevelopments(spied, withRegistration, { file: 'more.ndjson', ...provenance }).then(
      () => undefined,
      (e: unknown) => e,
    );

    expect((error as ImportRejectedError).problems).toEqual([expect.objectContaining({ item: 3, code: 'registration-in-use' })]);
    expect((error as ImportRejectedError).problems[0]!.message).toContain('referred to by 1 other event');
    expect(await store.headPosition()).toBe(head);
  });

  it('still counts a referrer the same file retracted first: the answer errs on the side of refusing', async () => {
    const registered = organisationRegistered('ilo');
    const joined = memberJoined('iag', 'ilo', '2016');
    const file = items(registered, groupFormed('iag', '2009'), joined, developmentRetracted('group:iag', contentEventId(joined)), developmentRetracted('organisation:ilo', contentEventId(registered)));

    const error = await importDevelopments(spied, file, { file: 'history.ndjson', ...provenance }).then(
      () => undefined,
      (e: unknown) => e,
    );

    expect((error as ImportRejectedError).problems).toEqual([expect.objectContaining({ item: 5, code: 'registration-in-use' })]);
  });

  it('of an entity nothing names goes through', async () => {
    const registered = organisationRegistered('ilo');
    const file = items(registered, organisationRegistered('unesco'), groupFormed('iag', '2009'), memberJoined('iag', 'unesco', '2016'), developmentRetracted('organisation:ilo', contentEventId(registered)));

    const summary = await importDevelopments(spied, file, { file: 'history.ndjson', ...provenance });

    expect(summary.written).toBe(5);
  });
});
