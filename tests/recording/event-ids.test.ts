import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../events/canonical-json.js';
import type { Development } from '../../events/catalogue.js';
import { contentEventId, idempotencyKeyEventId } from '../../src/recording/event-ids.js';

describe('deterministic event ids (UUID v5)', () => {
  const development = { type: 'PersonRegistered', data: { personId: 'ada', name: 'Ada' } } as Development;

  it('derive from the canonical content of a development, whatever the key order', () => {
    const reordered = { type: 'PersonRegistered', data: { name: 'Ada', personId: 'ada' } } as Development;
    expect(contentEventId(development)).toBe(contentEventId(reordered));
    expect(contentEventId(development)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(contentEventId({ type: 'PersonRegistered', data: { personId: 'ada', name: 'Ada L.' } } as Development)).not.toBe(contentEventId(development));
  });

  it('derive from the caller and the Idempotency-Key, scoped to the caller', () => {
    expect(idempotencyKeyEventId('alice', 'k1')).toBe(idempotencyKeyEventId('alice', 'k1'));
    expect(idempotencyKeyEventId('alice', 'k1')).not.toBe(idempotencyKeyEventId('bob', 'k1'));
    expect(idempotencyKeyEventId('alice', 'k1')).not.toBe(idempotencyKeyEventId('alice', 'k2'));
  });
});

describe('canonical JSON (RFC 8785)', () => {
  it('sorts keys, drops undefined members and has no whitespace', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: undefined, d: { z: 1.5, y: 'é' } })).toBe('{"a":[true,null,"x"],"b":1,"d":{"y":"é","z":1.5}}');
  });

  it('refuses values JSON cannot carry', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow();
    expect(() => canonicalJson(() => 1)).toThrow();
  });
});
