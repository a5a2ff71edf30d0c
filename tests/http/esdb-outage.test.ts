import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestServer } from '../support/test-server.js';
import { EsdbTestServer } from '../support/esdb-test-server/server.js';
import { digestOf, eventually, readAnswers, startConcordOnEsdb } from '../support/esdb-concord.js';

const development = (id: string) => ({ type: 'OrganisationRegistered', organisationId: id, name: `Org ${id}` });

describe('Concord on EventStoreDB when the node goes away and comes back', () => {
  let node: EsdbTestServer;
  let api: TestServer;

  beforeEach(async () => {
    node = await EsdbTestServer.start();
    api = await startConcordOnEsdb(node);
  });

  afterEach(async () => {
    await api.close();
    await node.stop();
  });

  it('keeps answering reads from memory, flagged as possibly behind, and fails writes fast with 503 and Retry-After', async () => {
    const before = await api.get('/state?at=2024-06-30');
    expect(before.body.asOf.caughtUp).toBe(true);
    expect(before.body.asOf).not.toHaveProperty('secondsSinceLastEvent');

    await node.stop();
    const during = await eventually(
      () => api.get('/state?at=2024-06-30'),
      (answer) => answer.body.asOf.caughtUp === false,
    );
    expect(during.status).toBe(200);
    expect(during.body.state).toEqual(before.body.state);
    expect(during.body.asOf).toMatchObject({ caughtUp: false, position: before.body.asOf.position, secondsSinceLastEvent: expect.any(Number) });

    const started = Date.now();
    const write = await api.post('/developments', development('offline'));
    expect(write.status).toBe(503);
    expect(write.headers.get('content-type')).toContain('application/problem+json');
    expect(write.headers.get('retry-after')).toBe('1');
    expect(write.body).toMatchObject({ status: 503, code: 'store-unavailable' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('resumes the subscription from its checkpoint once the node is back: no event missed, none applied twice', async () => {
    await api.post('/developments', development('before-outage'));
    await node.stop();
    await eventually(() => api.get('/state'), (answer) => answer.body.asOf.caughtUp === false);

    // While this process reconnects (with back-off), a sibling Concord process writes through the node.
    await node.start();
    const sibling = await startConcordOnEsdb(node, { seed: false });
    try {
      const written = [];
      for (const id of ['during-1', 'during-2', 'during-3']) written.push(await sibling.post('/developments', development(id)));
      expect(written.map((answer) => answer.status)).toEqual([201, 201, 201]);

      const last = written.at(-1)!.body.position as string;
      const after = await eventually(
        () => api.get(`/state?minPosition=${last}`),
        (answer) => answer.status === 200 && answer.body.asOf.caughtUp === true,
      );
      expect(after.body.asOf.position).toBe(last);
      expect(after.body.asOf).not.toHaveProperty('secondsSinceLastEvent');

      const entities = ['organisation/before-outage', 'organisation/during-1', 'organisation/during-3'];
      expect(digestOf(await readAnswers(api, entities))).toBe(digestOf(await readAnswers(sibling, entities)));
      const timeline = (await api.get('/timeline?limit=500')).body.items as unknown[];
      expect(new Set(timeline.map((item) => JSON.stringify(item))).size).toBe(timeline.length);
      expect(timeline.filter((item) => JSON.stringify(item).includes('during-2'))).toHaveLength(1);
    } finally {
      await sibling.close();
    }
  });

  it('retries a write whose answer was lost through its Idempotency-Key: stored once, answered as stored', async () => {
    node.loseNextAppendAnswers(1);
    const lost = await api.post('/developments', development('flaky'), { 'Idempotency-Key': 'flaky-1' });
    expect(lost.status).toBe(503);

    const retry = await api.post('/developments', development('flaky'), { 'Idempotency-Key': 'flaky-1' });

    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await api.server.store.readStream('organisation-flaky')).toHaveLength(1);
  });
});
