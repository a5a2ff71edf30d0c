import { BACKWARDS, END, EventStoreDBClient, FORWARDS, START, StreamNotFoundError } from '@eventstore/db-client';
import {
  AppendManyError,
  type AppendResult,
  type EventFilter,
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
} from './event-store.js';
import { translateError } from './esdb-errors.js';
import { allPosition, toRecordedEvent } from './esdb-records.js';
import { EsdbStreamAppender } from './esdb-stream-appender.js';
import { EsdbSubscription } from './esdb-subscription.js';
import { matchesFilter } from './event-filter.js';

export interface EsdbEventStoreOptions {
  /** Deadline of every call but subscriptions, in milliseconds: a dead node fails fast. */
  readonly deadlineMs?: number;
  /** Events fetched per page when reading `$all` (the filter is applied on this side). */
  readonly pageSize?: number;
  /**
   * The streams that make up this store on a cluster other applications may share:
   * reads of `$all` and subscriptions without stream prefixes of their own keep to these
   * (Concord passes its categories' prefixes), and the subscription filters on them
   * server-side. Unset: every non-system stream.
   */
  readonly scopeStreamPrefixes?: readonly string[];
}

/** Reads of `readAt` in flight at once: one round trip each, so a few overlap. */
const READ_AT_CONCURRENCY = 16;

/**
 * The EventStore port on EventStoreDB / KurrentDB through `@eventstore/db-client`.
 *
 * The port's idempotency contract (a retried run of ids answers the original result; a
 * partial overlap is a DuplicateEventIdError) is checked here against the stream's ids
 * before writing, because EventStoreDB's own de-duplication is best effort with `any`
 * and silent about partial overlaps. Concord streams are one entity each, so reading a
 * stream's ids is cheap; EventStoreDB's de-duplication still covers the window between
 * that check and the write when an exact revision is expected.
 */
export class EsdbEventStore implements EventStore {
  /** Streams go out concurrently (see appendMany). */
  readonly appendManyKeepsOrder = false;
  private readonly deadline: number;
  private readonly pageSize: number;
  private readonly scope: readonly string[] | undefined;
  private readonly subscriptions = new Set<EsdbSubscription>();
  private readonly appender: EsdbStreamAppender;

  private constructor(
    private readonly client: EventStoreDBClient,
    options: EsdbEventStoreOptions,
  ) {
    this.deadline = options.deadlineMs ?? 2_000;
    this.pageSize = options.pageSize ?? 500;
    this.scope = options.scopeStreamPrefixes;
    this.appender = new EsdbStreamAppender(client, this.deadline, this);
  }

  /** Connects lazily: the first call opens the channel, and fails fast if no node answers. */
  static connect(connectionString: string, options: EsdbEventStoreOptions = {}): EsdbEventStore {
    return new EsdbEventStore(EventStoreDBClient.connectionString(connectionString), options);
  }

  /** One stream's appends go out in the order they were issued, and a retry answers the original: see EsdbStreamAppender. */
  append(stream: string, events: readonly NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    return this.appender.append(stream, events, expectedRevision);
  }

  /**
   * Not atomic across streams: EventStoreDB commits one stream per call. The appends go
   * out together, each stream's in batch order (see `append`); when one fails, others
   * may have been written, and sending the same batch again completes it (each append
   * is then an idempotent retry or a fresh write at its expected revision).
   */
  async appendMany(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    const settled = await Promise.allSettled(appends.map(({ stream, events, expectedRevision }) => this.append(stream, events, expectedRevision)));
    const failed = settled.findIndex((outcome) => outcome.status === 'rejected');
    if (failed >= 0) {
      const reason = (settled[failed] as PromiseRejectedResult).reason as unknown;
      throw new AppendManyError(failed, appends[failed]!.stream, false, reason instanceof Error ? reason : new Error(String(reason)));
    }
    return settled.map((outcome) => (outcome as PromiseFulfilledResult<AppendResult>).value);
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    if (options.maxCount === 0) return [];
    try {
      const read = this.client.readStream(stream, {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision: options.fromRevision !== undefined ? BigInt(options.fromRevision) : backwards ? END : START,
        ...(options.maxCount !== undefined ? { maxCount: options.maxCount } : {}),
        deadline: this.deadline,
      });
      const events: RecordedEvent[] = [];
      for await (const resolved of read) {
        const event = toRecordedEvent(resolved);
        if (event) events.push(event);
      }
      return events;
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw translateError(`a read of ${stream}`, error);
    }
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const limit = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    const events: RecordedEvent[] = [];
    if (limit <= 0) return events;
    // Exclusive bound in both directions, whatever the server does at the position itself.
    let bound = options.fromPosition;
    for (;;) {
      const page = await this.readAllPage(backwards, bound);
      const filter = this.scoped(options.filter);
      for (const { position, event } of page) {
        bound = position;
        if (event && matchesFilter(event, filter)) events.push(event);
        if (events.length >= limit) return events;
      }
      if (page.length === 0) return events;
    }
  }

  /**
   * One read of `$all` per position (EventStoreDB has no read of many positions), a few at
   * a time. A forwards read from a position starts at the event there.
   */
  async readAt(positions: readonly bigint[]): Promise<RecordedEvent[]> {
    const sorted = [...new Set(positions)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const filter = this.scoped(undefined);
    const events: RecordedEvent[] = [];
    for (let i = 0; i < sorted.length; i += READ_AT_CONCURRENCY) {
      const found = await Promise.all(sorted.slice(i, i + READ_AT_CONCURRENCY).map((position) => this.readOneAt(position)));
      for (const event of found) if (event && matchesFilter(event, filter)) events.push(event);
    }
    return events;
  }

  private async readOneAt(position: bigint): Promise<RecordedEvent | undefined> {
    try {
      const read = this.client.readAll({ direction: FORWARDS, fromPosition: allPosition(position), maxCount: 1, deadline: this.deadline });
      let found: RecordedEvent | undefined;
      // Read to its end (one event), not left mid-stream: an abandoned read holds its call open.
      for await (const resolved of read) {
        const at = resolved.event?.position?.commit ?? resolved.commitPosition;
        if (at === position) found = toRecordedEvent(resolved);
      }
      return found;
    } catch (error) {
      throw translateError('a read of $all', error);
    }
  }

  async findEvent(stream: string, eventId: string): Promise<RecordedEvent | undefined> {
    return (await this.readStream(stream)).find((event) => event.eventId === eventId);
  }

  subscribeToAll(options: SubscribeOptions, listener: SubscriptionListener): Subscription {
    const scopedOptions: SubscribeOptions = { ...options, ...(options.filter?.streamPrefixes || !this.scope ? {} : { filter: this.scoped(options.filter) }) };
    const subscription = new EsdbSubscription(this.client, scopedOptions, listener, () => this.subscriptions.delete(subscription));
    this.subscriptions.add(subscription);
    subscription.start();
    return subscription;
  }

  async headPosition(): Promise<bigint | undefined> {
    return (await this.readAll({ direction: 'backwards', maxCount: 1 }))[0]?.position;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.unsubscribe()));
    await this.client.dispose();
  }

  private scoped(filter: EventFilter | undefined): EventFilter | undefined {
    if (!this.scope || filter?.streamPrefixes) return filter;
    return { ...filter, streamPrefixes: this.scope };
  }

  /** One page of `$all` strictly beyond `bound`, system events included (as undefined) so paging advances past them. */
  private async readAllPage(backwards: boolean, bound: bigint | undefined): Promise<{ position: bigint; event: RecordedEvent | undefined }[]> {
    try {
      const read = this.client.readAll({
        direction: backwards ? BACKWARDS : FORWARDS,
        fromPosition: bound === undefined ? (backwards ? END : START) : allPosition(bound),
        maxCount: this.pageSize + 1,
        deadline: this.deadline,
      });
      const page: { position: bigint; event: RecordedEvent | undefined }[] = [];
      for await (const resolved of read) {
        const position = resolved.event?.position?.commit ?? resolved.commitPosition;
        if (position === undefined) continue;
        if (bound !== undefined && (backwards ? position >= bound : position <= bound)) continue;
        page.push({ position, event: toRecordedEvent(resolved) });
      }
      return page;
    } catch (error) {
      throw translateError('a read of $all', error);
    }
  }
}
