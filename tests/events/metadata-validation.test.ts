import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventMetadata } from '../../events/metadata.js';
import { validateMetadata } from '../../events/metadata-validation.js';

const HASH = 'a3'.repeat(32);
const written = (overrides: Record<string, unknown> = {}) => ({
  recordedAt: '2026-11-30T01:02:03.456Z',
  recordedBy: 'cli:analyst',
  correlationId: 'import-7',
  causationId: null,
  schemaVersion: 1,
  importedFrom: { file: 'history.ndjson', item: 12, line: 12 },
  hash: HASH,
  ...overrides,
});

/** The same answer as zod's: success alike, and the same output, key order included. */
function expectAsZod(input: unknown): void {
  const ours = validateMetadata(input);
  const zods = eventMetadata.safeParse(input);
  expect(ours.success).toBe(zods.success);
  if (ours.success && zods.success) {
    expect(ours.data).toEqual(zods.data);
    expect(JSON.stringify(ours.data)).toBe(JSON.stringify(zods.data));
  } else {
    expect(ours.error!.issues).toEqual(zods.error!.issues);
  }
}

describe("an event's metadata is validated as the schema says, cheaply when it repeats", () => {
  it('answers the metadata Concord writes as zod does, the first time and when its recorder and time repeat', () => {
    // Given metadata as an import writes it, then the next event of the same run
    expectAsZod(written());
    expectAsZod(written({ hash: 'b4'.repeat(32), importedFrom: { file: 'history.ndjson', item: 13 } }));
    // And metadata as a recording writes it (no provenance), and as events written before hash chains (no hash)
    expectAsZod(written({ importedFrom: undefined }));
    const { hash: _hash, importedFrom: _from, ...bare } = written();
    expectAsZod(bare);
    expectAsZod(bare);
    // And the next event differing from the last in one identifying field only
    for (const change of [{ schemaVersion: 2 }, { causationId: 'e1' }, { recordedBy: 'seed' }, { correlationId: 'import-8' }, { recordedAt: '2026-11-30T01:02:03.457Z' }]) {
      expectAsZod(written());
      expectAsZod(written(change));
    }
  });

  it('refuses, with zod\'s issues, what the schema refuses even when the recorder and time repeat', () => {
    expect(validateMetadata(written()).success).toBe(true);
    // When only the event's own fields are wrong
    for (const input of [
      written({ hash: 'A3'.repeat(32) }),
      written({ hash: 'a3' }),
      written({ importedFrom: { file: 'f', item: 0 } }),
      written({ importedFrom: { file: 'f', item: 1.5 } }),
      written({ importedFrom: { file: 'f', item: 1, line: -1 } }),
      written({ importedFrom: { file: 'f', item: 1, extra: true } }),
      written({ importedFrom: { item: 1 } }),
      written({ importedFrom: null }),
    ]) {
      // Then the answer is zod's refusal
      expect(validateMetadata(input).success).toBe(false);
      expectAsZod(input);
    }
  });

  it('never lets a value remembered for one field pass for another', () => {
    // Given events whose schema version, then causation, changed (each valid and remembered)
    expectAsZod(written());
    expectAsZod(written({ schemaVersion: 2 }));
    // When the next one gives that number as who recorded it, or as its correlation id
    expectAsZod(written({ schemaVersion: 2, recordedBy: 2 }));
    expectAsZod(written({ schemaVersion: 2, correlationId: 2 }));
    expectAsZod(written());
    expectAsZod(written({ causationId: 'e1' }));
    expectAsZod(written({ causationId: 'e1', recordedAt: 'e1' }));
    // Then each is zod's refusal
    expect(validateMetadata(written({ schemaVersion: 2, recordedBy: 2 })).success).toBe(false);
  });

  it('keeps the keys a later version adds, in zod\'s order', () => {
    const later = { provenanceNote: 'migrated', ...written() };
    const result = validateMetadata(later);
    expect(result.success && Object.keys(result.data)).toEqual([...Object.keys(written()).filter((k) => k !== 'importedFrom' && k !== 'hash'), 'hash', 'importedFrom', 'provenanceNote']);
    expectAsZod(later);
  });

  it('gives the same answer as zod for any sequence of metadata, valid or not', () => {
    const identity = fc.record({
      recordedAt: fc.constantFrom('2026-11-30T01:02:03.456Z', '2026-11-30T01:02:03Z', '2026-13-30T01:02:03Z', 'yesterday', 17),
      // Values of one field that are valid in another, so that a remembered value can only ever pass its own field.
      recordedBy: fc.constantFrom('cli:analyst', 'seed', '', 'x'.repeat(201), 1, null, '2026-11-30T01:02:03Z'),
      correlationId: fc.constantFrom('import-7', 'c', '', 2, null),
      causationId: fc.constantFrom(null, 'e1', '', undefined),
      schemaVersion: fc.constantFrom(1, 2, 0, 1.5, '1'),
    });
    const own = fc.record(
      {
        hash: fc.constantFrom(HASH, 'b4'.repeat(32), 'A3'.repeat(32), 'a3', 5, undefined),
        importedFrom: fc.constantFrom<unknown>(
          { file: 'f', item: 1 },
          { file: 'f', item: 2, line: 9 },
          { line: 9, item: 2, file: 'f' },
          { file: 'f', item: 1, line: undefined },
          { file: 'f', item: 0 },
          { file: 'f', item: 2 ** 53 },
          { file: 1, item: 1 },
          { file: 'f', item: 1, more: 1 },
          [],
          null,
          undefined,
        ),
        extra: fc.constantFrom<unknown>(undefined, 'kept'),
      },
      { requiredKeys: [] },
    );
    const event = fc.tuple(fc.nat(), own, fc.boolean());
    // Runs of events whose identifying fields come from one or two identities, so that the
    // one remembered is often the one asked about, with the keys in either order.
    const identities = fc
      .tuple(identity, identity, fc.constantFrom('recordedAt', 'recordedBy', 'correlationId', 'causationId', 'schemaVersion'))
      // The second differs from the first in one field at most.
      .map(([first, other, field]) => [first, { ...first, [field]: other[field] }]);
    const runs = fc.tuple(identities, fc.array(event, { minLength: 1, maxLength: 20 })).map(([identities, events]) =>
      events.map(([pick, o, reversed]) => {
        const entries = Object.entries({ ...identities[pick % identities.length]!, ...o });
        return Object.fromEntries(reversed ? entries.reverse() : entries);
      }),
    );
    fc.assert(
      fc.property(runs, (inputs) => {
        for (const input of inputs) expectAsZod(input);
      }),
      { numRuns: 500 },
    );
  });
});
