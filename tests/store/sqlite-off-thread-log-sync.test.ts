import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreUnavailableError, type AppendResult, type RecordedEvent } from '../../src/store/event-store.js';
import { LogSync } from '../../src/store/sqlite-log-sync.js';
import { SqliteEventStore } from '../../src/store/sqlite-event-store.js';
import { newEvent, range, sleep } from './event-store-conformance.js';

/** fsync of a file, as LogSync does it by default. */
async function syncFile(path: string): Promise<void> {
  const sync = new LogSync(path);
  try {
    await sync.afterSync();
  } finally {
    sync.close();
  }
}

/** A sync of the log the test finishes (or fails) by hand, after really syncing it. */
class ControlledSync {
  readonly started: string[] = [];
  private readonly waiting: { resolve: () => void; reject: (error: unknown) => void }[] = [];

  readonly sync = (path: string): Promise<void> => {
    this.started.push(path);
    return new Promise<void>((resolve, reject) => this.waiting.push({ resolve: () => void syncFile(path).then(resolve, reject), reject }));
  };

  get running(): number {
    return this.waiting.length;
  }

  finish(): void {
    this.waiting.shift()!.resolve();
  }

  fail(error: unknown): void {
    this.waiting.shift()!.reject(error);
  }
}

/** Whether a promise has settled, after letting the event loop turn a few times. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('SqliteEventStore, the log synced off the thread', () => {
  let dir: string;
  let path: string;
  let control: ControlledSync;
  let store: SqliteEventStore;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'concord-log-sync-'));
    path = join(dir, 'events.sqlite');
    control = new ControlledSync();
    store = SqliteEventStore.open(path, { syncFile: control.sync });
  });

  afterEach(async () => {
    while (control.running > 0) control.finish();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Appends one event to `stream` and sees it acknowledged, finishing the sync it waits on. */
  async function appendSynced(stream: string): Promise<AppendResult> {
    const appended = store.append(stream, [newEvent()], 'any');
    while (!(await settled(appended))) if (control.running > 0) control.finish();
    return appended;
  }

  it('acknowledges an append only once a sync of the log, started after its COMMIT, has finished', async () => {
    const appended = store.append('org-a', [newEvent()], 'no_stream');

    expect(await settled(appended)).toBe(false);
    expect(store.stats().commits).toBe(1);
    expect(control.started).toEqual([`${path}-wal`]);

    control.finish();
    expect(await appended).toMatchObject({ nextExpectedRevision: 0 });
    expect(store.stats().logSyncs).toBe(1);
  });

  it('hides a committed event from every read of this store until it is synced, while another connection already sees the commit', async () => {
    const first = await appendSynced('org-a');
    const seen: RecordedEvent[] = [];
    const subscription = store.subscribeToAll({}, { onEvent: (event) => void seen.push(event) });
    const second = store.append('org-a', [newEvent()], 0);
    expect(await settled(second)).toBe(false);
    const other = SqliteEventStore.open(path, { syncLogOffThread: false });
    try {
      const secondPosition = (await other.headPosition())!;
      expect(secondPosition).toBeGreaterThan(first.position);

      expect((await store.readAll()).map((event) => event.position)).toEqual([first.position]);
      expect((await store.readAll({ direction: 'backwards' })).map((event) => event.position)).toEqual([first.position]);
      expect((await store.readStream('org-a')).map((event) => event.revision)).toEqual([0]);
      expect((await store.readStream('org-a', { direction: 'backwards', maxCount: 1 })).map((event) => event.revision)).toEqual([0]);
      expect(await store.headPosition()).toBe(first.position);
      expect(await store.readAt([first.position, secondPosition])).toHaveLength(1);
      expect(await store.readAll({ filter: { streamPrefixes: ['org-'] } })).toHaveLength(1);
      await sleep(50);
      expect(seen.map((event) => event.position)).toEqual([first.position]);

      control.finish();
      await second;
      expect((await store.readAll()).map((event) => event.position)).toEqual([first.position, secondPosition]);
      expect((await store.findEvent('org-a', (await store.readStream('org-a'))[1]!.eventId))?.position).toBe(secondPosition);
      for (let wait = 0; wait < 50 && seen.length < 2; wait++) await sleep(10);
      expect(seen.map((event) => event.position)).toEqual([first.position, secondPosition]);
    } finally {
      await subscription.unsubscribe();
      await other.close();
    }
  });

  it('shows another connection\'s commit only once this store has synced the log after it: reads wait for that sync, a subscription is woken when it ends', async () => {
    const first = await appendSynced('org-a');
    const seen: string[] = [];
    const subscription = store.subscribeToAll({}, { onEvent: (event) => void seen.push(event.stream) });
    const other = SqliteEventStore.open(path, { syncLogOffThread: false });
    try {
      await other.append('org-b', [newEvent()], 'no_stream');

      const read = store.readAll();
      expect(await settled(read)).toBe(false);
      expect(control.running).toBe(1);
      // Past the poll that notices other connections' commits (150 ms): still not delivered.
      await sleep(400);
      expect(seen).toEqual(['org-a']);
      expect(await settled(store.readAt([first.position + 1n]))).toBe(false);

      control.finish();
      expect((await read).map((event) => event.stream)).toEqual(['org-a', 'org-b']);
      for (let wait = 0; wait < 100 && seen.length < 2; wait++) {
        if (control.running > 0) control.finish();
        await sleep(10);
      }
      expect(seen).toEqual(['org-a', 'org-b']);
    } finally {
      await subscription.unsubscribe();
      await other.close();
    }
  });

  it('answers the appends committed while a sync runs with the next sync: one sync for all of them', async () => {
    const first = store.append('org-a', [newEvent()], 'no_stream');
    expect(await settled(first)).toBe(false);
    const later = range(5).map((index) => store.append(`org-${index + 1}`, [newEvent()], 'no_stream'));
    expect(await settled(Promise.all(later))).toBe(false);
    expect(store.stats().commits).toBe(2);
    expect(control.running).toBe(1);

    control.finish();
    await first;
    expect(await settled(Promise.all(later))).toBe(false);
    expect(control.running).toBe(1);
    control.finish();
    await Promise.all(later);
    expect(store.stats().logSyncs).toBe(2);
  });

  it('commits the first half of a large flush apart while no sync runs, neither half beyond maxAppendsPerCommit', async () => {
    await store.close();
    store = SqliteEventStore.open(path, { syncFile: control.sync, maxAppendsPerCommit: 5 });
    const appended = range(24).map((index) => store.append(`org-${index}`, [newEvent()], 'no_stream'));
    while (!(await settled(Promise.all(appended)))) if (control.running > 0) control.finish();

    // The first half (12) capped at 5, committed apart; then groups of 5, 5, 5 and 4.
    expect(store.stats()).toMatchObject({ commits: 5, largestGroup: 5, appendsAcknowledged: 24 });
    expect(await store.readAll()).toHaveLength(24);
  });

  it('refuses, once a sync fails, the appends waiting on it and every later one, naming the log and the cause; their events stay hidden', async () => {
    const kept = await appendSynced('org-a');
    const waiting = store.append('org-b', [newEvent()], 'no_stream');
    expect(await settled(waiting)).toBe(false);

    control.fail(Object.assign(new Error('input/output error'), { code: 'EIO' }));

    const refusal = await waiting.then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(StoreUnavailableError);
    expect((refusal as Error).message).toContain(`${path}-wal`);
    expect((refusal as Error).message).toContain('EIO');
    await expect(store.append('org-c', [newEvent()], 'no_stream')).rejects.toBe(refusal);
    expect((await store.readAll()).map((event) => event.position)).toEqual([kept.position]);
    expect(store.stats().appendsRejected).toBe(2);
  });

  it('waits, when closed, for the last sync before closing the file; the appends still queued are committed and acknowledged', async () => {
    const appended = store.append('org-a', [newEvent()], 'no_stream');
    const queued = store.append('org-b', [newEvent()], 'no_stream');
    const closing = store.close();
    expect(await settled(closing)).toBe(false);

    while (control.running > 0) control.finish();
    await closing;
    await expect(Promise.all([appended, queued])).resolves.toHaveLength(2);
    const reopened = SqliteEventStore.open(path);
    try {
      expect(await reopened.readAll()).toHaveLength(2);
    } finally {
      await reopened.close();
    }
  });
});
