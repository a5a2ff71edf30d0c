import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventStore, RecordedEvent, SubscribeOptions, Subscription } from '../../../src/store/event-store.js';
import type { ConformanceScope } from './scope.js';
import { appendStreamTo, expectStrictlyIncreasing, newEvent, ownEventsOf, range, sleep, type OwnEventsOptions } from './helpers.js';

/** subscribeToAll: catching up, going live, filters, resuming from a position, failures of the listener. */
export function describeSubscriptions(scope: ConformanceScope): void {
  let store: EventStore;
  let ns: string;
  beforeEach(() => {
    ({ store, ns } = scope.current());
  });
  const ownEvents = (options: OwnEventsOptions = {}) => ownEventsOf(store, ns, options);
  const appendStream = (stream: string, count: number) => appendStreamTo(store, stream, count);

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
