import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateHistory } from '../../bench/history-generator.js';
import { ChainGapError, DeferredChain } from '../../src/audit/deferred-chain.js';
import { chainNewEvents, emptyChain, LINKED_ELSEWHERE } from '../../src/audit/hash-chain.js';
import { verifyLog } from '../../src/audit/verify-log.js';
import { parseDevelopmentText } from '../../src/recording/development-file.js';
import { importDevelopments, type ImportOptions } from '../../src/recording/import-developments.js';
import { SqliteEventStore } from '../../src/store/sqlite-event-store.js';
import { tempDir } from '../support/temp-dir.js';

/**
 * A one-transaction import on SQLite leaves its events' hashes and metadata to the
 * writing thread (src/audit/deferred-chain.ts). What it stores must be what the deciding
 * thread would have stored itself, byte for byte: the two are held to each other here.
 */

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir('concord-deferred-chain-');
});
afterEach(() => tmp.remove());

const at = new Date('2026-12-02T03:00:00.000Z');
const options = (extra: Partial<ImportOptions> = {}): ImportOptions => ({
  file: 'history.ndjson',
  recordedBy: 'cli:auditor',
  correlationId: 'c-42',
  clock: () => at,
  writeMode: 'one-transaction',
  chunkSize: 250,
  ...extra,
});

/** The bench's history: corrections, retractions, backfills and imprecise dates among 3,000 developments. */
const history = generateHistory(3_000, 7).map((d) => JSON.stringify(d));
const items = (lines: readonly string[]) => parseDevelopmentText('history.ndjson', lines.join('\n'));

/** A store whose bulk appends hash on the deciding thread, as before the chain was deferred. */
function hashingHere(store: SqliteEventStore): SqliteEventStore {
  return new Proxy(store, {
    get: (target, key, receiver) => (key === 'beginChainingBulkAppend' ? undefined : (Reflect.get(target, key, receiver) as unknown)),
  });
}

/** The rows as stored, every column but the position. */
function rowsOf(file: string): unknown[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT stream, revision, event_id, type, data, metadata FROM events ORDER BY position').raw().all();
  } finally {
    db.close();
  }
}

async function importInto(file: string, before: readonly string[], lines: readonly string[], deferred: boolean): Promise<void> {
  const store = SqliteEventStore.open(file);
  try {
    if (before.length > 0) await importDevelopments(store, items(before), options({ writeMode: 'chunks' }));
    await importDevelopments(deferred ? store : hashingHere(store), items(lines), options());
    const report = await verifyLog(store);
    expect(report.ok, JSON.stringify(report.checks)).toBe(true);
  } finally {
    await store.close();
  }
}

describe('an import whose hash chain the writing thread links', () => {
  it('stores the rows the deciding thread would have stored, byte for byte, into an empty store', async () => {
    await importInto(tmp.file('deferred.db'), [], history, true);
    await importInto(tmp.file('here.db'), [], history, false);
    const deferred = rowsOf(tmp.file('deferred.db'));
    expect(deferred).toHaveLength(history.length);
    expect(deferred).toEqual(rowsOf(tmp.file('here.db')));
  });

  it('continues the chains of streams already stored, from the hash the store holds', async () => {
    const [before, after] = [history.slice(0, 1_200), history.slice(1_200)];
    await importInto(tmp.file('deferred.db'), before, after, true);
    await importInto(tmp.file('here.db'), before, after, false);
    expect(rowsOf(tmp.file('deferred.db'))).toEqual(rowsOf(tmp.file('here.db')));
  });

  it('refuses, and writes nothing of the import, when a chain it is asked to continue was never started', async () => {
    const store = SqliteEventStore.open(tmp.file('events.db'));
    try {
      const session = await store.beginChainingBulkAppend(undefined, { recordedBy: 'cli:auditor', correlationId: 'c-42' })!;
      const event = { eventId: '7b0c1e6a-2f8d-4c1e-9a3b-5d6e7f8a9b0c', type: 'OrganisationRegistered', data: '{}', canonicalData: '', recordedAt: at.toISOString(), causationId: null, schemaVersion: 1 };
      await expect(session.write([{ stream: 'organisation-x', expectedRevision: 'no_stream', prevHash: null, events: [event] }])).rejects.toMatchObject({
        index: 0,
        cause: { code: 'chain-gap' },
      });
      await expect(session.commit()).rejects.toMatchObject({ cause: { code: 'chain-gap' } });
      expect(await store.readAll()).toEqual([]);
    } finally {
      await store.close();
    }
  });
});

describe('DeferredChain', () => {
  const provenance = { recordedBy: 'cli:auditor', correlationId: 'c-42', file: 'history.ndjson' };
  const event = (n: number) => ({
    eventId: `00000000-0000-4000-8000-00000000000${n}`,
    type: 'MeetingHeld',
    data: '{"b":1,"a":2}',
    canonicalData: '{"a":2,"b":1}',
    recordedAt: '2026-12-02T03:00:00.000Z',
    causationId: null,
    schemaVersion: 1,
    item: n,
    line: n + 1,
  });

  it('links each append to the one before it in its stream, as chainNewEvents does', () => {
    const chain = new DeferredChain(provenance);
    const head = emptyChain('meeting-m1');
    const first = chain.link({ stream: 'meeting-m1', expectedRevision: 'no_stream', prevHash: head.hash, events: [event(1), event(2)] });
    const second = chain.link({ stream: 'meeting-m1', expectedRevision: 1, prevHash: null, events: [event(3)] });
    const here = chainNewEvents(
      head,
      [1, 2, 3].map((n) => {
        const e = event(n);
        const metadata = { recordedAt: e.recordedAt, recordedBy: 'cli:auditor', correlationId: 'c-42', causationId: null, schemaVersion: 1, importedFrom: { file: 'history.ndjson', item: n, line: n + 1 } };
        return { eventId: e.eventId, type: e.type, data: JSON.parse(e.data) as unknown, metadata };
      }),
    ).events;
    expect([...first, ...second]).toEqual(here.map((e) => ({ eventId: e.eventId, type: e.type, data: JSON.stringify(e.data), metadata: JSON.stringify(e.metadata) })));
  });

  it('refuses to continue a chain it did not start, or from another revision than where it stands', () => {
    const chain = new DeferredChain(provenance);
    expect(() => chain.link({ stream: 'meeting-m1', expectedRevision: 3, prevHash: null, events: [event(1)] })).toThrow(ChainGapError);
    chain.link({ stream: 'meeting-m1', expectedRevision: 'no_stream', prevHash: emptyChain('meeting-m1').hash, events: [event(1)] });
    expect(() => chain.link({ stream: 'meeting-m1', expectedRevision: 4, prevHash: null, events: [event(2)] })).toThrow(/stands at revision 0/);
  });

  it('leaves a head it links unusable for hashing on the deciding thread', () => {
    const { eventId, type } = event(1);
    const unchained = [{ eventId, type, data: { a: 2 }, metadata: {} }];
    expect(() => chainNewEvents({ stream: 'meeting-m1', revision: 0, hash: LINKED_ELSEWHERE }, unchained)).toThrow(/linked on another thread/);
  });
});
