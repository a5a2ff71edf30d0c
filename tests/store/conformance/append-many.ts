import { beforeEach, describe, expect, it } from 'vitest';
import { AppendManyError, DuplicateEventIdError, WrongExpectedRevisionError, type EventStore, type ExpectedRevision } from '../../../src/store/event-store.js';
import type { ConformanceScope } from './scope.js';
import { newEvent, ownEventsOf, type OwnEventsOptions } from './helpers.js';

/** appendMany: many appends at once, all or nothing, in the order given, retried as one. */
export function describeAppendMany(scope: ConformanceScope): void {
  let store: EventStore;
  let ns: string;
  beforeEach(() => {
    ({ store, ns } = scope.current());
  });
  const ownEvents = (options: OwnEventsOptions = {}) => ownEventsOf(store, ns, options);

  describe('appendMany', () => {
    it('gives the appends positions in the order given across streams, where the adapter says it keeps that order', async () => {
      const batch = ['c', 'a', 'b', 'a', 'c'].map((name, i) => ({ stream: `${ns}-${name}`, events: [newEvent('Tested', { i })], expectedRevision: 'any' as const }));

      const results = await store.appendMany(batch);

      const positions = results.map((result) => result.position);
      const ascending = positions.every((position, i) => i === 0 || position > positions[i - 1]!);
      if (store.appendManyKeepsOrder) expect(ascending).toBe(true);
      // Either way the log holds each append once, each stream's in the order given.
      expect((await ownEvents()).map((event) => (event.data as { i: number }).i).sort()).toEqual([0, 1, 2, 3, 4]);
      expect((await store.readStream(`${ns}-a`)).map((event) => (event.data as { i: number }).i)).toEqual([1, 3]);
    });

    it('appends to many streams in the order given, several appends to one stream at consecutive revisions', async () => {
      const [a, b] = [`${ns}-a`, `${ns}-b`];
      const batch = [
        { stream: a, events: [newEvent(), newEvent()], expectedRevision: 'no_stream' as const },
        { stream: b, events: [newEvent()], expectedRevision: 'any' as const },
        { stream: a, events: [newEvent()], expectedRevision: 1 },
      ];

      const results = await store.appendMany(batch);

      const [streamA, streamB] = [await store.readStream(a), await store.readStream(b)];
      expect(streamA.map((event) => event.eventId)).toEqual([...batch[0]!.events, ...batch[2]!.events].map((event) => event.eventId));
      expect(streamB.map((event) => event.eventId)).toEqual(batch[1]!.events.map((event) => event.eventId));
      expect(results).toEqual([
        { nextExpectedRevision: 1, position: streamA[1]!.position },
        { nextExpectedRevision: 0, position: streamB[0]!.position },
        { nextExpectedRevision: 2, position: streamA[2]!.position },
      ]);
    });

    it('checks each exact revision against the stream as the earlier appends of the batch leave it, naming the failing append', async () => {
      const [a, b] = [`${ns}-a`, `${ns}-b`];
      await store.append(b, [newEvent()], 'no_stream');

      const error = await store
        .appendMany([
          { stream: a, events: [newEvent()], expectedRevision: 'no_stream' },
          { stream: a, events: [newEvent()], expectedRevision: 0 },
          { stream: b, events: [newEvent()], expectedRevision: 'no_stream' },
        ])
        .catch((reason: unknown) => reason);

      expect(error).toBeInstanceOf(AppendManyError);
      expect(error).toMatchObject({ code: 'append-many-failed', index: 2, stream: b });
      expect((error as AppendManyError).cause).toBeInstanceOf(WrongExpectedRevisionError);
      expect((error as AppendManyError).cause).toMatchObject({ stream: b, expected: 'no_stream', actual: 0 });
      expect(await store.readStream(b)).toHaveLength(1);
    });

    it('answers a batch sent again with the original results and writes nothing more', async () => {
      const batch = [`${ns}-a`, `${ns}-b`, `${ns}-a`].map((stream, index) => ({ stream, events: [newEvent(), newEvent()], expectedRevision: index === 2 ? 1 : ('no_stream' as const) }));
      const original = await store.appendMany(batch);

      expect(await store.appendMany(batch)).toEqual(original);
      expect(await ownEvents()).toHaveLength(6);
    });

    it('completes a failed batch when it is sent again once the failing append is put right, every event once', async () => {
      const [a, b, c] = [`${ns}-a`, `${ns}-b`, `${ns}-c`];
      await store.append(b, [newEvent()], 'no_stream');
      const batch = [
        { stream: a, events: [newEvent()], expectedRevision: 'no_stream' as ExpectedRevision },
        { stream: b, events: [newEvent()], expectedRevision: 'no_stream' as ExpectedRevision },
        { stream: c, events: [newEvent(), newEvent()], expectedRevision: 'no_stream' as ExpectedRevision },
      ];
      await expect(store.appendMany(batch)).rejects.toBeInstanceOf(AppendManyError);

      const results = await store.appendMany(batch.map((append) => (append.stream === b ? { ...append, expectedRevision: 0 } : append)));

      expect(results.map((result) => result.nextExpectedRevision)).toEqual([0, 1, 1]);
      expect((await ownEvents()).map((event) => event.stream).sort()).toEqual([a, b, b, c, c]);
    });

    it('refuses an id stored twice in one stream across the appends of a batch', async () => {
      const stream = `${ns}-a`;
      const [first, second] = [newEvent(), newEvent()];

      const error = await store
        .appendMany([
          { stream, events: [first, second], expectedRevision: 'no_stream' },
          { stream, events: [newEvent(), second], expectedRevision: 1 },
        ])
        .catch((reason: unknown) => reason);

      expect(error).toMatchObject({ index: 1, stream });
      expect((error as AppendManyError).cause).toBeInstanceOf(DuplicateEventIdError);
      expect((await store.readStream(stream)).filter((event) => event.eventId === second.eventId).length).toBeLessThanOrEqual(1);
    });

    it('resolves an empty batch with no results', async () => {
      expect(await store.appendMany([])).toEqual([]);
    });
  });
}
