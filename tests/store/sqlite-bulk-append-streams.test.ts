import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppendManyError, type BulkAppendSession, type NewEvent } from '../../src/store/event-store.js';
import { SqliteEventStore } from '../../src/store/sqlite-event-store.js';
import { tempDir } from '../support/temp-dir.js';
import { newEvent } from './event-store-conformance.js';

/**
 * A bulk append's thread keeps each stream's revision and the ids it wrote across its
 * writes (src/store/sqlite-session-streams.ts) instead of asking the file each time: the
 * answers must stay those of appendMany, write after write, from an empty log and onto
 * streams stored before the session.
 */
let tmp: ReturnType<typeof tempDir>;
let store: SqliteEventStore;
beforeEach(() => {
  tmp = tempDir('concord-bulk-streams-');
  store = SqliteEventStore.open(tmp.file('events.db'));
});
afterEach(async () => {
  await store.close();
  tmp.remove();
});

async function begin(): Promise<BulkAppendSession> {
  const session = store.beginBulkAppend(await store.headPosition());
  if (!session) throw new Error('a file store offers a bulk append');
  return session;
}

/** The refusal's append index and code, or 'written'. */
async function outcome(written: Promise<void>): Promise<'written' | [number, string | undefined]> {
  try {
    await written;
    return 'written';
  } catch (error) {
    if (!(error instanceof AppendManyError)) throw error;
    return [error.index, (error.cause as { code?: string }).code];
  }
}

const stored = async () => (await store.readAll()).map((e) => [e.stream, e.revision, e.eventId]);

describe('a bulk append remembers each stream across its writes', () => {
  let e: NewEvent[];
  beforeEach(() => {
    e = Array.from({ length: 6 }, (_, n) => newEvent('Noted', { n }));
  });

  it('from an empty log: revisions follow its own earlier writes, and an append of them again is a retry that writes nothing', async () => {
    const session = await begin();
    await session.write([{ stream: 'a', events: [e[0]!, e[1]!], expectedRevision: 'no_stream' }]);
    await session.write([{ stream: 'b', events: [e[2]!], expectedRevision: 'no_stream' }, { stream: 'a', events: [e[3]!], expectedRevision: 1 }]);
    // The same append as the first write's: the original result, nothing inserted.
    expect(await outcome(session.write([{ stream: 'a', events: [e[0]!, e[1]!], expectedRevision: 'no_stream' }]))).toBe('written');
    await session.write([{ stream: 'a', events: [e[4]!], expectedRevision: 2 }]);
    await session.commit();
    expect(await stored()).toEqual([
      ['a', 0, e[0]!.eventId], ['a', 1, e[1]!.eventId], ['b', 0, e[2]!.eventId], ['a', 2, e[3]!.eventId], ['a', 3, e[4]!.eventId],
    ]);
  });

  it('from an empty log: a stale revision and an id it wrote earlier, sent with a new one, are refused as appendMany refuses them', async () => {
    const stale = await begin();
    await stale.write([{ stream: 'a', events: [e[0]!], expectedRevision: 'no_stream' }]);
    await stale.write([{ stream: 'a', events: [e[1]!], expectedRevision: 0 }]);
    expect(await outcome(stale.write([{ stream: 'b', events: [e[2]!], expectedRevision: 'no_stream' }, { stream: 'a', events: [e[3]!], expectedRevision: 0 }]))).toEqual([1, 'wrong-expected-revision']);
    await stale.rollBack();

    const duplicate = await begin();
    await duplicate.write([{ stream: 'a', events: [e[0]!], expectedRevision: 'no_stream' }]);
    await duplicate.write([{ stream: 'b', events: [e[1]!], expectedRevision: 'no_stream' }]);
    expect(await outcome(duplicate.write([{ stream: 'a', events: [e[2]!, e[0]!], expectedRevision: 'any' }]))).toEqual([0, 'duplicate-event-id']);
    await duplicate.rollBack();
    expect(await stored()).toEqual([]);
  });

  it('onto streams stored before it: their revisions and ids are looked up, then followed', async () => {
    await store.append('a', [e[0]!, e[1]!], 'no_stream');
    const session = await begin();
    expect(await outcome(session.write([{ stream: 'a', events: [e[2]!], expectedRevision: 'no_stream' }]))).toEqual([0, 'wrong-expected-revision']);
    await session.rollBack();

    const again = await begin();
    // A retry of what was stored before the session, then new events after it.
    expect(await outcome(again.write([{ stream: 'a', events: [e[0]!, e[1]!], expectedRevision: 'no_stream' }]))).toBe('written');
    await again.write([{ stream: 'a', events: [e[2]!], expectedRevision: 1 }]);
    await again.write([{ stream: 'a', events: [e[3]!], expectedRevision: 2 }]);
    expect(await outcome(again.write([{ stream: 'a', events: [e[4]!, e[1]!], expectedRevision: 3 }]))).toEqual([0, 'duplicate-event-id']);
    await again.rollBack();

    const last = await begin();
    await last.write([{ stream: 'a', events: [e[2]!], expectedRevision: 1 }]);
    await last.write([{ stream: 'a', events: [e[3]!], expectedRevision: 'stream_exists' }]);
    await last.commit();
    expect(await stored()).toEqual([['a', 0, e[0]!.eventId], ['a', 1, e[1]!.eventId], ['a', 2, e[2]!.eventId], ['a', 3, e[3]!.eventId]]);
  });
});
