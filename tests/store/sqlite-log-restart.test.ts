import { statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteEventStore, type SqliteEventStoreOptions } from '../../src/store/sqlite-event-store.js';
import { newEvent, range } from './event-store-conformance.js';

/**
 * The write-ahead log under commits that follow each other: SQLite starts the log
 * afresh only when a transaction begins after a checkpoint copied all of it, which a
 * checkpointing thread beside a busy writer never manages by itself.
 */
describe('SqliteEventStore: the write-ahead log under steady commits', () => {
  let dir: string;
  let path: string;
  const stores: SqliteEventStore[] = [];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'concord-log-restart-'));
    path = join(dir, 'events.sqlite');
  });

  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  function open(options: SqliteEventStoreOptions): SqliteEventStore {
    const store = SqliteEventStore.open(path, { backgroundCheckpointAfterEvents: 0, checkpointIntervalMs: 2, ...options });
    stores.push(store);
    return store;
  }

  const logBytes = () => {
    try {
      return statSync(`${path}-wal`).size;
    } catch {
      return 0;
    }
  };

  /**
   * Commits `batches` of 20 events, one after another, each awaited; the log's largest
   * size seen after a commit, counting only commits made after `restartsBefore` restarts
   * (the worker takes a while to start, and the first restart leaves the file as long as
   * it was until the next commit starts the log afresh and cuts it).
   */
  async function commitSteadily(store: SqliteEventStore, batches: number, { prefix = 'org', restartsBefore = 0 } = {}): Promise<number> {
    let largest = 0;
    for (const batch of range(batches)) {
      await store.appendMany(range(20).map((i) => ({ stream: `${prefix}-${batch}-${i}`, events: [newEvent('Tested', { batch, i, pad: 'x'.repeat(400) })], expectedRevision: 'no_stream' as const })));
      if (store.stats().logRestarts >= restartsBefore) largest = Math.max(largest, logBytes());
    }
    return largest;
  }

  it('grows for as long as the commits go on when no bound is set (why the bound exists)', async () => {
    // Checkpoints as often as in production: between two commits one rarely copies all.
    const store = open({ logRestartBytes: Infinity, checkpointIntervalMs: 250 });

    const largest = await commitSteadily(store, 400);

    expect(largest).toBeGreaterThan(4 * 1024 * 1024);
    expect(store.stats().logRestarts).toBe(0);
  }, 30_000);

  it('stays near its bound: commits wait while the worker copies the rest and starts it afresh, and nothing is lost', async () => {
    const bound = 512 * 1024;
    const store = open({ logRestartBytes: bound });

    const largest = await commitSteadily(store, 400, { restartsBefore: 2 });

    expect(store.stats().logRestarts).toBeGreaterThan(2);
    // The worker measures the log every 2 ms and the writer looks before each commit: a
    // few commits may land past the bound before it is seen.
    expect(largest).toBeLessThan(3 * bound);
    const events = await store.readAll({ maxCount: 10_000 });
    expect(events).toHaveLength(8_000);
    expect(events.map((event) => event.position)).toEqual(range(8_000).map((i) => BigInt(i + 1)));
  }, 30_000);

  it('lets the commits go on when a reader in another connection keeps the log from restarting', async () => {
    const store = open({ logRestartBytes: 64 * 1024 });
    await commitSteadily(store, 5);
    // A read transaction left open elsewhere: the log cannot start afresh under it.
    const reader = new Database(path, { readonly: true });
    reader.prepare('BEGIN').run();
    reader.prepare('SELECT count(*) FROM events').pluck().get();
    try {
      const started = performance.now();
      await commitSteadily(store, 100, { prefix: 'person' });

      expect(store.stats().logRestartsRefused).toBeGreaterThan(0);
      // Each refusal holds the commits for at most a second, and the next is asked only after five.
      expect(performance.now() - started).toBeLessThan(8_000);
      expect(await store.readAll({ maxCount: 10_000 })).toHaveLength(2_100);
    } finally {
      reader.prepare('COMMIT').run();
      reader.close();
    }
  }, 30_000);
});
