import {
  AppendManyError,
  DuplicateEventIdError,
  WrongExpectedRevisionError,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type StreamAppend,
  type SubscribeOptions,
  type Subscription,
  type SubscriptionListener,
} from '../../../src/store/event-store.js';
import { matchesFilter } from '../../../src/store/event-filter.js';

/**
 * A test double of the store port, honouring its contract: gap-tolerant increasing
 * positions (a step other than 1 makes them sparse, as EventStoreDB's are), exclusive
 * `fromPosition`, catch-up then `onCaughtUp` then live delivery, and one event at a time
 * (the next only after the listener's promise settles). Stored data is not validated,
 * so tests can plant corrupt events.
 */
export class InMemoryEventStore implements EventStore {
  /** One append after the other. */
  readonly appendManyKeepsOrder = true;
  private readonly log: RecordedEvent[] = [];
  private readonly wakers = new Set<() => void>();
  private lastPosition = 0n;
  /** Subscriptions not yet unsubscribed, for tests of teardown. */
  activeSubscriptions = 0;

  constructor(private readonly positionStep = 1n) {}

  /** Appends already recorded events as they are (positions renumbered by this store). */
  async appendRecorded(events: readonly RecordedEvent[]): Promise<void> {
    for (const e of events) {
      await this.append(e.stream, [{ eventId: e.eventId, type: e.type, data: e.data, metadata: e.metadata }], 'any');
    }
  }

  async append(stream: string, events: readonly NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    if (events.length === 0) throw new Error('an append needs at least one event');
    const existing = this.log.filter((e) => e.stream === stream);
    const retried = this.retriedRun(stream, existing, events);
    if (retried) return { nextExpectedRevision: retried.revision, position: retried.position };
    const actual = existing.length === 0 ? 'no_stream' : existing.length - 1;
    const ok =
      expectedRevision === 'any' ||
      (expectedRevision === 'no_stream' && actual === 'no_stream') ||
      (expectedRevision === 'stream_exists' && actual !== 'no_stream') ||
      expectedRevision === actual;
    if (!ok) throw new WrongExpectedRevisionError(stream, expectedRevision, actual);
    let revision = existing.length;
    for (const e of events) {
      this.lastPosition += this.positionStep;
      this.log.push({ eventId: e.eventId, stream, revision: revision++, position: this.lastPosition, type: e.type, data: e.data, metadata: e.metadata });
    }
    for (const wake of [...this.wakers]) wake();
    return { nextExpectedRevision: revision - 1, position: this.lastPosition };
  }

  /** One append after the other, stopping at the first failure: not atomic, as EventStoreDB's is not. */
  async appendMany(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    const results: AppendResult[] = [];
    for (const [index, { stream, events, expectedRevision }] of appends.entries()) {
      try {
        results.push(await this.append(stream, events, expectedRevision));
      } catch (error) {
        throw new AppendManyError(index, stream, index === 0, error as Error);
      }
    }
    return results;
  }

  /** The last event of an earlier append this one retries (same ids, consecutive, in order). */
  private retriedRun(stream: string, existing: readonly RecordedEvent[], events: readonly NewEvent[]): RecordedEvent | undefined {
    const ids = events.map((e) => e.eventId);
    const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
    if (repeated !== undefined) throw new DuplicateEventIdError(stream, repeated);
    const first = existing.findIndex((e) => e.eventId === ids[0]);
    const run = first < 0 ? [] : existing.slice(first, first + ids.length);
    if (run.length === ids.length && run.every((e, i) => e.eventId === ids[i])) return run.at(-1);
    const stored = ids.find((id) => existing.some((e) => e.eventId === id));
    if (stored !== undefined) throw new DuplicateEventIdError(stream, stored);
    return undefined;
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    let events = this.log.filter((e) => e.stream === stream);
    if (options.direction === 'backwards') events = events.reverse();
    if (options.fromRevision !== undefined) {
      const from = options.fromRevision;
      events = events.filter((e) => (options.direction === 'backwards' ? e.revision <= from : e.revision >= from));
    }
    return events.slice(0, options.maxCount ?? events.length);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    let events = this.log.filter((e) => matchesFilter(e, options.filter));
    if (options.fromPosition !== undefined) {
      const from = options.fromPosition;
      events = events.filter((e) => (backwards ? e.position < from : e.position > from));
    }
    if (backwards) events = events.reverse();
    return events.slice(0, options.maxCount ?? events.length);
  }

  async readAt(positions: readonly bigint[]): Promise<RecordedEvent[]> {
    const wanted = new Set(positions);
    return this.log.filter((e) => wanted.has(e.position));
  }

  async findEvent(stream: string, eventId: string): Promise<RecordedEvent | undefined> {
    return this.log.find((e) => e.stream === stream && e.eventId === eventId);
  }

  async headPosition(): Promise<bigint | undefined> {
    return this.log.at(-1)?.position;
  }

  subscribeToAll(options: SubscribeOptions, listener: SubscriptionListener): Subscription {
    let active = true;
    let wake: (() => void) | undefined;
    this.activeSubscriptions += 1;
    const nextAppend = () =>
      new Promise<void>((resolve) => {
        wake = () => {
          this.wakers.delete(wake!);
          resolve();
        };
        this.wakers.add(wake);
      });
    const run = async () => {
      await Promise.resolve(); // deliver after subscribeToAll has returned, as a real store does
      let index = options.fromPosition === undefined ? 0 : this.log.findIndex((e) => e.position > options.fromPosition!);
      if (index < 0) index = this.log.length;
      let caughtUp = false;
      while (active) {
        while (active && index < this.log.length) {
          const event = this.log[index++]!;
          if (matchesFilter(event, options.filter)) await listener.onEvent(event);
        }
        if (!active) return;
        if (!caughtUp) {
          caughtUp = true;
          listener.onCaughtUp?.(this.log.at(-1)?.position);
        }
        if (index >= this.log.length) await nextAppend();
      }
    };
    run().catch((error: unknown) => listener.onError?.(error instanceof Error ? error : new Error(String(error))));
    return {
      unsubscribe: async () => {
        if (!active) return;
        active = false;
        this.activeSubscriptions -= 1;
        wake?.();
      },
    };
  }

  async close(): Promise<void> {
    for (const wake of [...this.wakers]) wake();
  }
}
