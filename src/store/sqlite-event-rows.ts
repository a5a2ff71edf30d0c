import { DuplicateEventIdError, type NewEvent, type RecordedEvent } from './event-store.js';

/** An `events` row as read with safe integers (INTEGER columns come back as bigint). */
export interface EventRow {
  readonly position: bigint;
  readonly stream: string;
  readonly revision: bigint;
  readonly event_id: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
}

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
    eventId: row.event_id,
    stream: row.stream,
    revision: Number(row.revision),
    position: row.position,
    type: row.type,
    data: JSON.parse(row.data) as unknown,
    metadata: JSON.parse(row.metadata) as unknown,
  };
}

/**
 * Validates and serialises an append up front, so a bad event fails its own append
 * synchronously instead of failing a whole group commit later.
 */
export function encodeNewEvents(stream: string, events: readonly NewEvent[]): EncodedEvent[] {
  if (typeof stream !== 'string' || stream.length === 0) throw new InvalidAppendError(String(stream), 'the stream name must be a non-empty string');
  if (!Array.isArray(events) || events.length === 0) throw new InvalidAppendError(stream, 'an append needs at least one event');
  const seen = new Set<string>();
  return events.map((event, index) => {
    if (typeof event.eventId !== 'string' || event.eventId.length === 0) throw new InvalidAppendError(stream, `event ${index} has no eventId`);
    if (typeof event.type !== 'string' || event.type.length === 0) throw new InvalidAppendError(stream, `event ${index} has no type`);
    if (seen.has(event.eventId)) throw new DuplicateEventIdError(stream, event.eventId);
    seen.add(event.eventId);
    return {
      eventId: event.eventId,
      type: event.type,
      data: toJson(stream, index, 'data', event.data),
      metadata: toJson(stream, index, 'metadata', event.metadata),
    };
  });
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
