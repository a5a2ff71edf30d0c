import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeEvent } from '../../events/decode-event.js';
import { ImportRejectedError, parseDevelopmentText } from '../../src/recording/development-file.js';
import { importDevelopments, type ImportOptions, type ImportProgress } from '../../src/recording/import-developments.js';
import { AppendManyError, type EventStore } from '../../src/store/event-store.js';
import { SqliteEventStore } from '../../src/store/sqlite-event-store.js';
import { generateHistory } from '../../bench/history-generator.js';
import { syntheticHistory, toNdjson } from '../support/synthetic-history.js';
import { tempDir } from '../support/temp-dir.js';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir('concord-import-1tx-');
});
afterEach(() => tmp.remove());

const items = (developments: readonly unknown[]) => parseDevelopmentText('history.ndjson', toNdjson(developments));
const at = new Date('2026-12-01T12:00:00.000Z');
const options = (extra: Partial<ImportOptions> = {}): ImportOptions => ({ file: 'history.ndjson', recordedBy: 'tester', correlationId: 'c-1', clock: () => at, chunkSize: 40, ...extra });

async function withStore<T>(name: string, use: (store: SqliteEventStore) => Promise<T>): Promise<T> {
  const store = SqliteEventStore.open(tmp.file(name));
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

/** Everything stored but the positions (two files number alike anyway). */
async function stored(store: EventStore) {
  return (await store.readAll()).map((e) => {
    const { position: _position, ...rest } = decodeEvent(e);
    return rest;
  });
}

describe('an import in one transaction (SQLite)', () => {
  const history = syntheticHistory(30, 12, 8); // 138 developments: four chunks of 40

  it('stores exactly what an import in durable chunks stores: same events, revisions, hashes and provenance', async () => {
    const progress: ImportProgress[] = [];
    const inOne = await withStore('one.db', async (store) => {
      const summary = await importDevelopments(store, items(history), options({ writeMode: 'one-transaction', onProgress: (p) => progress.push(p) }));
      expect(summary).toEqual({ total: 138, done: 138, written: 138, alreadyPresent: 0 });
      return stored(store);
    });
    const inChunks = await withStore('chunks.db', async (store) => {
      await importDevelopments(store, items(history), options({ writeMode: 'chunks' }));
      return stored(store);
    });
    expect(inOne).toHaveLength(138);
    expect(inOne).toEqual(inChunks);
    // Written chunk by chunk, not durable; then stored all at once.
    expect(progress.map((p) => [p.staged, p.done])).toEqual([
      [40, 0], [80, 0], [120, 0], [138, 0], [0, 138],
    ]);
  });

  it('writes nothing when a development late in the file breaks a rule, though earlier chunks were already written', async () => {
    const broken = [...history, { type: 'MemberJoined', groupId: 'group-unknown', organisationId: 'org-1', on: '2012-01' }];
    await withStore('events.db', async (store) => {
      const staged: number[] = [];
      const failure = importDevelopments(store, items(broken), options({ writeMode: 'one-transaction', onProgress: (p) => staged.push(p.staged) }));
      await expect(failure).rejects.toBeInstanceOf(ImportRejectedError);
      await expect(failure).rejects.toMatchObject({ problems: [{ line: 139 }] });
      expect(Math.max(...staged)).toBeGreaterThanOrEqual(40);
      expect(await store.readAll()).toEqual([]);
      // The lock was given back: the store takes the corrected file.
      await importDevelopments(store, items(history), options({ writeMode: 'one-transaction' }));
      expect(await store.readAll()).toHaveLength(138);
    });
  });

  it('writes only what is missing on a second run, as a chunked import does, its progress counting what it found stored as it goes', async () => {
    await withStore('events.db', async (store) => {
      await importDevelopments(store, items(history.slice(0, 70)), options({ writeMode: 'one-transaction' }));
      const progress: ImportProgress[] = [];
      const again = await importDevelopments(store, items(history), options({ writeMode: 'one-transaction', chunkSize: 20, onProgress: (p) => progress.push(p) }));
      expect(again).toEqual({ total: 138, done: 138, written: 68, alreadyPresent: 70 });
      expect(await store.readAll()).toHaveLength(138);
      // The first 70 were found before anything was written: every line while writing has them, durable.
      const whileWriting = progress.filter((p) => p.staged > 0);
      expect(whileWriting.length).toBeGreaterThan(0);
      for (const p of whileWriting) expect(p).toMatchObject({ alreadyPresent: 70, done: 70, written: 0 });
    });
  });

  it('decides afresh, in chunks, when another writer committed before the session took the lock', async () => {
    await withStore('events.db', async (store) => {
      await importDevelopments(store, items(history.slice(0, 30)), options({ writeMode: 'chunks' })); // the organisations
      const other = SqliteEventStore.open(tmp.file('events.db'));
      try {
        // A store whose bulk append begins only after another connection imported the
        // first group: the head the import planned against is gone by then.
        const racing = new Proxy(store, {
          get(target, key, receiver) {
            const begin = Reflect.get(target, key, receiver) as (...args: unknown[]) => Promise<unknown>;
            if (key !== 'beginBulkAppend' && key !== 'beginChainingBulkAppend') return begin;
            return (...args: unknown[]) =>
              importDevelopments(other, items(history.slice(30, 39)), options({ writeMode: 'chunks' })).then(() => begin.apply(target, args));
          },
        });
        const summary = await importDevelopments(racing, items(history), options({ writeMode: 'one-transaction' }));
        expect(summary).toEqual({ total: 138, done: 138, written: 99, alreadyPresent: 39 });
      } finally {
        await other.close();
      }
      expect(await store.readAll()).toHaveLength(138);
    });
  });

  it('is chosen by default only from 10,000 developments on; below, durable chunks', async () => {
    await withStore('events.db', async (store) => {
      const progress: ImportProgress[] = [];
      await importDevelopments(store, items(history), options({ onProgress: (p) => progress.push(p) }));
      expect(progress.every((p) => p.staged === 0)).toBe(true);
      expect(progress.map((p) => p.done)).toEqual([0, 40, 80, 120, 138]);
    });
  });

  it('stops at a write its session refuses, naming the refused development by its line, and leaves nothing of the import', async () => {
    await withStore('events.db', async (store) => {
      let writes = 0;
      // The second write (lines 41-80) refused at its fourth append, as the thread refuses one.
      const refusing = new Proxy(store, {
        get(target, key, receiver) {
          if (key !== 'beginChainingBulkAppend') return Reflect.get(target, key, receiver) as unknown;
          return (...args: Parameters<typeof target.beginChainingBulkAppend>) =>
            target.beginChainingBulkAppend(...args)!.then((session) => ({
              write: (appends: Parameters<typeof session.write>[0]) =>
                ++writes === 2 ? Promise.reject(new AppendManyError(3, appends[3]!.stream, true, Object.assign(new Error('refused for this spec'), { code: 'refused-here' }))) : session.write(appends),
              commit: () => session.commit(),
              rollBack: () => session.rollBack(),
            }));
        },
      });
      const importing = importDevelopments(refusing, items(history), options({ writeMode: 'one-transaction' }));
      await expect(importing).rejects.toMatchObject({ code: 'refused-here', item: { item: 44, line: 44 } });
      await expect(importing).rejects.toThrow('history.ndjson line 44: refused for this spec; nothing of the import was written');
      expect(await store.readAll()).toEqual([]);
    });
  });

  it('writes 2,000 developments at a time by default, and reports progress every 10,000', async () => {
    await withStore('events.db', async (store) => {
      const large = generateHistory(24_000, 3).map((d) => JSON.stringify(d));
      const writes: number[] = [];
      const counting = new Proxy(store, {
        get(target, key, receiver) {
          if (key !== 'beginChainingBulkAppend') return Reflect.get(target, key, receiver) as unknown;
          return (...args: Parameters<typeof target.beginChainingBulkAppend>) =>
            target.beginChainingBulkAppend(...args)!.then((session) => ({
              write: (appends: Parameters<typeof session.write>[0]) => (writes.push(appends.length), session.write(appends)),
              commit: () => session.commit(),
              rollBack: () => session.rollBack(),
            }));
        },
      });
      const progress: ImportProgress[] = [];
      const summary = await importDevelopments(counting, parseDevelopmentText('large.ndjson', large.join('\n')), {
        file: 'large.ndjson',
        recordedBy: 'tester',
        correlationId: 'c-2',
        onProgress: (p) => progress.push(p),
      });
      expect(summary).toMatchObject({ total: large.length, written: large.length });
      expect(Math.max(...writes)).toBe(2_000);
      expect(writes.reduce((a, b) => a + b, 0)).toBe(large.length);
      expect(progress.map((p) => [p.staged, p.done])).toEqual([[10_000, 0], [20_000, 0], [0, large.length]]);
    });
  });
});
