import { statSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppendManyError, StoreMovedError, StoreUnavailableError, type BulkAppendSession, type StreamAppend } from '../../src/store/event-store.js';
import { SqliteEventStore } from '../../src/store/sqlite-event-store.js';
import { tempDir } from '../support/temp-dir.js';
import { newEvent } from './event-store-conformance.js';

let tmp: ReturnType<typeof tempDir>;
let store: SqliteEventStore;
beforeEach(() => {
  tmp = tempDir('concord-bulk-');
  store = SqliteEventStore.open(tmp.file('events.db'));
});
afterEach(async () => {
  await store.close();
  tmp.remove();
});

function begin(target: SqliteEventStore, head: bigint | undefined): Promise<BulkAppendSession> {
  const session = target.beginBulkAppend(head);
  if (!session) throw new Error('a file store offers a bulk append');
  return session;
}

const appendsOf = (stream: string, count: number, from = 0): StreamAppend[] =>
  Array.from({ length: count }, (_, i) => ({ stream, events: [newEvent('Noted', { n: from + i })], expectedRevision: from + i === 0 ? 'no_stream' : from + i - 1 }));

/** What another connection (another process, say) sees of the file. */
async function seenElsewhere(): Promise<number> {
  const other = SqliteEventStore.open(tmp.file('events.db'));
  try {
    return (await other.readAll()).length;
  } finally {
    await other.close();
  }
}

describe('a bulk append on SQLite', () => {
  it('writes batch after batch in one transaction: nothing visible until the commit, then all, in order and durable', async () => {
    const session = await begin(store, undefined);
    await session.write(appendsOf('a', 3));
    await session.write([...appendsOf('a', 2, 3), ...appendsOf('b', 2)]);
    expect(await seenElsewhere()).toBe(0);

    await session.commit();

    const events = await store.readAll();
    expect(events.map((e) => [e.stream, e.revision, (e.data as { n: number }).n])).toEqual([
      ['a', 0, 0], ['a', 1, 1], ['a', 2, 2], ['a', 3, 3], ['a', 4, 4], ['b', 0, 0], ['b', 1, 1],
    ]);
    expect(await seenElsewhere()).toBe(7);
    // and copied from the log into the database file, the log emptied
    expect(statSync(tmp.file('events.db-wal'), { throwIfNoEntry: false })?.size ?? 0).toBe(0);
    expect(statSync(tmp.file('events.db')).size).toBeGreaterThan(0);
  });

  it('leaves nothing behind when rolled back', async () => {
    const session = await begin(store, undefined);
    await session.write(appendsOf('a', 5));
    await session.rollBack();
    expect(await store.readAll()).toEqual([]);
    // and the lock is free again: the store appends as before
    await store.append('a', [newEvent('Noted', { n: 0 })], 'no_stream');
    expect(await seenElsewhere()).toBe(1);
  });

  it('refuses an append at a wrong revision as appendMany does, naming it; the commit then rolls everything back', async () => {
    const session = await begin(store, undefined);
    await session.write(appendsOf('a', 2));
    const refused = session.write([...appendsOf('b', 1), { stream: 'a', events: [newEvent('Noted', { n: 9 })], expectedRevision: 5 }]);
    await expect(refused).rejects.toSatisfy((error: unknown) => {
      expect(error).toBeInstanceOf(AppendManyError);
      const e = error as AppendManyError;
      expect([e.index, e.stream, (e.cause as { code?: string }).code]).toEqual([1, 'a', 'wrong-expected-revision']);
      expect(e.cause.message).toContain('expected revision 5, but the stream is at 1');
      return true;
    });
    await expect(session.write(appendsOf('c', 1))).rejects.toBeInstanceOf(AppendManyError);
    await expect(session.commit()).rejects.toBeInstanceOf(AppendManyError);
    expect(await store.readAll()).toEqual([]);
  });

  it('answers every batch sent after a refused one (refused in turn), so a caller waiting on all of them is not left waiting', async () => {
    const session = await begin(store, undefined);
    const refused = session.write([{ stream: 'a', events: [newEvent('Noted', {})], expectedRevision: 3 }]);
    const after = session.write(appendsOf('b', 2));
    const settled = await Promise.allSettled([refused, after]);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    expect((settled[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'bulk-append-broken' });
    await expect(session.commit()).rejects.toMatchObject({ code: 'append-many-failed' });
    expect(await store.readAll()).toEqual([]);
  });

  it('refuses a bad event before it leaves the caller', async () => {
    const session = await begin(store, undefined);
    const bad = session.write([{ stream: 'a', events: [{ ...newEvent('Noted', {}), eventId: '' }], expectedRevision: 'any' }]);
    await expect(bad).rejects.toMatchObject({ code: 'append-many-failed', index: 0, cause: { code: 'invalid-append' } });
    await session.rollBack();
    expect(await store.readAll()).toEqual([]);
  });

  it('fails with store-moved, writing nothing, when the log moved past the head its caller planned against', async () => {
    await store.append('a', [newEvent('Noted', { n: 0 })], 'no_stream');
    await expect(begin(store, undefined)).rejects.toBeInstanceOf(StoreMovedError);
    const head = await store.headPosition();
    const session = await begin(store, head);
    await session.write(appendsOf('a', 1, 1));
    await session.commit();
    expect((await store.readAll()).map((e) => e.revision)).toEqual([0, 1]);
  });

  it('holds the write lock until it ends: another writer past its busy timeout is refused meanwhile, then goes on', async () => {
    const session = await begin(store, undefined);
    await session.write(appendsOf('a', 1));
    const other = SqliteEventStore.open(tmp.file('events.db'), { busyTimeoutMs: 50 });
    try {
      await expect(other.append('b', [newEvent('Noted', { n: 0 })], 'no_stream')).rejects.toBeInstanceOf(StoreUnavailableError);
      await session.commit();
      await other.append('b', [newEvent('Noted', { n: 0 })], 'no_stream');
      expect((await store.readAll()).map((e) => e.stream)).toEqual(['a', 'b']);
    } finally {
      await other.close();
    }
  });

  it('lets another store (a server beside `concord import`) wait for the lock without stopping its thread, and commit once it ends', async () => {
    const session = await begin(store, undefined);
    await session.write(appendsOf('a', 1));
    const server = SqliteEventStore.open(tmp.file('events.db'), { busyTimeoutMs: 10_000 });
    try {
      const appended = server.append('b', [newEvent('Noted', { n: 0 })], 'no_stream');
      // The session's own batches and commit need this thread's event loop: they could not
      // run if the waiting append held it.
      await session.write(appendsOf('a', 1, 1));
      expect(await server.readAll()).toHaveLength(0);
      await session.commit();
      expect((await appended).nextExpectedRevision).toBe(0);
      expect((await server.readAll()).map((e) => e.stream)).toEqual(['a', 'a', 'b']);
    } finally {
      await server.close();
    }
  });

  it('is not offered by an in-memory store (a second connection would open a database of its own)', async () => {
    const memory = SqliteEventStore.open(':memory:');
    try {
      expect(memory.beginBulkAppend(undefined)).toBeUndefined();
    } finally {
      await memory.close();
    }
  });
});
