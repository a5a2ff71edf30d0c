import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../src/store/event-store.js';
import { LogSync } from '../../src/store/sqlite-log-sync.js';
import { loadConfig } from '../../src/config.js';
import { openEventStore } from '../../src/store/open-event-store.js';
import { SqliteEventStore } from '../../src/store/sqlite-event-store.js';
import { newEvent, range } from './event-store-conformance.js';

/** A fresh folder for each test of the enclosing block, removed after it: call inside `describe`. */
function tempFolderPerTest(prefix: string): () => string {
  let dir: string | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix));
  });
  afterEach(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });
  return () => dir!;
}

describe('LogSync, syncing by default through a descriptor of its own', () => {
  const folder = tempFolderPerTest('concord-sync-file-');

  it('syncs a file that exists, again and again, and refuses for good, naming the file and the cause, one that does not', async () => {
    const dir = folder();
    const file = join(dir, 'log');
    await writeFile(file, 'frames');
    const sync = new LogSync(file);
    await Promise.all([sync.afterSync(), sync.afterSync()]);
    await sync.afterSync();
    expect(sync.completed).toBe(3);
    sync.close();

    const missing = new LogSync(join(dir, 'missing'));
    await expect(missing.afterSync()).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(missing.failed?.message).toContain(join(dir, 'missing'));
    expect(missing.failed?.message).toContain('ENOENT');
    await expect(missing.afterSync()).rejects.toBe(missing.failed);
  });

  it('is what a store uses by default, once per group of commits, and what it wrote survives a reopen', async () => {
    const path = join(folder(), 'events.sqlite');
    const store = SqliteEventStore.open(path);
    await Promise.all(range(20).map((index) => store.append(`org-${index}`, [newEvent()], 'no_stream')));
    const { commits, logSyncs } = store.stats();
    await store.close();
    expect(existsSync(`${path}-wal`) || existsSync(path)).toBe(true);
    expect(logSyncs).toBeGreaterThanOrEqual(1);
    expect(logSyncs).toBeLessThanOrEqual(commits);
    const reopened = SqliteEventStore.open(path);
    try {
      expect(await reopened.readAll()).toHaveLength(20);
    } finally {
      await reopened.close();
    }
  });
});

describe('openEventStore, CONCORD_SQLITE_SYNC', () => {
  const folder = tempFolderPerTest('concord-sync-config-');

  it.each([
    { setting: undefined, syncs: 'the log off the thread', offThread: true },
    { setting: 'in-commit', syncs: 'inside each COMMIT', offThread: false },
  ] as const)('with $setting syncs $syncs', async ({ setting, offThread }) => {
    const config = loadConfig({ CONCORD_SQLITE_PATH: join(folder(), 'events.sqlite'), ...(setting ? { CONCORD_SQLITE_SYNC: setting } : {}) });
    const store = (await openEventStore(config)) as SqliteEventStore;
    try {
      await store.append('org-a', [newEvent()], 'no_stream');
      expect(store.stats().logSyncs > 0).toBe(offThread);
    } finally {
      await store.close();
    }
  });
});
