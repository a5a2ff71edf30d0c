import fc from 'fast-check';
import { v5 as uuidv5 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../events/canonical-json.js';
import type { Development } from '../../events/catalogue.js';
import { contentEventId, contentIdentity, contentOf, idempotencyKeyEventId } from '../../src/recording/event-ids.js';

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

  it('are the RFC 4122 version-5 UUIDs the uuid package computes, for any text (ids stored before stay valid)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (caller, key) => {
        expect(idempotencyKeyEventId(caller, key)).toBe(uuidv5(`${caller}\u0000${key}`, '6b0d3a8e-52c4-4f4e-9a53-2f0d6c1a9e41'));
      }),
    );
    fc.assert(
      fc.property(fc.jsonValue(), (data) => {
        const anyDevelopment = { type: 'PersonRegistered', data } as Development;
        expect(contentEventId(anyDevelopment)).toBe(uuidv5(canonicalJson({ type: 'PersonRegistered', data }), '1f7e2c55-8d0b-4b8e-b6a4-7c3f9d2e5a10'));
      }),
    );
  });

  it('are the same for names longer than the buffer the ids are made in, and after them', () => {
    const long = ['a'.repeat(5_000), 'é€😀'.repeat(2_000), 'x'];
    for (const key of long) expect(idempotencyKeyEventId('alice', key)).toBe(uuidv5(`alice\u0000${key}`, '6b0d3a8e-52c4-4f4e-9a53-2f0d6c1a9e41'));
  });

  it('come with the canonical JSON of the data they derive from, for the hash chain to reuse, for any data and type', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.option(fc.jsonValue(), { nil: undefined }), (type, data) => {
        const anyDevelopment = { type, data } as unknown as Development;
        const identity = contentIdentity(anyDevelopment);
        expect(identity.eventId).toBe(uuidv5(canonicalJson({ type, data }), '1f7e2c55-8d0b-4b8e-b6a4-7c3f9d2e5a10'));
        expect(identity.data).toEqual(data === undefined ? undefined : { value: data, json: canonicalJson(data) });
        expect(contentOf(anyDevelopment)).toBe(canonicalJson({ type, data }));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('canonical JSON (RFC 8785)', () => {
  it('sorts keys, drops undefined members and has no whitespace', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: undefined, d: { z: 1.5, y: 'é' } })).toBe('{"a":[true,null,"x"],"b":1,"d":{"y":"é","z":1.5}}');
  });

  it('is JSON.stringify with every object’s keys sorted by UTF-16 code units, for any JSON value and any text', () => {
    // The members are joined by hand: an object rebuilt with its keys sorted would not keep
    // that order, since JavaScript puts integer-like keys ("0") before every other key ("").
    const sortedJson = (value: unknown): string => {
      if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
      if (value === null || typeof value !== 'object') return JSON.stringify(value);
      const members = Object.keys(value)
        .sort()
        .map((key) => `${JSON.stringify(key)}:${sortedJson((value as Record<string, unknown>)[key])}`);
      return `{${members.join(',')}}`;
    };
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'binary' }), (value) => {
        expect(canonicalJson(value)).toBe(sortedJson(value));
      }),
      { numRuns: 2000 },
    );
  });

  it('orders an integer-like key after a key that sorts before it (a case found by the property above)', () => {
    expect(canonicalJson({ '0': null, '': 0 })).toBe('{"":0,"0":null}');
  });

  it('refuses values JSON cannot carry', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow();
    expect(() => canonicalJson(() => 1)).toThrow();
  });
});
