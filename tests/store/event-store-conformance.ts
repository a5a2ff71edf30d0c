import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AppendManyError,
  DuplicateEventIdError,
  WrongExpectedRevisionError,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
} from '../../src/store/event-store.js';

export interface EventStoreFixture {
  /** A store holding no events. */
  readonly store: EventStore;
  /** Closes the current store and opens the same data anew (as after a restart). */
  readonly reopen?: () => Promise<EventStore>;
  /** Closes every store the fixture opened (reopened ones included) and removes its data. */
  readonly cleanup: () => Promise<void>;
  /**
   * Set when the store cannot be emptied per test (a real server shared by the whole run):
   * the one expectation that needs an empty store is then skipped with this reason.
   */
  readonly notEmptyBecause?: string;
}

/**
 * The EventStore port's contract, stated once for every adapter. It speaks only the
 * port: stream names are unique per test and reads of all events filter on them or
 * start from the head seen before the test's appends, and positions are compared,
 * never assumed to be 1, 2, 3.
 */
export function describeEventStoreConformance(name: string, factory: () => Promise<EventStoreFixture>): void {
  describe(`${name} honours the EventStore contract`, () => {
    let fixture: EventStoreFixture;
    let store: EventStore;
    /** A prefix no other test uses; streams of this test are `${ns}-...`. */
    let ns: string;

    beforeEach(async () => {
      fixture = await factory();
      store = fixture.store;
      ns = `conformance${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    });

    afterEach(async () => {
      await fixture.cleanup();
    });

    const ownEvents = (options: { direction?: 'forwards' | 'backwards'; fromPosition?: bigint; maxCount?: number } = {}) =>
      store.readAll({ ...options, filter: { streamPrefixes: [`${ns}-`] } });

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

    describe('readStream', () => {
      it('returns the stream in revision order with every recorded field and the JSON as appended', async () => {
        const stream = `${ns}-order`;
        const first = newEvent('OrderPlaced', { lines: [{ sku: 'a-1', quantity: 2 }], note: 'été ✓ 日本', paid: false, total: 12.5, coupon: null }, { causationId: 'c-1' });
        const second = newEvent('OrderShipped', [1, 'two', { three: 3 }], { actor: { id: 'u-1' } });
        const result = await store.append(stream, [first, second], 'no_stream');

        const events = await store.readStream(stream);

        expect(events).toEqual([
          { eventId: first.eventId, stream, revision: 0, position: expect.any(BigInt), type: 'OrderPlaced', data: first.data, metadata: first.metadata },
          { eventId: second.eventId, stream, revision: 1, position: result.position, type: 'OrderShipped', data: second.data, metadata: second.metadata },
        ]);
        expect(events[0]!.position < events[1]!.position).toBe(true);
      });

      it('reads forwards from an inclusive revision, up to a maximum count', async () => {
        const stream = await appendStream(`${ns}-order`, 5);

        expect(revisions(await store.readStream(stream, { fromRevision: 2 }))).toEqual([2, 3, 4]);
        expect(revisions(await store.readStream(stream, { fromRevision: 1, maxCount: 2 }))).toEqual([1, 2]);
        expect(revisions(await store.readStream(stream, { maxCount: 3 }))).toEqual([0, 1, 2]);
        expect(await store.readStream(stream, { fromRevision: 5 })).toEqual([]);
      });

      it('reads backwards from the end or from an inclusive revision, up to a maximum count', async () => {
        const stream = await appendStream(`${ns}-order`, 5);

        expect(revisions(await store.readStream(stream, { direction: 'backwards' }))).toEqual([4, 3, 2, 1, 0]);
        expect(revisions(await store.readStream(stream, { direction: 'backwards', fromRevision: 2 }))).toEqual([2, 1, 0]);
        expect(revisions(await store.readStream(stream, { direction: 'backwards', maxCount: 2 }))).toEqual([4, 3]);
        expect(revisions(await store.readStream(stream, { direction: 'backwards', fromRevision: 3, maxCount: 2 }))).toEqual([3, 2]);
      });

      it('returns no events for a stream that does not exist', async () => {
        expect(await store.readStream(`${ns}-missing`)).toEqual([]);
        expect(await store.readStream(`${ns}-missing`, { direction: 'backwards' })).toEqual([]);
      });

      it('returns only the stream’s own events, not those of streams whose names it prefixes', async () => {
        await appendStream(`${ns}-order-1`, 2);
        await appendStream(`${ns}-order-10`, 3);

        const events = await store.readStream(`${ns}-order-1`);

        expect(events.map((event) => event.stream)).toEqual([`${ns}-order-1`, `${ns}-order-1`]);
      });
    });

    describe('readAll', () => {
      it('returns events of all streams in commit order, with strictly increasing positions', async () => {
        const results = [
          await store.append(`${ns}-a`, [newEvent(), newEvent()], 'any'),
          await store.append(`${ns}-b`, [newEvent()], 'any'),
          await store.append(`${ns}-a`, [newEvent()], 'any'),
        ];

        const events = await ownEvents();

        expect(events.map((event) => `${event.stream}@${event.revision}`)).toEqual([`${ns}-a@0`, `${ns}-a@1`, `${ns}-b@0`, `${ns}-a@2`]);
        expectStrictlyIncreasing(events.map((event) => event.position));
        expect([events[1]!.position, events[2]!.position, events[3]!.position]).toEqual(results.map((result) => result.position));
      });

      it('reads forwards from the start, or after an exclusive position', async () => {
        const headBefore = await store.headPosition();
        await appendStream(`${ns}-a`, 5);
        const all = await ownEvents();

        expect(await store.readAll({ fromPosition: headBefore })).toEqual(all);
        expect(await ownEvents({ fromPosition: all[1]!.position })).toEqual(all.slice(2));
        expect(await ownEvents({ fromPosition: all[4]!.position })).toEqual([]);
      });

      it('reads backwards from the end, or before an exclusive position', async () => {
        await appendStream(`${ns}-a`, 5);
        const all = await ownEvents();

        expect(await ownEvents({ direction: 'backwards' })).toEqual([...all].reverse());
        expect(await ownEvents({ direction: 'backwards', fromPosition: all[3]!.position })).toEqual(all.slice(0, 3).reverse());
        expect(await ownEvents({ direction: 'backwards', fromPosition: all[0]!.position })).toEqual([]);
      });

      it('stops at the maximum count in both directions', async () => {
        await appendStream(`${ns}-a`, 5);
        const all = await ownEvents();

        expect(await ownEvents({ maxCount: 2 })).toEqual(all.slice(0, 2));
        expect(await ownEvents({ fromPosition: all[0]!.position, maxCount: 2 })).toEqual(all.slice(1, 3));
        expect(await ownEvents({ direction: 'backwards', maxCount: 2 })).toEqual([all[4], all[3]]);
        expect(await ownEvents({ direction: 'backwards', fromPosition: all[4]!.position, maxCount: 2 })).toEqual([all[3], all[2]]);
      });

      it('keeps only streams with one of the given prefixes, taken literally', async () => {
        await store.append(`${ns}-org_1`, [newEvent()], 'any');
        await store.append(`${ns}-orgX1`, [newEvent()], 'any');
        await store.append(`${ns}-person-1`, [newEvent()], 'any');
        await store.append(`${ns}-meeting-1`, [newEvent()], 'any');

        const events = await store.readAll({ filter: { streamPrefixes: [`${ns}-org_`, `${ns}-person-`] } });

        expect(events.map((event) => event.stream)).toEqual([`${ns}-org_1`, `${ns}-person-1`]);
      });

      it('keeps only events of the given types, and both filters together keep what matches both', async () => {
        await store.append(`${ns}-a`, [newEvent('Registered'), newEvent('Renamed'), newEvent('Closed')], 'any');
        await store.append(`${ns}-b`, [newEvent('Renamed')], 'any');

        const byType = await store.readAll({ fromPosition: undefined, filter: { streamPrefixes: [`${ns}-`], eventTypes: ['Renamed', 'Closed'] } });
        const both = await store.readAll({ filter: { streamPrefixes: [`${ns}-b`], eventTypes: ['Renamed'] } });

        expect(byType.map((event) => `${event.stream}:${event.type}`)).toEqual([`${ns}-a:Renamed`, `${ns}-a:Closed`, `${ns}-b:Renamed`]);
        expect(both.map((event) => `${event.stream}:${event.type}`)).toEqual([`${ns}-b:Renamed`]);
      });

      it('keeps only events whose data, as JSON, contains the given text, with the other filters, bounds and counts', async () => {
        await store.append(`${ns}-a`, [newEvent('Joined', { organisationId: 'ilo', on: '2016' }), newEvent('Joined', { organisationId: 'ilo-2' })], 'any');
        await store.append(`${ns}-b`, [newEvent('Named', { name: 'The "ilo" group', note: 'ílo' }), newEvent('Joined', { organisationId: 'unesco' })], 'any');
        await store.append(`${ns}-c`, [newEvent('Joined', { members: ['x', 'ilo'] })], 'any');
        const ilo = JSON.stringify('ilo');

        const found = await store.readAll({ filter: { streamPrefixes: [`${ns}-`], dataContains: ilo } });
        // The quoted id: 'ilo-2' is left out; a name that merely holds "ilo" (escaped quotes) is not matched either.
        expect(found.map((event) => `${event.stream}:${JSON.stringify(event.data)}`)).toEqual([`${ns}-a:{"organisationId":"ilo","on":"2016"}`, `${ns}-c:{"members":["x","ilo"]}`]);
        expect(await store.readAll({ filter: { streamPrefixes: [`${ns}-`], dataContains: 'ílo' } })).toHaveLength(1);
        expect(await store.readAll({ filter: { streamPrefixes: [`${ns}-`], dataContains: ilo, eventTypes: ['Named'] } })).toEqual([]);
        // maxCount counts what matched, not what was looked at; fromPosition bounds as ever.
        expect(await store.readAll({ maxCount: 1, filter: { streamPrefixes: [`${ns}-`], dataContains: ilo } })).toEqual([found[0]]);
        expect(await store.readAll({ fromPosition: found[0]!.position, filter: { streamPrefixes: [`${ns}-`], dataContains: ilo } })).toEqual([found[1]]);
        expect(await store.readAll({ direction: 'backwards', maxCount: 1, filter: { streamPrefixes: [`${ns}-`], dataContains: ilo } })).toEqual([found[1]]);
        expect(await store.readAll({ filter: { streamPrefixes: [`${ns}-`], dataContains: '"nowhere"' } })).toEqual([]);
      });

      it('keeps nothing for an empty list of prefixes or of types', async () => {
        await appendStream(`${ns}-a`, 2);

        expect(await store.readAll({ filter: { streamPrefixes: [] } })).toEqual([]);
        expect(await store.readAll({ filter: { streamPrefixes: [`${ns}-`], eventTypes: [] } })).toEqual([]);
      });
    });

    describe('readAt', () => {
      it('returns the events at the given positions in position order, each once, as readAll returns them', async () => {
        await appendStream(`${ns}-a`, 3);
        await appendStream(`${ns}-b`, 2);
        const all = await ownEvents();

        expect(await store.readAt([all[3]!.position, all[0]!.position, all[3]!.position, all[2]!.position])).toEqual([all[0], all[2], all[3]]);
        expect(await store.readAt(all.map((event) => event.position))).toEqual(all);
      });

      it('leaves out positions at which no event is stored, and reads nothing for no positions', async () => {
        await appendStream(`${ns}-a`, 2);
        const all = await ownEvents();
        const head = (await store.headPosition())!;

        expect(await store.readAt([all[1]!.position, head + 1_000_000n])).toEqual([all[1]]);
        expect(await store.readAt([])).toEqual([]);
      });
    });

    describe('findEvent', () => {
      it('finds an event by its id within its stream', async () => {
        const stream = `${ns}-order`;
        const wanted = newEvent('Wanted', { n: 2 });
        await store.append(stream, [newEvent(), wanted, newEvent()], 'no_stream');

        const found = await store.findEvent(stream, wanted.eventId);

        expect(found).toEqual((await store.readStream(stream))[1]);
        expect(found).toMatchObject({ eventId: wanted.eventId, revision: 1, type: 'Wanted', data: { n: 2 } });
      });

      it('finds nothing for an unknown id, an id of another stream, or a missing stream', async () => {
        const elsewhere = newEvent();
        await store.append(`${ns}-order`, [newEvent()], 'no_stream');
        await store.append(`${ns}-other`, [elsewhere], 'no_stream');

        expect(await store.findEvent(`${ns}-order`, randomUUID())).toBeUndefined();
        expect(await store.findEvent(`${ns}-order`, elsewhere.eventId)).toBeUndefined();
        expect(await store.findEvent(`${ns}-missing`, elsewhere.eventId)).toBeUndefined();
      });
    });

    describe('headPosition', () => {
      it('is undefined for an empty store', async (context) => {
        if (fixture.notEmptyBecause) {
          console.log(`skipped "is undefined for an empty store": ${fixture.notEmptyBecause}`);
          context.skip(fixture.notEmptyBecause);
        }
        expect(await store.headPosition()).toBeUndefined();
        expect(await store.readAll()).toEqual([]);
      });

      it('is the position of the newest event', async () => {
        await store.append(`${ns}-a`, [newEvent(), newEvent()], 'any');
        const last = await store.append(`${ns}-b`, [newEvent()], 'any');

        expect(await store.headPosition()).toBe(last.position);
        expect((await store.readAll({ direction: 'backwards', maxCount: 1 }))[0]?.position).toBe(last.position);
      });
    });

    describe('durability', () => {
      it('still holds every acknowledged append after the store is reopened, and continues from it', async () => {
        const results = await Promise.all(range(8).map((index) => store.append(`${ns}-s${index % 3}`, [newEvent(), newEvent()], 'any')));
        const before = await ownEvents();

        const reopened = fixture.reopen ? await fixture.reopen() : store;
        store = reopened;

        expect(await ownEvents()).toEqual(before);
        expect(before).toHaveLength(16);
        for (const result of results) expect(before.some((event) => event.position === result.position)).toBe(true);
        const next = await store.append(`${ns}-s0`, [newEvent()], 5);
        expect(next.nextExpectedRevision).toBe(6);
        expect(next.position > before.at(-1)!.position).toBe(true);
      });
    });

    describe('subscribeToAll', () => {
      const subscriptions: Subscription[] = [];
      afterEach(async () => {
        await Promise.all(subscriptions.splice(0).map((subscription) => subscription.unsubscribe()));
      });

      function record(options: SubscribeOptions, onEvent?: (event: RecordedEvent) => void | Promise<void>): Recorder {
        const recorder = new Recorder(onEvent);
        recorder.subscription = store.subscribeToAll({ filter: { streamPrefixes: [`${ns}-`] }, ...options }, recorder);
        subscriptions.push(recorder.subscription);
        return recorder;
      }

      it('delivers existing events in position order, then onCaughtUp once, then events committed later', async () => {
        await appendStream(`${ns}-a`, 3);
        const existing = await ownEvents();

        const recorder = record({});
        const caughtUpAt = await recorder.caughtUp;
        expect(recorder.events).toEqual(existing);
        expect(caughtUpAt).toBe(existing[2]!.position);

        const later = await store.append(`${ns}-b`, [newEvent(), newEvent()], 'no_stream');
        await recorder.waitForCount(5);
        expect(recorder.events.slice(3).map((event) => `${event.stream}@${event.revision}`)).toEqual([`${ns}-b@0`, `${ns}-b@1`]);
        expect(recorder.events[4]!.position).toBe(later.position);
        expect(recorder.caughtUpCalls).toBe(1);
        expect(recorder.caughtUpBeforeEvent).toBe(3);
      });

      it('starts after an exclusive fromPosition', async () => {
        await appendStream(`${ns}-a`, 4);
        const existing = await ownEvents();

        const recorder = record({ fromPosition: existing[1]!.position });

        expect(await recorder.caughtUp).toBe(existing[3]!.position);
        expect(recorder.events).toEqual(existing.slice(2));
      });

      it('reports onCaughtUp with the starting position when there is nothing to deliver', async () => {
        const last = await store.append(`${ns}-a`, [newEvent(), newEvent()], 'no_stream');

        const recorder = record({ fromPosition: last.position });

        expect(await recorder.caughtUp).toBe(last.position);
        expect(recorder.events).toEqual([]);
      });

      it('delivers only events matching the filter', async () => {
        await store.append(`${ns}-org-1`, [newEvent('Registered'), newEvent('Renamed')], 'any');
        await store.append(`${ns}-person-1`, [newEvent('Renamed')], 'any');

        const recorder = record({ filter: { streamPrefixes: [`${ns}-org-`], eventTypes: ['Renamed'] } });
        await recorder.caughtUp;
        await store.append(`${ns}-person-1`, [newEvent('Renamed')], 'any');
        await store.append(`${ns}-org-2`, [newEvent('Registered'), newEvent('Renamed')], 'any');
        await recorder.waitForCount(2);

        expect(recorder.events.map((event) => `${event.stream}:${event.type}`)).toEqual([`${ns}-org-1:Renamed`, `${ns}-org-2:Renamed`]);
      });

      it('delivers only events whose data contains the text, in catch-up and live', async () => {
        await store.append(`${ns}-a`, [newEvent('Joined', { organisationId: 'ilo' }), newEvent('Joined', { organisationId: 'ilo-2' })], 'any');

        const recorder = record({ filter: { streamPrefixes: [`${ns}-`], dataContains: JSON.stringify('ilo') } });
        await recorder.caughtUp;
        await store.append(`${ns}-b`, [newEvent('Joined', { organisationId: 'unesco' }), newEvent('Left', { organisationId: 'ilo' })], 'any');
        await recorder.waitForCount(2);

        expect(recorder.events.map((event) => `${event.stream}:${event.type}`)).toEqual([`${ns}-a:Joined`, `${ns}-b:Left`]);
      });

      it('waits for the listener’s promise before delivering the next event, in catch-up and live', async () => {
        await appendStream(`${ns}-a`, 3);
        let inFlight = 0;
        let mostInFlight = 0;
        const recorder = record({}, async () => {
          inFlight += 1;
          mostInFlight = Math.max(mostInFlight, inFlight);
          await sleep(5);
          inFlight -= 1;
        });
        await recorder.caughtUp;

        await Promise.all([store.append(`${ns}-b`, [newEvent()], 'any'), store.append(`${ns}-c`, [newEvent(), newEvent()], 'any')]);
        await recorder.waitForCount(6);

        expect(mostInFlight).toBe(1);
        expect(recorder.events).toEqual(await ownEvents());
      });

      it('delivers events committed during catch-up exactly once and without gaps', async () => {
        await appendStream(`${ns}-a`, 10);
        let appendedDuringCatchUp = false;
        const recorder = record({}, async (event) => {
          if (event.revision === 4 && event.stream === `${ns}-a` && !appendedDuringCatchUp) {
            appendedDuringCatchUp = true;
            await store.append(`${ns}-b`, [newEvent(), newEvent(), newEvent()], 'no_stream');
          }
        });
        await recorder.caughtUp;
        await store.append(`${ns}-c`, [newEvent()], 'no_stream');

        await recorder.waitForCount(14);
        await sleep(50);
        expect(recorder.events).toEqual(await ownEvents());
        expectStrictlyIncreasing(recorder.events.map((event) => event.position));
      });

      it('delivers nothing more once unsubscribed', async () => {
        await appendStream(`${ns}-a`, 2);
        const recorder = record({});
        await recorder.caughtUp;
        await recorder.subscription?.unsubscribe();

        await store.append(`${ns}-a`, [newEvent()], 'any');
        const witness = record({});
        await witness.waitForCount(3);
        await sleep(100);

        expect(recorder.events).toHaveLength(2);
      });

      it('delivers nothing more once unsubscribed from within the listener, even mid catch-up', async () => {
        await appendStream(`${ns}-a`, 6);
        const recorder: Recorder = record({}, async (event) => {
          if (event.revision === 2) await recorder.subscription?.unsubscribe();
        });

        await recorder.waitForCount(3);
        await store.append(`${ns}-a`, [newEvent()], 'any');
        await sleep(100);

        expect(recorder.events.map((event) => event.revision)).toEqual([0, 1, 2]);
      });

      it('reports a failing listener to onError and stops delivering', async () => {
        await appendStream(`${ns}-a`, 3);
        const failure = new Error('projection broke');
        const recorder = record({}, (event) => {
          if (event.revision === 1) throw failure;
        });

        expect(await recorder.failed).toBe(failure);
        await store.append(`${ns}-a`, [newEvent()], 'any');
        await sleep(100);
        expect(recorder.events.map((event) => event.revision)).toEqual([0]);
      });
    });

    async function appendStream(stream: string, count: number): Promise<string> {
      await store.append(stream, range(count).map(() => newEvent()), 'no_stream');
      return stream;
    }
  });
}

/** A subscription listener that records what it receives. */
class Recorder {
  readonly events: RecordedEvent[] = [];
  subscription: Subscription | undefined;
  caughtUpCalls = 0;
  /** How many events had been delivered when onCaughtUp was called. */
  caughtUpBeforeEvent: number | undefined;
  readonly caughtUp: Promise<bigint | undefined>;
  readonly failed: Promise<Error>;
  private resolveCaughtUp!: (position: bigint | undefined) => void;
  private resolveFailed!: (error: Error) => void;

  constructor(private readonly handle?: (event: RecordedEvent) => void | Promise<void>) {
    this.caughtUp = new Promise((resolve) => (this.resolveCaughtUp = resolve));
    this.failed = new Promise((resolve) => (this.resolveFailed = resolve));
  }

  onEvent = async (event: RecordedEvent): Promise<void> => {
    await this.handle?.(event);
    this.events.push(event);
  };

  onCaughtUp = (position: bigint | undefined): void => {
    this.caughtUpCalls += 1;
    this.caughtUpBeforeEvent ??= this.events.length;
    this.resolveCaughtUp(position);
  };

  onError = (error: Error): void => {
    this.resolveFailed(error);
  };

  async waitForCount(count: number, timeoutMs = 3_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.events.length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} events within ${timeoutMs} ms, got ${this.events.length}`);
      await sleep(5);
    }
  }
}

export function newEvent(type = 'Tested', data: unknown = { at: Date.now() }, metadata: unknown = {}): NewEvent {
  return { eventId: randomUUID(), type, data, metadata };
}

export function range(count: number): number[] {
  return Array.from({ length: count }, (_, index) => index);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function revisions(events: readonly RecordedEvent[]): number[] {
  return events.map((event) => event.revision);
}

function expectStrictlyIncreasing(positions: readonly bigint[]): void {
  positions.slice(1).forEach((position, index) => expect(position > positions[index]!).toBe(true));
}

async function expectWrongRevision(
  attempt: Promise<AppendResult>,
  stream: string,
  expected: ExpectedRevision,
  actual: number | 'no_stream',
): Promise<void> {
  const error = await attempt.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(WrongExpectedRevisionError);
  expect(error).toMatchObject({ code: 'wrong-expected-revision', stream, expected, actual });
}

async function expectDuplicate(attempt: Promise<AppendResult>, stream: string, eventId: string): Promise<void> {
  const error = await attempt.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(DuplicateEventIdError);
  expect(error).toMatchObject({ code: 'duplicate-event-id', stream, eventId });
}
