import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { DuplicateEventIdError, WrongExpectedRevisionError, type AppendResult, type EventStore, type ExpectedRevision, type NewEvent, type RecordedEvent } from '../../../src/store/event-store.js';

/** The events of the test's own streams (`${ns}-...`): other tests' events may share the store. */
export interface OwnEventsOptions {
  readonly direction?: 'forwards' | 'backwards';
  readonly fromPosition?: bigint;
  readonly maxCount?: number;
}

export function ownEventsOf(store: EventStore, ns: string, options: OwnEventsOptions = {}): Promise<RecordedEvent[]> {
  return store.readAll({ ...options, filter: { streamPrefixes: [`${ns}-`] } });
}

/** A new stream of `count` events. */
export async function appendStreamTo(store: EventStore, stream: string, count: number): Promise<string> {
  await store.append(stream, range(count).map(() => newEvent()), 'no_stream');
  return stream;
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

export function revisions(events: readonly RecordedEvent[]): number[] {
  return events.map((event) => event.revision);
}

export function expectStrictlyIncreasing(positions: readonly bigint[]): void {
  positions.slice(1).forEach((position, index) => expect(position > positions[index]!).toBe(true));
}

export async function expectWrongRevision(
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

export async function expectDuplicate(attempt: Promise<AppendResult>, stream: string, eventId: string): Promise<void> {
  const error = await attempt.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(DuplicateEventIdError);
  expect(error).toMatchObject({ code: 'duplicate-event-id', stream, eventId });
}
