import { beforeEach, describe, expect, it } from 'vitest';
import { DuplicateEventIdError, WrongExpectedRevisionError, type EventStore, type ExpectedRevision } from '../../../src/store/event-store.js';
import type { ConformanceScope } from './scope.js';
import { expectDuplicate, expectWrongRevision, newEvent, range } from './helpers.js';

/** Appends: expected revisions and idempotent retries (appendMany: append-many.ts). */
export function describeWrites(scope: ConformanceScope): void {
  let store: EventStore;
  let ns: string;
  beforeEach(() => {
    ({ store, ns } = scope.current());
  });

  describe('append with an expected revision', () => {
    it('starts a stream at revision 0 and answers the revision and position of the last event written', async () => {
      const stream = `${ns}-order`;
      const result = await store.append(stream, [newEvent(), newEvent(), newEvent()], 'no_stream');

      const events = await store.readStream(stream);
      expect(events.map((event) => event.revision)).toEqual([0, 1, 2]);
      expect(result).toEqual({ nextExpectedRevision: 2, position: events[2]!.position });
      expect(typeof result.position).toBe('bigint');
    });

    it("accepts 'no_stream' only while the stream has no events", async () => {
      const stream = `${ns}-order`;
      await store.append(stream, [newEvent()], 'no_stream');

      await expectWrongRevision(store.append(stream, [newEvent()], 'no_stream'), stream, 'no_stream', 0);
    });

    it("accepts 'stream_exists' only once the stream has events", async () => {
      const stream = `${ns}-order`;
      await expectWrongRevision(store.append(stream, [newEvent()], 'stream_exists'), stream, 'stream_exists', 'no_stream');
      await store.append(stream, [newEvent()], 'any');

      const result = await store.append(stream, [newEvent()], 'stream_exists');

      expect(result.nextExpectedRevision).toBe(1);
    });

    it("accepts 'any' whether or not the stream exists", async () => {
      const stream = `${ns}-order`;
      expect((await store.append(stream, [newEvent()], 'any')).nextExpectedRevision).toBe(0);
      expect((await store.append(stream, [newEvent(), newEvent()], 'any')).nextExpectedRevision).toBe(2);
    });

    it('accepts a number only when it is the revision of the stream’s last event', async () => {
      const stream = `${ns}-order`;
      await store.append(stream, [newEvent(), newEvent()], 'no_stream');

      await expectWrongRevision(store.append(stream, [newEvent()], 0), stream, 0, 1);
      await expectWrongRevision(store.append(stream, [newEvent()], 2), stream, 2, 1);
      const result = await store.append(stream, [newEvent()], 1);

      expect(result.nextExpectedRevision).toBe(2);
    });

    it('reports no_stream as the actual revision when a number is expected of a missing stream', async () => {
      const stream = `${ns}-order`;
      await expectWrongRevision(store.append(stream, [newEvent()], 0), stream, 0, 'no_stream');
    });

    it('writes nothing when the expected revision does not match', async () => {
      const stream = `${ns}-order`;
      const before = await store.append(stream, [newEvent()], 'no_stream');

      await expect(store.append(stream, [newEvent(), newEvent(), newEvent()], 5)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      await expect(store.append(`${ns}-other`, [newEvent(), newEvent()], 'stream_exists')).rejects.toBeInstanceOf(WrongExpectedRevisionError);

      expect(await store.readStream(stream)).toHaveLength(1);
      expect(await store.readStream(`${ns}-other`)).toEqual([]);
      expect(await store.headPosition()).toBe(before.position);
    });

    it('keeps the events of one append together and in order when appends to one stream race', async () => {
      const stream = `${ns}-order`;
      const batches = Array.from({ length: 4 }, () => [newEvent(), newEvent(), newEvent()]);

      const results = await Promise.all(batches.map((batch) => store.append(stream, batch, 'any')));

      const events = await store.readStream(stream);
      expect(events.map((event) => event.revision)).toEqual(range(12));
      batches.forEach((batch, index) => {
        const last = results[index]!.nextExpectedRevision;
        const written = events.slice(last - 2, last + 1);
        expect(written.map((event) => event.eventId)).toEqual(batch.map((event) => event.eventId));
        expect(written[2]!.position).toBe(results[index]!.position);
        expect(written[0]!.position < written[1]!.position && written[1]!.position < written[2]!.position).toBe(true);
      });
    });

    it('rejects an append without events', async () => {
      await expect(store.append(`${ns}-order`, [], 'any')).rejects.toThrow();
      expect(await store.readStream(`${ns}-order`)).toEqual([]);
    });
  });

  describe('idempotent append', () => {
    it('answers a retried append with the original result and writes nothing, whatever it expects', async () => {
      const stream = `${ns}-order`;
      const events = [newEvent(), newEvent()];
      const original = await store.append(stream, events, 'no_stream');
      await store.append(stream, [newEvent()], 1);

      for (const expected of ['no_stream', 'stream_exists', 'any', 0, 1, 2, 9] satisfies ExpectedRevision[]) {
        expect(await store.append(stream, events, expected)).toEqual(original);
      }
      expect(await store.readStream(stream)).toHaveLength(3);
    });

    it('recognises a retry of any consecutive run of events already in the stream', async () => {
      const stream = `${ns}-order`;
      const [a, b, c] = [newEvent(), newEvent(), newEvent()];
      await store.append(stream, [a, b, c], 'no_stream');
      const [, storedB, storedC] = await store.readStream(stream);

      expect(await store.append(stream, [b], 'no_stream')).toEqual({ nextExpectedRevision: 1, position: storedB!.position });
      expect(await store.append(stream, [b, c], 0)).toEqual({ nextExpectedRevision: 2, position: storedC!.position });
      expect(await store.readStream(stream)).toHaveLength(3);
    });

    it('rejects with DuplicateEventIdError, writing nothing, when only some of the ids are in the stream', async () => {
      const stream = `${ns}-order`;
      const stored = newEvent();
      await store.append(stream, [stored], 'no_stream');
      const fresh = newEvent();

      await expectDuplicate(store.append(stream, [fresh, stored], 'any'), stream, stored.eventId);
      await expectDuplicate(store.append(stream, [stored, fresh], 0), stream, stored.eventId);

      expect(await store.findEvent(stream, fresh.eventId)).toBeUndefined();
      expect(await store.readStream(stream)).toHaveLength(1);
    });

    it('rejects ids that are all in the stream but not consecutive or not in the same order', async () => {
      const stream = `${ns}-order`;
      const [a, b, c] = [newEvent(), newEvent(), newEvent()];
      await store.append(stream, [a, b, c], 'no_stream');

      await expect(store.append(stream, [a, c], 'any')).rejects.toBeInstanceOf(DuplicateEventIdError);
      await expect(store.append(stream, [c, b], 'any')).rejects.toBeInstanceOf(DuplicateEventIdError);
      expect(await store.readStream(stream)).toHaveLength(3);
    });

    it('never stores one event id twice in a stream, not even from a single append', async () => {
      const stream = `${ns}-order`;
      const event = newEvent();

      await expect(store.append(stream, [event, { ...event, type: 'Other' }], 'any')).rejects.toBeInstanceOf(DuplicateEventIdError);
      expect(await store.readStream(stream)).toEqual([]);
    });

    it('lets the same event id occur in different streams', async () => {
      const event = newEvent();
      await store.append(`${ns}-one`, [event], 'no_stream');
      await store.append(`${ns}-two`, [event], 'no_stream');

      expect((await store.findEvent(`${ns}-one`, event.eventId))?.stream).toBe(`${ns}-one`);
      expect((await store.findEvent(`${ns}-two`, event.eventId))?.stream).toBe(`${ns}-two`);
    });
  });
}
