import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppendManyError, StoreUnavailableError, WrongExpectedRevisionError, type RecordedEvent } from '../../src/store/event-store.js';
import { SqliteEventStore, type SqliteEventStoreOptions } from '../../src/store/sqlite-event-store.js';
import { InvalidAppendError } from '../../src/store/sqlite-event-rows.js';
import { SCHEMA_VERSION, UnsupportedSchemaVersionError } from '../../src/store/sqlite-schema.js';
import { describeEventStoreConformance, newEvent, range, sleep } from './event-store-conformance.js';
import { finished, jsonLines, onStdoutLine, runScript, startScript } from './support/child-process.js';

describeEventStoreConformance('SqliteEventStore', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'concord-store-'));
  const path = join(dir, 'events.sqlite');
  const opened = [SqliteEventStore.open(path)];
  const current = () => opened.at(-1)!;
  return {
    store: current(),
    reopen: async () => {
      await current().close();
      opened.push(SqliteEventStore.open(path));
      return current();
    },
    cleanup: async () => {
      for (const store of opened) await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

// The same expectations with the write-ahead log checkpointed on a worker from the first
// commit, every 5 ms, and started afresh each time it passes 32 KiB: checkpoints and the
// commits held for the restarts running beside every read, append and subscription.
describeEventStoreConformance('SqliteEventStore, checkpointing on a worker', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'concord-store-'));
  const path = join(dir, 'events.sqlite');
  const options = { backgroundCheckpointAfterEvents: 0, checkpointIntervalMs: 5, logRestartBytes: 32 * 1024 };
  const opened = [SqliteEventStore.open(path, options)];
  const current = () => opened.at(-1)!;
  return {
    store: current(),
    reopen: async () => {
      await current().close();
      opened.push(SqliteEventStore.open(path, options));
      return current();
    },
    cleanup: async () => {
      for (const store of opened) await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describe('SqliteEventStore', () => {
  let dir: string;
  let path: string;
  const stores: SqliteEventStore[] = [];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'concord-sqlite-'));
    path = join(dir, 'data', 'events.sqlite');
  });

  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  function open(options?: SqliteEventStoreOptions): SqliteEventStore {
    const store = SqliteEventStore.open(path, options);
    stores.push(store);
    return store;
  }

  /** Events in the database file itself, the log left aside (what checkpoints have copied). */
  function inMainFile(): number {
    // A copy of the file without its -wal: only what checkpoints have copied is there.
    const copy = join(dir, `main-file-only-${randomUUID()}.sqlite`);
    copyFileSync(path, copy);
    const db = new Database(copy, { readonly: true });
    try {
      return Number(db.prepare('SELECT count(*) FROM events').pluck().get());
    } catch {
      return 0; // the schema itself may not be checkpointed yet
    } finally {
      db.close();
      rmSync(copy);
    }
  }

  function inspect<T>(query: (db: Database.Database) => T): T {
    const db = new Database(path, { readonly: true });
    try {
      return query(db);
    } finally {
      db.close();
    }
  }

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

      expect(existsSync(path)).toBe(true);
      expect(SCHEMA_VERSION).toBe(2);
      expect(inspect((db) => db.pragma('user_version', { simple: true }))).toBe(SCHEMA_VERSION);
      expect(inspect((db) => db.pragma('journal_mode', { simple: true }))).toBe('wal');
      expect(inspect((db) => db.prepare('SELECT count(*) FROM events').pluck().get())).toBe(1);
    });

    it('refuses a file whose schema is newer than this code knows', async () => {
      await open().close();
      const db = new Database(path);
      db.pragma('user_version = 99');
      db.close();

      expect(() => SqliteEventStore.open(path)).toThrow(UnsupportedSchemaVersionError);
    });
  });

  describe('group commit', () => {
    it.each([
      { mode: 'each COMMIT syncing', syncLogOffThread: false, commits: 1, largest: 64 },
      // The first half apart, while the disk is idle (see GroupCommitQueue.scheduleFlush).
      { mode: 'the log synced off the thread', syncLogOffThread: true, commits: 2, largest: 32 },
    ])('commits 64 appends queued in one turn together ($mode: $commits transaction(s)), and all of them survive a reopen', async ({ syncLogOffThread, commits, largest }) => {
      const store = open({ syncLogOffThread });
      const commitsBefore = store.stats().commits;
      const shared = 'meeting-shared';
      const separate = range(48).map((index) => store.append(`org-${index}`, [newEvent(), newEvent()], 'no_stream'));
      // Exact revisions on one stream: each append expects the one queued just before it.
      const chained = range(16).map((index) => store.append(shared, [newEvent()], index === 0 ? 'no_stream' : index - 1));

      const results = await Promise.all([...separate, ...chained]);

      expect(store.stats().commits - commitsBefore).toBe(commits);
      expect(store.stats().largestGroup).toBe(largest);
      expect(results.slice(48).map((result) => result.nextExpectedRevision)).toEqual(range(16));
      await store.close();
      const reopened = open();
      const all = await reopened.readAll();
      expect(all).toHaveLength(48 * 2 + 16);
      for (const result of results) expect(all.some((event) => event.position === result.position)).toBe(true);
      expect((await reopened.readStream(shared)).map((event) => event.revision)).toEqual(range(16));
    });

    it('fails only the conflicting append of a group; the others commit', async () => {
      const store = open();
      await store.append('org-1', [newEvent()], 'no_stream');
      const commitsBefore = store.stats().commits;

      const outcomes = await Promise.allSettled([
        store.append('org-2', [newEvent()], 'no_stream'),
        store.append('org-1', [newEvent(), newEvent()], 'no_stream'),
        store.append('org-3', [newEvent()], 'any'),
      ]);

      expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
      expect(store.stats().commits - commitsBefore).toBe(1);
      expect(await store.readStream('org-1')).toHaveLength(1);
      expect(await store.readStream('org-2')).toHaveLength(1);
      expect(await store.readStream('org-3')).toHaveLength(1);
    });

    it('commits an appendMany whole or not at all, while the other appends of its group commit', async () => {
      const store = open();
      await store.append('org-1', [newEvent()], 'no_stream');
      const commitsBefore = store.stats().commits;

      const [refused, accepted, alone] = await Promise.allSettled([
        store.appendMany([
          { stream: 'org-2', events: [newEvent(), newEvent()], expectedRevision: 'no_stream' },
          { stream: 'org-1', events: [newEvent()], expectedRevision: 0 },
          { stream: 'org-1', events: [newEvent()], expectedRevision: 0 },
        ]),
        store.appendMany([
          { stream: 'org-3', events: [newEvent()], expectedRevision: 'no_stream' },
          { stream: 'org-1', events: [newEvent()], expectedRevision: 0 },
        ]),
        store.append('org-4', [newEvent()], 'no_stream'),
      ]);

      expect(store.stats().commits - commitsBefore).toBe(1);
      expect(refused.status).toBe('rejected');
      const error = (refused as PromiseRejectedResult).reason as AppendManyError;
      expect(error).toMatchObject({ index: 2, stream: 'org-1', nothingWritten: true });
      expect(error.cause).toMatchObject({ expected: 0, actual: 1 });
      expect(await store.readStream('org-2')).toEqual([]);
      expect(accepted.status).toBe('fulfilled');
      expect(alone.status).toBe('fulfilled');
      expect((await store.readStream('org-1')).map((event) => event.revision)).toEqual([0, 1]);
      expect(await store.readStream('org-3')).toHaveLength(1);
      expect(store.stats()).toMatchObject({ appendsRejected: 3, eventsWritten: 1 + 3, largestGroup: 6 });
    });

    it('commits an appendMany larger than maxAppendsPerCommit in one transaction, and appends queued after it in the next', async () => {
      const store = open({ maxAppendsPerCommit: 4 });
      const commitsBefore = store.stats().commits;

      const [results, later] = await Promise.all([
        store.appendMany(range(10).map((index) => ({ stream: `org-${index}`, events: [newEvent()], expectedRevision: 'no_stream' as const }))),
        store.append('org-later', [newEvent()], 'no_stream'),
      ]);

      expect(results).toHaveLength(10);
      expect(later.position > results.at(-1)!.position).toBe(true);
      expect(store.stats().commits - commitsBefore).toBe(2);
      expect(store.stats().largestGroup).toBe(10);
    });

    it('recognises a retry queued in the same group as the original append', async () => {
      const store = open();
      const events = [newEvent(), newEvent()];

      const [original, retry] = await Promise.all([store.append('org-1', events, 'no_stream'), store.append('org-1', events, 'no_stream')]);

      expect(retry).toEqual(original);
      expect(await store.readStream('org-1')).toHaveLength(2);
      expect(store.stats()).toMatchObject({ appendsAcknowledged: 2, eventsWritten: 2 });
    });

    it('rejects malformed appends before they reach the group, leaving the rest of it alone', async () => {
      const store = open();

      const outcomes = await Promise.allSettled([
        store.append('org-1', [newEvent('Bad', { amount: 1n })], 'any'),
        store.append('org-1', [newEvent()], -1),
        store.append('', [newEvent()], 'any'),
        store.append('org-1', [{ ...newEvent(), metadata: undefined }], 'any'),
        store.append('org-2', [newEvent()], 'no_stream'),
      ]);

      expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected', 'fulfilled']);
      for (const outcome of outcomes.slice(0, 4)) expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(InvalidAppendError);
      expect(await store.readAll()).toHaveLength(1);
    });

    it('answers StoreUnavailableError when another connection holds the write lock beyond the busy timeout', async () => {
      const store = open({ busyTimeoutMs: 100 });
      await store.append('org-1', [newEvent()], 'no_stream');
      const other = new Database(path);
      other.exec('BEGIN IMMEDIATE');

      try {
        const error = await store.append('org-1', [newEvent()], 0).catch((reason: unknown) => reason);
        expect(error).toBeInstanceOf(StoreUnavailableError);
        expect(error).toMatchObject({ code: 'store-unavailable' });
      } finally {
        other.exec('ROLLBACK');
        other.close();
      }

      expect((await store.append('org-1', [newEvent()], 0)).nextExpectedRevision).toBe(1);
    });

    it('waits for another connection\'s write lock without stopping the event loop (reads go on), then commits', async () => {
      const store = open({ busyTimeoutMs: 5_000 });
      await store.append('org-1', [newEvent()], 'no_stream');
      const other = new Database(path);
      other.exec('BEGIN IMMEDIATE');
      let longestGap = 0;
      let last = performance.now();
      const ticking = setInterval(() => {
        const now = performance.now();
        longestGap = Math.max(longestGap, now - last);
        last = now;
      }, 5);

      try {
        const appended = store.append('org-1', [newEvent()], 0);
        await sleep(300);
        // Still waiting, and the process still answers: a read meanwhile sees the first event only.
        expect(await store.readAll()).toHaveLength(1);
        // Released on this very thread: had the append waited inside SQLite, this line would
        // run only once the append had given up.
        other.exec('COMMIT');
        expect((await appended).nextExpectedRevision).toBe(1);
        expect(longestGap).toBeLessThan(200);
      } finally {
        clearInterval(ticking);
        if (other.inTransaction) other.exec('ROLLBACK');
        other.close();
      }
      expect(await store.readAll()).toHaveLength(2);
    });

    it('refuses each waiting write only once it has itself waited the busy timeout out', async () => {
      const store = open({ busyTimeoutMs: 400 });
      await store.append('org-1', [newEvent()], 'no_stream');
      const other = new Database(path);
      other.exec('BEGIN IMMEDIATE');
      try {
        const started = performance.now();
        const early = store.append('org-2', [newEvent()], 'no_stream').catch((reason: unknown) => reason);
        await sleep(250);
        const late = store.append('org-3', [newEvent()], 'no_stream');
        const refused = await early;
        expect(refused).toBeInstanceOf(StoreUnavailableError);
        expect((refused as Error).message).toMatch(/another connection held the write lock .* nothing of them was written/);
        expect(performance.now() - started).toBeGreaterThanOrEqual(400);
        other.exec('ROLLBACK');
        // The later write had waited about 150 ms of its own 400: it commits once the lock is free.
        expect((await late).nextExpectedRevision).toBe(0);
      } finally {
        if (other.inTransaction) other.exec('ROLLBACK');
        other.close();
      }
      expect((await store.readAll()).map((event) => event.stream)).toEqual(['org-1', 'org-3']);
    });

    it('commits appends still queued when closed, then refuses new work with StoreUnavailableError', async () => {
      const store = open();
      const queued = store.append('org-1', [newEvent()], 'no_stream');

      await store.close();

      expect((await queued).nextExpectedRevision).toBe(0);
      await expect(store.append('org-1', [newEvent()], 'any')).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.readAll()).rejects.toBeInstanceOf(StoreUnavailableError);
      await store.close();
      expect(await open().readStream('org-1')).toHaveLength(1);
    });
  });

  describe('subscriptions', () => {
    it('hear of local commits at once, without waiting for the poll', async () => {
      const store = open({ pollIntervalMs: 60_000 });
      let caughtUp = false;
      const arrivals: number[] = [];
      store.subscribeToAll({}, { onEvent: () => void arrivals.push(Date.now()), onCaughtUp: () => (caughtUp = true) });
      await waitUntil(() => caughtUp);

      await store.append('org-1', [newEvent()], 'no_stream');
      const committedAt = Date.now();

      await waitUntil(() => arrivals.length === 1, 1_000);
      expect(arrivals[0]! - committedAt).toBeLessThan(100);
    });

    it('page through a long, filtered catch-up without gaps or repeats while appends continue', async () => {
      const store = open({ subscriptionPageSize: 3 });
      for (const index of range(20)) await store.append(index % 3 === 0 ? `person-${index}` : `org-${index}`, [newEvent(), newEvent()], 'no_stream');
      const received: RecordedEvent[] = [];
      let caughtUp = false;
      store.subscribeToAll(
        { filter: { streamPrefixes: ['org-'] } },
        {
          onEvent: async (event) => {
            received.push(event);
            if (received.length === 4) await store.append('org-late', [newEvent()], 'no_stream');
          },
          onCaughtUp: () => (caughtUp = true),
        },
      );
      await waitUntil(() => caughtUp);
      await store.append('person-late', [newEvent()], 'no_stream');
      await store.append('org-later', [newEvent(), newEvent()], 'no_stream');

      const expected = await store.readAll({ filter: { streamPrefixes: ['org-'] } });
      await waitUntil(() => received.length >= expected.length);
      await sleep(50);
      expect(expected).toHaveLength(13 * 2 + 1 + 2);
      expect(received).toEqual(expected);
    });

    it('scan a long catch-up with a small page cache, and give the cache back its size once caught up', async () => {
      const store = open({ subscriptionPageSize: 2 });
      await store.appendMany(range(40).map((index) => ({ stream: `org-${index}`, events: [newEvent()], expectedRevision: 'no_stream' as const })));
      const fullCache = store.stats().pageCacheKiB;
      const cacheSeen: number[] = [];
      let caughtUp = false;
      store.subscribeToAll({}, { onEvent: () => void cacheSeen.push(store.stats().pageCacheKiB), onCaughtUp: () => (caughtUp = true) });
      await waitUntil(() => caughtUp);

      expect(fullCache).toBe(65_536);
      // The first 8 pages (16 events) are read as any short catch-up; from the 9th on, as a scan.
      expect(cacheSeen.slice(0, 16)).toEqual(Array(16).fill(fullCache));
      expect(cacheSeen.slice(16)).toEqual(Array(24).fill(2_048));
      expect(store.stats().pageCacheKiB).toBe(fullCache);

      // A short catch-up of a live subscriber leaves the cache alone.
      const shortSeen: number[] = [];
      const thirdLast = (await store.readAll({ direction: 'backwards', maxCount: 3 }))[2]!.position;
      store.subscribeToAll({ fromPosition: thirdLast }, { onEvent: () => void shortSeen.push(store.stats().pageCacheKiB) });
      await waitUntil(() => shortSeen.length === 2);
      expect(shortSeen).toEqual([fullCache, fullCache]);
    });

    it('give the page cache back its size when a scanning subscription stops', async () => {
      const store = open({ subscriptionPageSize: 1 });
      await store.appendMany(range(20).map((index) => ({ stream: `org-${index}`, events: [newEvent()], expectedRevision: 'no_stream' as const })));
      let seen = 0;
      let resume!: () => void;
      const paused = new Promise<void>((resolve) => (resume = resolve));
      // Delivery waits on the 12th event: the scan is under way and cannot finish meanwhile.
      const subscription = store.subscribeToAll({}, { onEvent: () => (++seen === 12 ? paused : undefined) });
      await waitUntil(() => seen === 12);
      expect(store.stats().pageCacheKiB).toBe(2_048);

      await subscription.unsubscribe();
      resume();
      await sleep(20);

      expect(store.stats().pageCacheKiB).toBe(65_536);
    });

    it('stop with the store: close ends delivery and releases the poll timer', async () => {
      const store = open();
      const received: RecordedEvent[] = [];
      store.subscribeToAll({}, { onEvent: (event) => void received.push(event) });
      await store.append('org-1', [newEvent()], 'no_stream');
      await waitUntil(() => received.length === 1);
      expect(store.stats().liveSubscriptions).toBe(1);

      await store.close();

      expect(store.stats().liveSubscriptions).toBe(0);
    });
  });

  describe('stream marks (what may have changed a stream, without reading it)', () => {
    it('count this instance’s own writes per stream, and leave the external part alone for them', async () => {
      const store = open();
      const before = store.streamMark('org-1');

      await store.append('org-1', [newEvent(), newEvent()], 'no_stream');
      await store.appendMany([{ stream: 'org-1', events: [newEvent()], expectedRevision: 1 }, { stream: 'org-2', events: [newEvent()], expectedRevision: 'no_stream' }]);

      expect(store.streamMark('org-1')).toEqual({ external: before.external, writtenHere: 3 });
      expect(store.streamMark('org-2')).toEqual({ external: before.external, writtenHere: 1 });
      expect(store.streamMark('org-3')).toEqual({ external: before.external, writtenHere: 0 });
    });

    it('move the external part when another connection commits, whatever it changed', async () => {
      const store = open();
      const other = open();
      await store.append('org-1', [newEvent()], 'no_stream');
      const before = store.streamMark('org-1');

      await other.append('org-2', [newEvent()], 'no_stream');
      const afterAppend = store.streamMark('org-1');
      const db = new Database(path);
      db.prepare("DELETE FROM events WHERE stream = 'org-1'").run();
      db.close();
      const afterDelete = store.streamMark('org-1');

      expect(afterAppend.external).not.toBe(before.external);
      expect(afterDelete.external).not.toBe(afterAppend.external);
      expect(afterDelete.writtenHere).toBe(before.writtenHere);
    });

    it('tell an append this instance wrote from an idempotent answer, which writes nothing', async () => {
      const store = open();
      const event = newEvent();
      const written = await store.append('org-1', [event], 'no_stream');

      const retried = await store.append('org-1', [event], 'no_stream');

      expect(retried).toEqual(written);
      expect(store.wroteAppend(written)).toBe(true);
      expect(store.wroteAppend(retried)).toBe(false);
      expect(store.streamMark('org-1').writtenHere).toBe(1);
    });

    it('say nothing of appendMany results, which no one asks about', async () => {
      const store = open();

      const [result] = await store.appendMany([{ stream: 'org-1', events: [newEvent()], expectedRevision: 'no_stream' }]);

      expect(store.wroteAppend(result!)).toBe(false);
      expect(store.streamMark('org-1').writtenHere).toBe(1);
    });

    it('count nothing for an append refused for its expected revision', async () => {
      const store = open();
      await store.append('org-1', [newEvent()], 'no_stream');

      await expect(store.append('org-1', [newEvent()], 'no_stream')).rejects.toBeInstanceOf(WrongExpectedRevisionError);

      expect(store.streamMark('org-1').writtenHere).toBe(1);
    });
  });

  describe('several processes on one file', () => {
    it('lets exactly one of two processes win each race for the same expected revision', async () => {
      const rounds = 20;
      const seed = open();
      for (const round of range(rounds)) await seed.append(`race-${round}`, [newEvent()], 'no_stream');
      await seed.close();
      const barrier = join(dir, 'barrier');
      await mkdir(barrier);

      const workers = ['a', 'b'].map((id) => finished(startScript('race-appender.ts', [path, id, barrier, String(rounds), '50']), 20_000));
      await waitUntil(async () => (await readdir(barrier)).filter((name) => name.startsWith('ready-')).length === 2, 15_000);
      // Written whole, then renamed: a worker never reads a half-written start time.
      await writeFile(join(barrier, 'go.tmp'), String(Date.now() + 100));
      await rename(join(barrier, 'go.tmp'), join(barrier, 'go'));
      const [a, b] = await Promise.all(workers);

      expect(a?.code, a?.stderr).toBe(0);
      expect(b?.code, b?.stderr).toBe(0);
      const linesA = jsonLines<{ round: number; outcome: string; startedAt: number }>(a!.stdout);
      const linesB = jsonLines<{ round: number; outcome: string; startedAt: number }>(b!.stdout);
      expect(linesA).toHaveLength(rounds);
      expect(linesB).toHaveLength(rounds);
      for (const round of range(rounds)) {
        const outcomes = [linesA[round]!.outcome, linesB[round]!.outcome].sort();
        expect(outcomes, `round ${round}`).toEqual(['won', 'wrong-expected-revision']);
      }
      const store = open();
      for (const round of range(rounds)) expect((await store.readStream(`race-${round}`)).map((event) => event.revision)).toEqual([0, 1]);
      // The barrier lines the two processes up: rounds that start within a few ms of each
      // other are real races (an append takes longer than that), and a busy machine may spoil a few.
      const startGaps = range(rounds).map((round) => Math.abs(linesA[round]!.startedAt - linesB[round]!.startedAt));
      expect(startGaps.filter((gap) => gap <= 5).length, `start gaps ${startGaps.join(', ')} ms`).toBeGreaterThanOrEqual(rounds / 4);
    }, 30_000);

    it('delivers to a live subscription, within a second, an event another process appended', async () => {
      const store = open();
      await store.append('org-1', [newEvent()], 'no_stream');
      const arrivals: { event: RecordedEvent; at: number }[] = [];
      let caughtUp = false;
      store.subscribeToAll(
        { filter: { streamPrefixes: ['elsewhere-'] } },
        { onEvent: (event) => void arrivals.push({ event, at: Date.now() }), onCaughtUp: () => (caughtUp = true) },
      );
      await waitUntil(() => caughtUp);
      const eventId = randomUUID();

      const child = await runScript('append-once.ts', [path, 'elsewhere-1', eventId]);

      expect(child.code, child.stderr).toBe(0);
      const [{ position, committedAt }] = jsonLines<{ position: string; committedAt: number }>(child.stdout) as [{ position: string; committedAt: number }];
      await waitUntil(() => arrivals.length === 1, 2_000);
      expect(arrivals[0]!.event).toMatchObject({ eventId, stream: 'elsewhere-1', revision: 0, position: BigInt(position) });
      expect(arrivals[0]!.at - committedAt).toBeLessThan(1_000);
    }, 20_000);

    type Acknowledged = { stream: string; eventId: string; revision: number; logRestarts?: number };
    const killedWhileAppending = async (mode: string[], killWhen: (acknowledgedSoFar: number, last: Acknowledged) => boolean) => {
      const acknowledged: Acknowledged[] = [];
      const child = startScript('append-until-killed.ts', [path, ...mode]);
      const exit = finished(child, 20_000);
      let killed = false;
      onStdoutLine(child, (line) => {
        acknowledged.push(JSON.parse(line) as Acknowledged);
        if (!killed && killWhen(acknowledged.length, acknowledged.at(-1)!)) {
          killed = true;
          child.kill('SIGKILL');
        }
      });

      const outcome = await exit;

      expect(outcome.signal, outcome.stderr).toBe('SIGKILL');
      expect(killed).toBe(true);
      const store = open();
      for (const ack of acknowledged) {
        expect(await store.findEvent(ack.stream, ack.eventId), `${ack.stream}@${ack.revision}`).toMatchObject({ revision: ack.revision });
      }
    };

    it('keeps every acknowledged append when the writing process is killed', async () => {
      await killedWhileAppending([], (acknowledgedSoFar) => acknowledgedSoFar === 200);
    }, 20_000);

    it('keeps every acknowledged append when the process is killed while a worker checkpoints its log', async () => {
      // Killed only once the worker has copied part of the log into the file: how soon
      // its thread starts and first checkpoints depends on how busy the machine is.
      // (killedWhileAppending fails unless the kill happened.) The file is not read alone
      // again after the kill: a checkpoint cut short leaves it inconsistent without its log,
      // which is what the log is for, and a second look could count nothing.
      let copiedWhenKilled = 0;
      await killedWhileAppending(['checkpoints-on-worker'], (acknowledgedSoFar) => {
        if (acknowledgedSoFar < 500 || acknowledgedSoFar % 50 !== 0) return false;
        copiedWhenKilled = inMainFile();
        return copiedWhenKilled > 0;
      });
      expect(copiedWhenKilled).toBeGreaterThan(0);
    }, 25_000);

    it('keeps every acknowledged append when the process is killed while its log is restarted again and again', async () => {
      // The child's log passes 16 KiB every few commits; killed once it was started afresh a few times.
      let restartsWhenKilled = 0;
      await killedWhileAppending(['log-restarts'], (acknowledgedSoFar, last) => {
        restartsWhenKilled = last.logRestarts ?? 0;
        return acknowledgedSoFar >= 300 && restartsWhenKilled >= 3;
      });
      expect(restartsWhenKilled).toBeGreaterThanOrEqual(3);
    }, 25_000);

    it('does not keep a process alive with its subscription timers', async () => {
      const child = await runScript('subscribe-and-exit.ts', [path], 10_000);

      expect(child.code, child.stderr).toBe(0);
      expect(jsonLines(child.stdout)).toEqual([{ received: true, liveSubscriptions: 1 }]);
    }, 15_000);
  });
});

async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(10);
  }
}
