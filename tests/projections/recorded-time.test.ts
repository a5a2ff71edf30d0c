import { describe, expect, it } from 'vitest';
import type { ConcordEvent } from '../../events/decode-event.js';
import { RecordedTimeIndex } from '../../projections/recorded-time.js';

/** Only what the index reads: a position and when it was recorded. */
function recorded(position: bigint, recordedAt: string): ConcordEvent {
  return { position, metadata: { recordedAt } } as unknown as ConcordEvent;
}

/** The definition, event by event: the running maximum of recordedAt along positions. */
function reference(events: readonly ConcordEvent[]) {
  const maxima: number[] = [];
  for (const e of events) maxima.push(Math.max(Date.parse(e.metadata.recordedAt), maxima.at(-1) ?? Number.NEGATIVE_INFINITY));
  return {
    positionKnownAt: (ms: number) => events.filter((_, i) => maxima[i]! <= ms).at(-1)?.position,
    recordedAtOf: (position: bigint) => {
      const i = events.findLastIndex((e) => e.position <= position);
      return i < 0 ? undefined : new Date(maxima[i]!).toISOString();
    },
  };
}

describe('recorded time along the log', () => {
  // Positions with gaps (as EventStoreDB's commit positions have), runs of events recorded
  // in the same millisecond (an import), and two writers whose clocks disagree.
  const t0 = Date.parse('2026-11-29T10:00:00.000Z');
  const events: ConcordEvent[] = [];
  let position = 100n;
  for (let i = 0; i < 400; i++) {
    position += BigInt(1 + ((i * 7) % 5) * 13);
    const ms = t0 + Math.floor(i / 6) * 3 + (i % 11 === 0 ? -40 : 0) + (i % 17 === 0 ? 25 : 0);
    events.push(recorded(position, new Date(ms).toISOString()));
  }
  const index = new RecordedTimeIndex();
  for (const e of events) index.add(e);
  const expected = reference(events);

  it('answers, for every moment, the longest prefix of the log recorded by then', () => {
    for (let ms = t0 - 100; ms <= t0 + 400 * 3 / 6 + 100; ms++) expect(index.positionKnownAt(ms)).toBe(expected.positionKnownAt(ms));
    expect(index.positionKnownAt(Number.POSITIVE_INFINITY)).toBe(events.at(-1)!.position);
  });

  it('answers, for every position (between events and past the head too), the recorded time it reflects', () => {
    for (let p = 90n; p <= position + 10n; p++) expect(index.recordedAtOf(p)).toBe(expected.recordedAtOf(p));
    expect(index.head()).toBe(events.at(-1)!.position);
  });

  it('answers nothing before the first event', () => {
    const empty = new RecordedTimeIndex();
    expect(empty.positionKnownAt(Number.POSITIVE_INFINITY)).toBeUndefined();
    expect(empty.recordedAtOf(5n)).toBeUndefined();
    expect(empty.head()).toBeUndefined();
  });
});
