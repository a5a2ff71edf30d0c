import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { WrongExpectedRevisionError, type RecordedEvent } from '../../src/store/event-store.js';
import { newEvent, range, sleep } from './event-store-conformance.js';
import { sqliteStoreFiles, waitUntil } from './support/sqlite-store-files.js';

describe('SqliteEventStore', () => {
  const files = sqliteStoreFiles();
  const { open } = files;

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
      const db = new Database(files.path);
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

});
