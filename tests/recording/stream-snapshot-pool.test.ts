import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseDevelopment, type Development } from '../../events/catalogue.js';
import { eventHash, hashedFieldsOf } from '../../src/audit/event-hash.js';
import { verifyLog } from '../../src/audit/verify-log.js';
import { emptyChain, headAfterStored } from '../../src/audit/hash-chain.js';
import { contentEventId } from '../../src/recording/event-ids.js';
import { newEvents, recordDevelopment } from '../../src/recording/record-development.js';
import { SqliteEventStore } from '../../src/store/sqlite-event-store.js';
import { tempDir } from '../support/temp-dir.js';

let tmp: ReturnType<typeof tempDir>;
let store: SqliteEventStore;
let other: SqliteEventStore;
beforeEach(() => {
  tmp = tempDir();
  store = SqliteEventStore.open(tmp.file('concord.db'));
  // Another process on the same file: its own connection and its own snapshots.
  other = SqliteEventStore.open(tmp.file('concord.db'));
});
afterEach(async () => {
  await store.close();
  await other.close();
  tmp.remove();
});

function development(raw: Record<string, unknown>): Development {
  const parsed = parseDevelopment(raw);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
}

const provenance = { recordedBy: 'cli:alice', correlationId: 'c-1' };
const record = (on: SqliteEventStore, raw: Record<string, unknown>) => {
  const decided = development(raw);
  return recordDevelopment(on, decided, contentEventId(decided), provenance);
};
const statement = (n: number) => ({ type: 'StatementMade', statementId: `s-${n}`, personId: 'ada', quote: `Quote ${n}`, on: '2024-01-01' });

describe('stream snapshots kept between recordings in one process', () => {
  it('decide on what another process appended since, and keep one hash chain', async () => {
    await record(store, { type: 'PersonRegistered', personId: 'ada', name: 'Ada' });
    await record(store, statement(1));

    await record(other, statement(2));
    const third = await record(store, statement(3));

    expect(third.revision).toBe(3);
    expect((await store.readStream('person-ada')).map((event) => event.revision)).toEqual([0, 1, 2, 3]);
    expect((await verifyLog(store)).failures).toEqual([]);
  });

  it('answer a development another process recorded meanwhile as a replay of the stored event', async () => {
    await record(store, { type: 'PersonRegistered', personId: 'ada', name: 'Ada' });
    await record(store, statement(1));
    await record(other, statement(2));
    const stored = await other.readStream('person-ada');

    const replay = await record(store, statement(2));

    expect(replay).toMatchObject({ replayed: true, revision: 2, position: stored[2]!.position });
    expect(await store.readStream('person-ada')).toHaveLength(3);
  });

  it('read a stream whole again when its newest event was removed behind the store’s back', async () => {
    await record(store, { type: 'PersonRegistered', personId: 'ada', name: 'Ada' });
    await record(store, statement(1));
    const db = new Database(tmp.file('concord.db'));
    db.prepare("DELETE FROM events WHERE stream = 'person-ada' AND revision = 1").run();
    db.close();

    const next = await record(store, statement(2));

    expect(next.revision).toBe(1);
    expect((await verifyLog(store)).failures).toEqual([]);
  });

  it('chain a new event to the hash stored for the last one, not to the hash the process computed for it', async () => {
    await record(store, { type: 'PersonRegistered', personId: 'ada', name: 'Ada' });
    await record(store, statement(1));
    const storedHash = 'f'.repeat(64);
    const db = new Database(tmp.file('concord.db'));
    db.prepare("UPDATE events SET metadata = json_set(metadata, '$.hash', ?) WHERE stream = 'person-ada' AND revision = 1").run(storedHash);
    db.close();

    await record(store, statement(2));

    const newest = (await store.readStream('person-ada'))[2]!;
    expect((newest.metadata as { hash: string }).hash).toBe(eventHash(hashedFieldsOf(newest, storedHash)));
  });

  describe('on a store that marks its streams (SQLite: PRAGMA data_version)', () => {
    it('decide on its own last append without reading the stream again', async () => {
      await record(store, { type: 'PersonRegistered', personId: 'ada', name: 'Ada' });
      await record(store, statement(1));
      const reads = vi.spyOn(store, 'readStream');

      await record(store, statement(2));
      await record(store, statement(3));

      expect(reads).not.toHaveBeenCalled();
      expect((await store.readStream('person-ada')).map((event) => event.revision)).toEqual([0, 1, 2, 3]);
      expect((await verifyLog(store)).failures).toEqual([]);
    });

    it('read what another process appended since, even right after its own append', async () => {
      await record(store, { type: 'PersonRegistered', personId: 'ada', name: 'Ada' });
      await record(store, statement(1));
      await record(other, statement(2));
      const reads = vi.spyOn(store, 'readStream');

      const third = await record(store, statement(3));

      expect(reads).toHaveBeenCalledWith('person-ada', expect.anything());
      expect(third.revision).toBe(3);
      expect((await verifyLog(store)).failures).toEqual([]);
    });

    it('read the stream again when an append of this process, not through the pool, reached it', async () => {
      await record(store, { type: 'PersonRegistered', personId: 'ada', name: 'Ada' });
      const [registered] = await store.readStream('person-ada');
      const decided = development(statement(1));
      const appended = newEvents(headAfterStored(emptyChain('person-ada'), registered!), [decided], [contentEventId(decided)], { recordedBy: 'cli:bob', correlationId: 'c-2' }, () => new Date());
      await store.append('person-ada', appended.events, 0);

      const again = await record(store, statement(1));
      const next = await record(store, statement(2));

      expect(again).toMatchObject({ replayed: true, revision: 1 });
      expect(next.revision).toBe(2);
      expect((await verifyLog(store)).failures).toEqual([]);
    });

    it('chain to the stored event when an idempotent answer stood for an event this process did not hash', async () => {
      await record(store, { type: 'PersonRegistered', personId: 'ada', name: 'Ada' });
      const [registered] = await store.readStream('person-ada');
      const decided = development(statement(1));
      // The same development, stamped by someone else, reaches the store just before the
      // recording's own append, in the same group: the recording is answered idempotently.
      const theirs = newEvents(headAfterStored(emptyChain('person-ada'), registered!), [decided], [contentEventId(decided)], { recordedBy: 'cli:bob', correlationId: 'c-2' }, () => new Date(0));
      const ours = record(store, statement(1));
      const direct = store.append('person-ada', theirs.events, 0);
      await Promise.all([ours, direct]);

      await record(store, statement(2));

      const stored = await store.readStream('person-ada');
      expect((stored[1]!.metadata as { recordedBy: string }).recordedBy).toBe('cli:bob');
      expect((stored[2]!.metadata as { hash: string }).hash).toBe(eventHash(hashedFieldsOf(stored[2]!, theirs.chain.hash)));
      expect((await verifyLog(store)).failures).toEqual([]);
    });
  });
});
