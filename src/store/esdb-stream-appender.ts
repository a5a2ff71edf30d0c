import { WrongExpectedVersionError, type EventStoreDBClient } from '@eventstore/db-client';
import { DuplicateEventIdError, WrongExpectedRevisionError, type AppendResult, type EventStore, type ExpectedRevision, type NewEvent } from './event-store.js';
import { translateError } from './esdb-errors.js';
import { toClientRevision, toProposedEvent } from './esdb-records.js';

export class InvalidEsdbAppendError extends Error {
  readonly code = 'invalid-append';
}

/**
 * The appends of EsdbEventStore: one stream's go out in the order they were issued, each
 * checked against the stream's ids first to keep the port's idempotency contract (see
 * EsdbEventStore for why here and not left to EventStoreDB).
 */
export class EsdbStreamAppender {
  /** The last append issued per stream: appends to one stream go out in the order they were issued. */
  private readonly streamTails = new Map<string, Promise<unknown>>();

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly deadline: number,
    /** The store's own reads, to find what an earlier append already wrote. */
    private readonly reads: Pick<EventStore, 'readStream' | 'findEvent'>,
  ) {}

  /**
   * Appends to one stream are sent one after the other in the order they were issued,
   * as the SQLite store commits them: callers such as the import issue a stream's
   * appends with consecutive expected revisions without awaiting each.
   */
  append(stream: string, events: readonly NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    const previous = this.streamTails.get(stream) ?? Promise.resolve();
    const result = previous.then(() => this.appendNow(stream, events, expectedRevision));
    const tail = result.catch(() => undefined);
    this.streamTails.set(stream, tail);
    void tail.then(() => {
      if (this.streamTails.get(stream) === tail) this.streamTails.delete(stream);
    });
    return result;
  }

  private async appendNow(stream: string, events: readonly NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    if (events.length === 0) throw new InvalidEsdbAppendError(`append to ${stream} without events`);
    const seen = new Set<string>();
    for (const event of events) {
      if (seen.has(event.eventId)) throw new DuplicateEventIdError(stream, event.eventId);
      seen.add(event.eventId);
    }
    const retried = await this.retriedAppend(stream, events);
    if (retried) return retried;
    try {
      const result = await this.client.appendToStream(stream, events.map(toProposedEvent), {
        expectedRevision: toClientRevision(expectedRevision),
        deadline: this.deadline,
      });
      const position = result.position?.commit ?? (await this.reads.findEvent(stream, events.at(-1)!.eventId))?.position;
      if (position === undefined) throw new Error(`EventStoreDB acknowledged the append to ${stream} without a position`);
      return { nextExpectedRevision: Number(result.nextExpectedRevision), position };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        // The same append may have landed meanwhile (a retry racing its original).
        const landed = await this.retriedAppend(stream, events);
        if (landed) return landed;
        const actual = error.actualVersion === 'no_stream' || typeof error.actualVersion !== 'bigint' ? 'no_stream' : Number(error.actualVersion);
        throw new WrongExpectedRevisionError(stream, expectedRevision, actual);
      }
      throw translateError(`an append to ${stream}`, error);
    }
  }

  /** The original result when these events already are a consecutive run of the stream; a DuplicateEventIdError when only some are there. */
  private async retriedAppend(stream: string, events: readonly NewEvent[]): Promise<AppendResult | undefined> {
    const stored = await this.reads.readStream(stream);
    const start = stored.findIndex((event) => event.eventId === events[0]!.eventId);
    const ids = new Set(events.map((event) => event.eventId));
    if (start >= 0) {
      const run = stored.slice(start, start + events.length);
      if (run.length === events.length && run.every((event, index) => event.eventId === events[index]!.eventId)) {
        const last = run.at(-1)!;
        return { nextExpectedRevision: last.revision, position: last.position };
      }
    }
    const overlap = stored.find((event) => ids.has(event.eventId));
    if (overlap) throw new DuplicateEventIdError(stream, overlap.eventId);
    return undefined;
  }
}
