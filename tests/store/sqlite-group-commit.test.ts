import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { AppendManyError, StoreUnavailableError, WrongExpectedRevisionError } from '../../src/store/event-store.js';
import { InvalidAppendError } from '../../src/store/sqlite-event-rows.js';
import { newEvent, range, sleep } from './event-store-conformance.js';
import { sqliteStoreFiles } from './support/sqlite-store-files.js';

describe('SqliteEventStore', () => {
  const files = sqliteStoreFiles();
  const { open } = files;

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
      const other = new Database(files.path);
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
      const other = new Database(files.path);
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
      const other = new Database(files.path);
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

});
