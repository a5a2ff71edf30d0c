import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { definitionOf, parseDevelopment } from '../../events/catalogue.js';
import { kindSlug } from '../../events/catalogue/agreement-upcasters.js';
import { isoDay, parseDate } from '../../events/dates.js';
import { decodeEvent } from '../../events/decode-event.js';
import { ReadModels } from '../../projections/read-models.js';
import { chainNewEvents, emptyChain } from '../../src/audit/hash-chain.js';
import { verifyLog } from '../../src/audit/verify-log.js';
import { loadSeed } from '../../src/recording/load-seed.js';
import { SqliteEventStore } from '../../src/store/sqlite-event-store.js';
import { tempDir } from '../support/temp-dir.js';

/**
 * Given an AgreementSigned stored at version 1 (free-text kind) by an earlier build,
 * when this build reads it, then it sees version 2 (a slug), the stored bytes are as
 * written, and verify still passes.
 */
let tmp: ReturnType<typeof tempDir>;
let dbPath: string;
let store: SqliteEventStore;

const v1Data = { agreementId: 'mou-2019', title: 'Memorandum of Understanding on TVET data', kind: 'Memorandum of Understanding ', parties: ['cedefop', 'etf'], signedOn: '2019-06-12' };

beforeEach(async () => {
  tmp = tempDir();
  dbPath = tmp.file('concord.db');
  store = SqliteEventStore.open(dbPath);
  await loadSeed(store);
  // What a version 1 build wrote: its metadata, its hash over the version 1 data.
  const metadata = { recordedAt: '2024-03-01T10:00:00.000Z', recordedBy: 'cli:archivist', correlationId: 'legacy-1', causationId: null, schemaVersion: 1 };
  const { events } = chainNewEvents(emptyChain('agreement-mou-2019'), [{ eventId: '2f0c7e3a-5b1d-4c8e-9a6f-0d4b3c2a1e90', type: 'AgreementSigned', data: v1Data, metadata }]);
  await store.append('agreement-mou-2019', events, 'no_stream');
});
afterEach(async () => {
  await store.close();
  tmp.remove();
});

describe('AgreementSigned version 1 → 2 (free-text kind → slug)', () => {
  it('reads a stored version 1 event as version 2', async () => {
    const [stored] = await store.readStream('agreement-mou-2019');
    const event = decodeEvent(stored!);
    expect(event.development.data).toMatchObject({ agreementId: 'mou-2019', kind: 'memorandum-of-understanding', parties: ['cedefop', 'etf'] });
    expect(event.metadata.schemaVersion).toBe(1);
  });

  it('leaves the stored bytes as written', () => {
    const db = new Database(dbPath, { readonly: true });
    const row = db.prepare("SELECT data FROM events WHERE stream = 'agreement-mou-2019'").get() as { data: string };
    db.close();
    expect(JSON.parse(row.data)).toEqual(v1Data);
  });

  it('passes verify: the hash covers the stored version 1 data', async () => {
    const report = await verifyLog(store);
    expect(report.failures).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('shows the upcast kind in the read models', async () => {
    const models = new ReadModels();
    for (const recorded of await store.readAll()) models.apply(decodeEvent(recorded));
    for (const projection of models.projections) projection.caughtUp();
    const view = models.entity({ category: 'agreement', id: 'mou-2019' }, parseDate('2020').hi) as { kind: string | null };
    expect(view.kind).toBe('memorandum-of-understanding');
    expect(isoDay(parseDate('2020').hi)).toBe('2020-12-31');
  });

  it('takes new developments at version 2 only: a free-text kind is refused, naming the field', () => {
    expect(definitionOf('AgreementSigned')!.schemaVersion).toBe(2);
    const parsed = parseDevelopment({ type: 'AgreementSigned', ...v1Data });
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.issues.map((i) => i.pointer)).toEqual(['/kind']);
    expect(parseDevelopment({ type: 'AgreementSigned', ...v1Data, kind: 'memorandum-of-understanding' }).ok).toBe(true);
  });

  it('turns free text into a slug, dropping a kind with no letters or digits', () => {
    expect(kindSlug('Memorandum of Understanding')).toBe('memorandum-of-understanding');
    expect(kindSlug('  Accord de coopération (cadre) ')).toBe('accord-de-cooperation-cadre');
    expect(kindSlug('—')).toBeUndefined();
  });
});

describe('stored old-version data is checked against its own version', () => {
  it('refuses version 1 data that version 1 never allowed, saying so', () => {
    const recorded = {
      eventId: '2f0c7e3a-5b1d-4c8e-9a6f-0d4b3c2a1e91',
      stream: 'agreement-bad-v1',
      revision: 0,
      position: 9n,
      type: 'AgreementSigned',
      data: { ...v1Data, agreementId: 'bad-v1', kind: 'k'.repeat(101) },
      metadata: { recordedAt: '2024-03-01T10:00:00.000Z', recordedBy: 'cli:archivist', correlationId: 'legacy-2', causationId: null, schemaVersion: 1 },
    };
    expect(() => decodeEvent(recorded)).toThrow(/\/data\/kind .*\(as version 1\)/);
  });
});
