import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeEvent } from '../../events/decode-event.js';
import { loadSeed } from '../../src/recording/load-seed.js';
import { SqliteEventStore } from '../../src/store/sqlite-event-store.js';
import { tempDir } from '../support/temp-dir.js';

let tmp: ReturnType<typeof tempDir>;
let store: SqliteEventStore;
beforeEach(() => {
  tmp = tempDir();
  store = SqliteEventStore.open(tmp.file('seed.db'));
});
afterEach(async () => {
  await store.close();
  tmp.remove();
});

describe('the seed data set', () => {
  it('loads whole, every event valid, with its provenance', async () => {
    const summary = await loadSeed(store);
    expect(summary).toMatchObject({ total: 36, written: 36, alreadyPresent: 0 });
    const events = (await store.readAll()).map(decodeEvent);
    expect(events.map((e) => e.metadata.importedFrom?.file)).toEqual(Array(36).fill('seed/iag-tvet-2023-12.json'));
  });

  it('loading it again adds nothing and fails nothing', async () => {
    await loadSeed(store);
    const head = await store.headPosition();
    expect(await loadSeed(store)).toMatchObject({ total: 36, written: 0, alreadyPresent: 36 });
    expect(await store.headPosition()).toBe(head);
  });

  it('records the inferred year and the as-of dates in the source notes', async () => {
    await loadSeed(store);
    const events = (await store.readAll()).map(decodeEvent);
    const meeting = events.find((e) => e.development.type === 'MeetingHeld' && e.stream === 'meeting-iag-tvet-meeting-2023-12-07')!;
    const note = (meeting.development.data as { sources: { note?: string }[] }).sources[0]!.note!;
    expect(note).toContain('2023 is inferred');
    const joins = events.filter((e) => e.development.type === 'MemberJoined');
    expect(joins.every((e) => (e.development.data as { on: string }).on === '../2023-12-07')).toBe(true);
  });
});
