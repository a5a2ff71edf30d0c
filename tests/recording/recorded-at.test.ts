import { describe, expect, it } from 'vitest';
import { parseDevelopment, type Development } from '../../events/catalogue.js';
import { emptyChain } from '../../src/audit/hash-chain.js';
import { metadataFor, newEvents } from '../../src/recording/record-development.js';

function development(raw: Record<string, unknown>): Development {
  const parsed = parseDevelopment(raw);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
}

const registered = development({ type: 'PersonRegistered', personId: 'ada', name: 'Ada' });
const provenance = { recordedBy: 'cli:alice', correlationId: 'c-1' };

describe('the time a development is recorded at', () => {
  it('is its clock’s time in ISO 8601 UTC, whether the time repeats, moves on or goes back', () => {
    const times = ['2026-12-01T15:00:00.001Z', '2026-12-01T15:00:00.001Z', '2026-12-01T15:00:00.002Z', '2026-12-01T15:00:00.001Z', '1999-12-31T23:59:59.999Z'];
    const stamped = times.map((time) => metadataFor(registered, provenance, () => new Date(time)).recordedAt);
    expect(stamped).toEqual(times);
  });

  it('is stamped on each new event, and its hash covers it', () => {
    const at = (time: string) => () => new Date(time);
    const first = newEvents(emptyChain('person-ada'), [registered], ['e-1'], provenance, at('2026-12-01T15:00:00.001Z'));
    const again = newEvents(emptyChain('person-ada'), [registered], ['e-1'], provenance, at('2026-12-01T15:00:00.001Z'));
    const later = newEvents(emptyChain('person-ada'), [registered], ['e-1'], provenance, at('2026-12-01T15:00:00.002Z'));

    expect(first.events[0]!.metadata).toMatchObject({ recordedAt: '2026-12-01T15:00:00.001Z' });
    expect(again.chain.hash).toBe(first.chain.hash);
    expect(later.chain.hash).not.toBe(first.chain.hash);
  });

  it('refuses a clock that gives an invalid date, as Date.toISOString does', () => {
    expect(() => metadataFor(registered, provenance, () => new Date(Number.NaN))).toThrow(RangeError);
  });
});
