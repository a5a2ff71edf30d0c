import type { EventFilter, ReadAllOptions, RecordedEvent } from './event-store.js';

/** One statement's read of positions between `from` (exclusive) and `to`, going `direction`. */
export type ReadWindow = (direction: 'forwards' | 'backwards', from: bigint, to: bigint, filter: EventFilter, remaining: number | undefined) => RecordedEvent[];

/**
 * A filtered read can scan the whole log for few matches: a registration's retraction
 * looks for events naming the entity (`dataContains`), which at 1,000,000 events was
 * one statement of 0.6-0.9 s, the server answering nothing meanwhile (better-sqlite3
 * is synchronous). This reads `window` positions per statement instead, giving the
 * event loop a turn between them. The answer is the one statement's at the start: the
 * head is read first, and positions at or below a committed head never change (commits
 * take positions above it, under the write lock).
 */
export async function readAllInWindows(options: ReadAllOptions, filter: EventFilter, readHead: () => bigint | undefined, window: bigint, readWindow: ReadWindow): Promise<RecordedEvent[]> {
  const direction = options.direction ?? 'forwards';
  const forwards = direction === 'forwards';
  const limit = options.maxCount ?? Number.POSITIVE_INFINITY;
  if (limit !== Number.POSITIVE_INFINITY && (!Number.isInteger(limit) || limit < 0)) throw new RangeError(`maxCount must be a non-negative integer, got ${limit}`);
  const head = readHead();
  const events: RecordedEvent[] = [];
  if (head === undefined || limit <= 0) return events;
  let from = forwards ? (options.fromPosition ?? 0n) : options.fromPosition === undefined || options.fromPosition > head ? head + 1n : options.fromPosition;
  while (forwards ? from < head : from > 1n) {
    const to = forwards ? (from + window < head ? from + window : head) : from - window > 1n ? from - window : 1n;
    const remaining = limit === Number.POSITIVE_INFINITY ? undefined : limit - events.length;
    events.push(...readWindow(direction, from, to, filter, remaining));
    if (events.length >= limit) break;
    from = to;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return events;
}
