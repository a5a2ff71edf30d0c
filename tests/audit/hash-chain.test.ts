import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalJson, canonicalValue } from '../../events/canonical-json.js';
import { parseDevelopment, type Development } from '../../events/catalogue.js';
import { eventHash, genesisHash, hashedFieldsOf } from '../../src/audit/event-hash.js';
import { verifyLog } from '../../src/audit/verify-log.js';
import { causationPointers } from '../../src/audit/event-pointers.js';
import { importDevelopments } from '../../src/recording/import-developments.js';
import { ConcurrencyConflictError, recordDevelopment } from '../../src/recording/record-development.js';
import { SqliteEventStore } from '../../src/store/sqlite-event-store.js';
import { syntheticHistory } from '../support/synthetic-history.js';
import { tempDir } from '../support/temp-dir.js';

let tmp: ReturnType<typeof tempDir>;
let store: SqliteEventStore;
beforeEach(() => {
  tmp = tempDir();
  store = SqliteEventStore.open(tmp.file('concord.db'));
});
afterEach(async () => {
  await store.close();
  tmp.remove();
});

function development(raw: Record<string, unknown>): Development {
  const parsed = parseDevelopment(raw);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
}

const clock = () => new Date('2026-01-02T03:04:05.000Z');

describe('the hash chain written on append', () => {
  it('chains each event of a stream to the one before, starting from the hash of the stream name', async () => {
    await recordDevelopment(store, development({ type: 'OrganisationRegistered', organisationId: 'ilo', name: 'International Labour Office' }), 'a1b0c1d2-0000-4000-8000-000000000001', { recordedBy: 'cli:alice', correlationId: 'c-1' }, clock);
    await recordDevelopment(store, development({ type: 'OrganisationRenamed', organisationId: 'ilo', name: 'International Labour Organization', on: '1946' }), 'a1b0c1d2-0000-4000-8000-000000000002', { recordedBy: 'cli:bob', correlationId: 'c-2' }, clock);
    const [first, second] = await store.readStream('organisation-ilo');
    const firstMeta = first!.metadata as Record<string, unknown>;
    expect(firstMeta).toMatchObject({ recordedBy: 'cli:alice', correlationId: 'c-1', causationId: null, recordedAt: '2026-01-02T03:04:05.000Z' });
    expect(firstMeta.hash).toBe(eventHash(hashedFieldsOf(first!, genesisHash('organisation-ilo'))));
    expect((second!.metadata as Record<string, unknown>).hash).toBe(eventHash(hashedFieldsOf(second!, firstMeta.hash as string)));
  });

  it('chains developments on one stream within one import before any is written', async () => {
    const items = syntheticHistory(5, 2, 4).map((raw, i) => ({ development: development(raw), item: i + 1 }));
    await importDevelopments(store, items, { file: 'history.json', recordedBy: 'cli:alice', correlationId: 'import-1', chunkSize: 3, clock });
    const report = await verifyLog(store);
    expect(report.failures).toEqual([]);
    const [, joined] = await store.readStream('group-group-0');
    expect(joined!.metadata).toMatchObject({ importedFrom: { file: 'history.json', item: 7 }, recordedBy: 'cli:alice', correlationId: 'import-1' });
  });

  it('keeps one chain when two writers (two store connections) append to one stream at once', async () => {
    const other = SqliteEventStore.open(tmp.file('concord.db'));
    try {
      await recordDevelopment(store, development({ type: 'OrganisationRegistered', organisationId: 'ilo', name: 'ILO' }), 'a1b0c1d2-0000-4000-8000-000000000100', { recordedBy: 'cli:alice', correlationId: 'c' });
      // A writer that loses the race on every attempt gets a conflict and retries, as an
      // HTTP client does on 409: on a loaded machine 8 rivals can win 5 times running.
      const rename = async (i: number): Promise<unknown> => {
        for (;;) {
          try {
            return await recordDevelopment(i % 2 === 0 ? store : other, development({ type: 'OrganisationRenamed', organisationId: 'ilo', name: `ILO ${i}`, on: `${1990 + i}` }), `a1b0c1d2-0000-4000-8000-0000000002${String(i).padStart(2, '0')}`, { recordedBy: i % 2 === 0 ? 'cli:alice' : 'cli:bob', correlationId: 'c' });
          } catch (error) {
            if (!(error instanceof ConcurrencyConflictError)) throw error;
          }
        }
      };
      const renames = Array.from({ length: 16 }, (_, i) => rename(i));
      await Promise.all(renames);
    } finally {
      await other.close();
    }
    expect((await store.readStream('organisation-ilo')).map((e) => e.revision)).toEqual(Array.from({ length: 17 }, (_, i) => i));
    expect((await verifyLog(store)).failures).toEqual([]);
  });

  it('hashes the same fields to the same value whatever their key order (RFC 8785)', () => {
    const fields = { stream: 's-1', revision: 0, eventId: 'e', type: 'T', schemaVersion: 1, data: { b: 1, a: [1, 'x'] }, recordedAt: 't', recordedBy: 'r', correlationId: 'c', causationId: null, prevHash: genesisHash('s-1') };
    expect(eventHash({ ...fields, data: { a: [1, 'x'], b: 1 } })).toBe(eventHash(fields));
    expect(eventHash({ ...fields, data: { a: [1, 'x'], b: 2 } })).not.toBe(eventHash(fields));
  });

  it('is the SHA-256 of the canonical JSON of the hashed fields, a missing causationId as null, for any values', () => {
    const optional = fc.option(fc.jsonValue(), { nil: undefined });
    fc.assert(
      fc.property(
        fc.record({ stream: fc.string(), revision: fc.nat(), eventId: fc.string(), type: fc.string(), schemaVersion: optional, data: fc.jsonValue(), recordedAt: optional, recordedBy: optional, correlationId: optional, causationId: optional, prevHash: fc.string() }),
        (fields) => {
          const canonical = canonicalJson({ ...fields, causationId: fields.causationId ?? null });
          expect(eventHash(fields)).toBe(createHash('sha256').update(canonical, 'utf8').digest('hex'));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('is the same hash when the data’s canonical JSON is handed in already computed, and ignores one computed for other data', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (data, otherData) => {
        const fields = { stream: 's-1', revision: 3, eventId: 'e', type: 'T', schemaVersion: 1, data, recordedAt: 't', recordedBy: 'r', correlationId: 'c', causationId: null, prevHash: genesisHash('s-1') };
        expect(eventHash(fields, canonicalValue(data))).toBe(eventHash(fields));
        // Compared by identity: a value computed for another object (even an equal one) is not used.
        expect(eventHash(fields, { value: { other: true }, json: canonicalJson(otherData) })).toBe(eventHash(fields));
      }),
      { numRuns: 500 },
    );
  });
});

describe('check (c): events that point at another event', () => {
  const register = development({ type: 'OrganisationRegistered', organisationId: 'ilo', name: 'ILO' });
  const rename = development({ type: 'OrganisationRenamed', organisationId: 'ilo', name: 'International Labour Organization', on: '1946' });

  it('holds when the event pointed at is an earlier event of the stream', async () => {
    const first = await recordDevelopment(store, register, 'a1b0c1d2-0000-4000-8000-000000000011', { recordedBy: 'cli:alice', correlationId: 'c' }, clock);
    await recordDevelopment(store, rename, 'a1b0c1d2-0000-4000-8000-000000000012', { recordedBy: 'cli:alice', correlationId: 'c', causationId: first.eventId }, clock);
    expect((await verifyLog(store, { pointers: causationPointers })).failures).toEqual([]);
  });

  it('names the event pointing at an event its stream does not hold', async () => {
    await recordDevelopment(store, register, 'a1b0c1d2-0000-4000-8000-000000000021', { recordedBy: 'cli:alice', correlationId: 'c' }, clock);
    const bad = await recordDevelopment(store, rename, 'a1b0c1d2-0000-4000-8000-000000000022', { recordedBy: 'cli:alice', correlationId: 'c', causationId: 'a1b0c1d2-0000-4000-8000-0000000000ff' }, clock);
    const report = await verifyLog(store, { pointers: causationPointers });
    expect(report.ok).toBe(false);
    expect(report.failures).toEqual([
      expect.objectContaining({ check: 'pointers', stream: 'organisation-ilo', revision: 1, position: bad.position.toString(), eventId: bad.eventId }),
    ]);
  });
});
