import { parseDate } from '../../../events/dates.js';
import { decodeEvent, type ConcordEvent } from '../../../events/decode-event.js';
import { definitionOf } from '../../../events/catalogue.js';
import { streamOf } from '../../../events/identifiers.js';
import type { RecordedEvent } from '../../../src/store/event-store.js';

/** A development as written in tests: `{type, ...fields}`. */
export type Written = { readonly type: string } & Record<string, unknown>;

/** The first day of a date text: `day('2008-06-01')`. */
export function day(text: string): number {
  return parseDate(text).lo;
}

let eventCounter = 0;

/** Stored events as a store would hand them out: positions 1, 2, 3… in the given order. */
export function recordedEvents(developments: readonly Written[], firstPosition = 1n): RecordedEvent[] {
  const revisions = new Map<string, number>();
  return developments.map(({ type, ...data }, i) => {
    const definition = definitionOf(type);
    if (!definition) throw new Error(`test uses unknown development type ${type}`);
    const stream = streamOf(definition.subject(data));
    const revision = revisions.get(stream) ?? 0;
    revisions.set(stream, revision + 1);
    eventCounter += 1;
    return {
      eventId: `00000000-0000-4000-8000-${String(eventCounter).padStart(12, '0')}`,
      stream,
      revision,
      position: firstPosition + BigInt(i),
      type,
      data,
      metadata: {
        recordedAt: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(),
        recordedBy: 'test',
        correlationId: `correlation-${i}`,
        causationId: null,
        schemaVersion: 1,
      },
    };
  });
}

/** Decoded events (so a typo in a test development fails loudly, as the store would). */
export function given(...developments: Written[]): ConcordEvent[] {
  return recordedEvents(developments).map(decodeEvent);
}

/** A deterministic shuffle (mulberry32), so a failing order can be replayed. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}
