import type { DeferredAppend } from '../audit/deferred-chain.js';
import { AppendManyError, DuplicateEventIdError, type ExpectedRevision, type NewEvent, type RecordedEvent, type StreamAppend } from './event-store.js';
import type { EncodedAppend } from './sqlite-append-writer.js';

/**
 * An `events` row as read: raw (an array in EVENT_COLUMNS order, cheaper for the driver to
 * build than an object with named keys: catch-up reads every row of the log) and with safe
 * integers (INTEGER columns come back as bigint).
 */
export type EventRow = readonly [position: bigint, stream: string, revision: bigint, eventId: string, type: string, data: string, metadata: string];

export const EVENT_COLUMNS = 'position, stream, revision, event_id, type, data, metadata';

/** A new event checked and serialised before it joins the commit queue. */
export interface EncodedEvent {
  readonly eventId: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
}

export class InvalidAppendError extends TypeError {
  readonly code = 'invalid-append';
  constructor(readonly stream: string, reason: string) {
    super(`cannot append to stream ${JSON.stringify(stream)}: ${reason}`);
  }
}

export function decodeEventRow(row: EventRow): RecordedEvent {
  return {
    eventId: row[3],
    stream: row[1],
    revision: Number(row[2]),
    position: row[0],
    type: row[4],
    data: JSON.parse(row[5]) as unknown,
    metadata: JSON.parse(row[6]) as unknown,
  };
}

/** Decodes a page of rows in place of a map: one array, sized once. */
export function decodeEventRows(rows: readonly EventRow[]): RecordedEvent[] {
  const events = new Array<RecordedEvent>(rows.length);
  for (let i = 0; i < rows.length; i++) events[i] = decodeEventRow(rows[i]!);
  return events;
}

/**
 * Validates and serialises an append up front, so a bad event fails its own append
 * synchronously instead of failing a whole group commit later.
 */
export function encodeNewEvents(stream: string, events: readonly NewEvent[]): EncodedEvent[] {
  checkNewEvents(stream, events);
  return events.map((event, index) => ({
    eventId: event.eventId,
    type: event.type,
    data: toJson(stream, index, 'data', event.data),
    metadata: toJson(stream, index, 'metadata', event.metadata),
  }));
}

/** The checks every append passes before it is written: a stream, events with ids and types, no id twice. */
function checkNewEvents(stream: string, events: readonly { readonly eventId: string; readonly type: string }[]): void {
  if (typeof stream !== 'string' || stream.length === 0) throw new InvalidAppendError(String(stream), 'the stream name must be a non-empty string');
  if (!Array.isArray(events) || events.length === 0) throw new InvalidAppendError(stream, 'an append needs at least one event');
  const seen = new Set<string>();
  events.forEach((event, index) => {
    if (typeof event.eventId !== 'string' || event.eventId.length === 0) throw new InvalidAppendError(stream, `event ${index} has no eventId`);
    if (typeof event.type !== 'string' || event.type.length === 0) throw new InvalidAppendError(stream, `event ${index} has no type`);
    if (seen.has(event.eventId)) throw new DuplicateEventIdError(stream, event.eventId);
    seen.add(event.eventId);
  });
}

/**
 * The same checks for appends whose rows the writing thread completes
 * (src/audit/deferred-chain.ts); their data is serialised already. The first bad one is
 * refused as an AppendManyError naming it.
 */
export function checkDeferredAppends(appends: readonly DeferredAppend[]): void {
  appends.forEach(({ stream, events, expectedRevision }, index) => {
    try {
      assertExpectedRevision(stream, expectedRevision);
      checkNewEvents(stream, events);
    } catch (error) {
      throw new AppendManyError(index, String(stream), true, error as Error);
    }
  });
}

/**
 * Checks and serialises the appends of an `appendMany` (or of a bulk append's write);
 * the first bad one is refused as an AppendManyError naming it, nothing written.
 */
export function encodeStreamAppends(appends: readonly StreamAppend[]): EncodedAppend[] {
  return appends.map(({ stream, events, expectedRevision }, index) => {
    try {
      return encodeAppend(stream, events, expectedRevision);
    } catch (error) {
      throw new AppendManyError(index, String(stream), true, error as Error);
    }
  });
}

/** Checks and serialises one append; throws InvalidAppendError or DuplicateEventIdError. */
export function encodeAppend(stream: string, events: readonly NewEvent[], expectedRevision: ExpectedRevision): EncodedAppend {
  assertExpectedRevision(stream, expectedRevision);
  return { stream, events: encodeNewEvents(stream, events), expectedRevision };
}

function assertExpectedRevision(stream: string, expected: ExpectedRevision): void {
  if (expected === 'any' || expected === 'no_stream' || expected === 'stream_exists') return;
  if (typeof expected === 'number' && Number.isSafeInteger(expected) && expected >= 0) return;
  throw new InvalidAppendError(stream, `expected revision must be 'any', 'no_stream', 'stream_exists' or a revision >= 0, got ${String(expected)}`);
}

function toJson(stream: string, index: number, field: string, value: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    throw new InvalidAppendError(stream, `event ${index} ${field} is not JSON-serialisable (${(error as Error).message})`);
  }
  if (json === undefined) throw new InvalidAppendError(stream, `event ${index} ${field} is not a JSON value`);
  return json;
}
