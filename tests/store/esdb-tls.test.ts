import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openEventStore } from '../../src/store/open-event-store.js';
import { StoreUnavailableError } from '../../src/store/event-store.js';
import { EsdbTestServer } from '../support/esdb-test-server/server.js';
import { makeTestCertificates, type TestCertificates } from '../support/esdb-test-server/test-certificates.js';
import { tempDir } from '../support/temp-dir.js';
import { newEvent } from './event-store-conformance.js';

describe('Concord on a TLS EventStoreDB node', () => {
  const tmp = tempDir('concord-tls-');
  let node: EsdbTestServer;
  let trusted: TestCertificates;
  let stranger: TestCertificates;

  beforeAll(async () => {
    trusted = makeTestCertificates(tmp.dir, 'trusted');
    stranger = makeTestCertificates(tmp.dir, 'stranger');
    node = await EsdbTestServer.start({ tls: { key: trusted.key, cert: trusted.cert } });
  });

  afterAll(async () => {
    await node?.stop();
    tmp.remove();
  });

  const storeFor = (caFile: string) =>
    openEventStore(loadConfig({ CONCORD_STORE: 'esdb', CONCORD_ESDB_URL: `esdb://localhost:${node.port}?tls=true&tlsCAFile=${caFile}`, CONCORD_ESDB_DEADLINE_MS: '1000' }));

  it('connects with tls=true and the CA that signed the node certificate', async () => {
    const store = await storeFor(trusted.caFile);
    try {
      const result = await store.append('organisation-tls', [newEvent()], 'no_stream');
      expect(result.nextExpectedRevision).toBe(0);
      expect(await store.readStream('organisation-tls')).toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  it('refuses a node whose certificate another CA signed, with an error that says so', async () => {
    const store = await storeFor(stranger.caFile);
    try {
      const error = await store.append('organisation-tls', [newEvent()], 'any').catch((reason: unknown) => reason);
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect((error as Error).message).toMatch(/certificate|self[- ]signed|verify|SSL|TLS|handshake/i);
      expect(node.log.all.filter((record) => record.stream === 'organisation-tls')).toHaveLength(1);
    } finally {
      await store.close();
    }
  });
});
