import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportRecords } from '../../src/recording/export-records.js';
import { parseExportText, restoreExportFile, RestoreRejectedError, RestoreTargetNotEmptyError } from '../../src/recording/restore-records.js';
import { EsdbEventStore } from '../../src/store/esdb-event-store.js';
import type { TestServer } from '../support/test-server.js';
import { startTestServer } from '../support/test-server.js';
import { EsdbTestServer } from '../support/esdb-test-server/server.js';
import { readAnswers, startConcordOnEsdb, withoutPositions } from '../support/esdb-concord.js';
import { runCli } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';

const ENTITIES = ['organisation/moved-org', 'person/moved-person', 'group/moved-group'];

describe('moving an embedded store onto EventStoreDB with concord export and concord restore', () => {
  const tmp = tempDir();
  const exportFile = tmp.file('concord-export.ndjson');
  let embedded: TestServer;
  let node: EsdbTestServer;
  let esdbEnv: Record<string, string>;
  let embeddedAnswers: Record<string, unknown>;

  beforeAll(async () => {
    embedded = await startTestServer();
    for (const development of [
      { type: 'OrganisationRegistered', organisationId: 'moved-org', name: 'Moved Org' },
      { type: 'PersonRegistered', personId: 'moved-person', name: 'Moved Person' },
      { type: 'GroupFormed', groupId: 'moved-group', name: 'Moved group', kind: 'network', formedOn: '2019' },
      { type: 'MemberJoined', groupId: 'moved-group', organisationId: 'moved-org', on: '2020-03' },
    ]) {
      const answer = await embedded.post('/developments', development, { 'X-Correlation-Id': 'migration-test' });
      expect(answer.status).toBe(201);
    }
    embeddedAnswers = await readAnswers(embedded, ENTITIES);
    node = await EsdbTestServer.start();
    esdbEnv = { CONCORD_STORE: 'esdb', CONCORD_ESDB_URL: node.connectionString() };
  });

  afterAll(async () => {
    await embedded?.close();
    await node?.stop();
    tmp.remove();
  });

  it('exports every stored event of the SQLite store as NDJSON in global order', async () => {
    const result = await runCli(['export', '--output', exportFile], { CONCORD_SQLITE_PATH: embedded.dbPath });
    expect(result.stderr).toMatch(/^exported \d+ events/);
    expect(result.code).toBe(0);

    const lines = readFileSync(exportFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    const stored = await embedded.server.store.readAll();
    expect(lines).toEqual(stored.map((event) => ({ ...event, position: event.position.toString() })));
  });

  it('restores the export into an empty EventStoreDB, keeping ids, streams, revisions and metadata', async () => {
    const result = await runCli(['restore', exportFile], esdbEnv);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);

    const restored = EsdbEventStore.connect(node.connectionString());
    try {
      const records = [];
      for await (const record of exportRecords(restored)) records.push({ ...record, position: undefined });
      const original = readFileSync(exportFile, 'utf8').trim().split('\n').map((line) => ({ ...JSON.parse(line), position: undefined }));
      expect(records).toEqual(original);
    } finally {
      await restored.close();
    }
  });

  it('answers /state, /timeline and /entities on EventStoreDB exactly as on SQLite, apart from positions', async () => {
    const moved = await startConcordOnEsdb(node);
    try {
      expect(moved.server.seeded).toBe(0);
      const answers = await readAnswers(moved, ENTITIES);
      expect(withoutPositions(answers)).toEqual(withoutPositions(embeddedAnswers));
      expect(JSON.stringify(answers)).toContain('"position"');
    } finally {
      await moved.close();
    }
  });

  it('refuses to restore into a store that already holds events, writing nothing', async () => {
    const before = node.log.all.length;
    const store = EsdbEventStore.connect(node.connectionString());
    try {
      await expect(restoreExportFile(store, exportFile)).rejects.toBeInstanceOf(RestoreTargetNotEmptyError);
    } finally {
      await store.close();
    }
    expect(node.log.all.length).toBe(before);
  });

  it('validates every line before writing any, naming the line and field', async () => {
    const [first, second] = readFileSync(exportFile, 'utf8').trim().split('\n');
    const text = [first, JSON.stringify({ ...JSON.parse(second!), revision: 'two' }), 'not json', JSON.stringify({ ...JSON.parse(first!), type: 'NoSuchType' })].join('\n');

    const error = (() => {
      try {
        return parseExportText('bad.ndjson', text);
      } catch (reason) {
        return reason;
      }
    })();

    expect(error).toBeInstanceOf(RestoreRejectedError);
    const message = (error as Error).message;
    expect(message).toContain('line 2 /revision');
    expect(message).toContain('line 3: [malformed-json]');
    expect(message).toContain('line 4 /type: [invalid-event]');
    expect(message).toContain('nothing was written');
  });
});
