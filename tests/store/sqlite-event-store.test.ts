import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../../src/store/sqlite-event-store.js';
import { SCHEMA_VERSION, UnsupportedSchemaVersionError } from '../../src/store/sqlite-schema.js';
import { describeEventStoreConformance, newEvent, range, sleep } from './event-store-conformance.js';
import { sqliteConformanceFixture, sqliteStoreFiles } from './support/sqlite-store-files.js';

describeEventStoreConformance('SqliteEventStore', () => sqliteConformanceFixture());

// The same expectations with the write-ahead log checkpointed on a worker from the first
// commit, every 5 ms, and started afresh each time it passes 32 KiB: checkpoints and the
// commits held for the restarts running beside every read, append and subscription.
describeEventStoreConformance('SqliteEventStore, checkpointing on a worker', () =>
  sqliteConformanceFixture({ backgroundCheckpointAfterEvents: 0, checkpointIntervalMs: 5, logRestartBytes: 32 * 1024 }),
);

describe('SqliteEventStore', () => {
  const files = sqliteStoreFiles();
  const { open, inMainFile, inspect } = files;

  describe('checkpoints of the write-ahead log', () => {
    it('run on a worker once a store has written enough, copying committed events into the file', async () => {
      const store = open({ backgroundCheckpointAfterEvents: 10, checkpointIntervalMs: 10 });
      await store.append('org-1', range(5).map(() => newEvent()), 'no_stream');
      expect(store.stats().checkpoints).toBe('in-commits');
      await Promise.all(range(20).map((i) => store.append(`org-${i + 2}`, [newEvent(), newEvent()], 'no_stream')));
      expect(store.stats().checkpoints).toBe('background');
      let copied = inMainFile();
      for (let waited = 0; copied < 45 && waited < 5_000; waited += 20) {
        await sleep(20);
        copied = inMainFile();
      }
      expect(copied).toBe(45);
      await store.close();
      expect(store.stats().checkpoints).toBe('in-commits');
    });

    it('stay in the commits of a store that writes little (no thread for a test or a short command)', async () => {
      const store = open();
      await store.append('org-1', [newEvent()], 'no_stream');
      expect(store.stats().checkpoints).toBe('in-commits');
    });

    it('lose nothing acknowledged across a close and a reopen while the worker runs', async () => {
      const store = open({ backgroundCheckpointAfterEvents: 0, checkpointIntervalMs: 1 });
      for (let i = 0; i < 30; i++) await store.append(`org-${i}`, [newEvent()], 'no_stream');
      await store.close();
      const reopened = open();
      expect(await reopened.readAll({ maxCount: 100 })).toHaveLength(30);
    });
  });

  describe('filtered reads of a long log', () => {
    it('read it a window of positions at a time, the event loop turning between windows, and answer what one read would', async () => {
      const windowed = open({ searchWindow: 10 });
      // 95 events over five streams; every third names "ada" in its data.
      for (const stream of ['org-1', 'org-2', 'person-3', 'org-4', 'group-5']) {
        await windowed.append(stream, range(19).map((i) => newEvent(i % 3 === 0 ? 'Named' : 'Other', { who: i % 3 === 0 ? 'ada' : 'bob', i })), 'no_stream');
      }
      const whole = open({ searchWindow: 1_000_000 });
      const asked = [
        { filter: { dataContains: '"ada"' } },
        { filter: { dataContains: '"ada"' }, maxCount: 7 },
        { filter: { dataContains: '"ada"' }, fromPosition: 23n, maxCount: 12 },
        { filter: { dataContains: '"ada"' }, direction: 'backwards' as const },
        { filter: { dataContains: '"ada"' }, direction: 'backwards' as const, fromPosition: 61n, maxCount: 9 },
        { filter: { dataContains: '"ada"' }, direction: 'backwards' as const, fromPosition: 10_000n },
        { filter: { streamPrefixes: ['org-'], eventTypes: ['Other'] }, fromPosition: 5n },
        { filter: { dataContains: 'nobody' } },
        { filter: { dataContains: '"ada"' }, fromPosition: 95n },
        { filter: { dataContains: '"ada"' }, maxCount: 0 },
      ];
      for (const options of asked) {
        expect((await windowed.readAll(options)).map((event) => event.position), JSON.stringify(options, (_, v) => (typeof v === 'bigint' ? `${v}n` : v))).toEqual(
          (await whole.readAll(options)).map((event) => event.position),
        );
      }
      expect(await windowed.readAll({ filter: { dataContains: '"ada"' } })).toHaveLength(35);
      await expect(windowed.readAll({ filter: { dataContains: '"ada"' }, maxCount: -1 })).rejects.toThrow(RangeError);

      let turns = 0;
      let reading = true;
      const turn = () => {
        turns += 1;
        if (reading) setImmediate(turn);
      };
      setImmediate(turn);
      await windowed.readAll({ filter: { dataContains: 'nobody' } });
      reading = false;
      // Ten windows of ten positions: the loop turned between them.
      expect(turns).toBeGreaterThanOrEqual(9);
    });
  });

  describe('opening a file', () => {
    it('creates the parent directory, the schema at the current version, and a WAL journal', async () => {
      const store = open();
      await store.append('org-1', [newEvent()], 'no_stream');

      expect(existsSync(files.path)).toBe(true);
      expect(SCHEMA_VERSION).toBe(2);
      expect(inspect((db) => db.pragma('user_version', { simple: true }))).toBe(SCHEMA_VERSION);
      expect(inspect((db) => db.pragma('journal_mode', { simple: true }))).toBe('wal');
      expect(inspect((db) => db.prepare('SELECT count(*) FROM events').pluck().get())).toBe(1);
    });

    it('refuses a file whose schema is newer than this code knows', async () => {
      await open().close();
      const db = new Database(files.path);
      db.pragma('user_version = 99');
      db.close();

      expect(() => SqliteEventStore.open(files.path)).toThrow(UnsupportedSchemaVersionError);
    });
  });

});
