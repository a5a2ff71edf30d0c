import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EsdbEventStore } from '../../src/store/esdb-event-store.js';
import { toProblem } from '../../src/http/problem.js';
import type { TestServer } from '../support/test-server.js';
import { EsdbTestServer } from '../support/esdb-test-server/server.js';
import { digestOf, eventually, readAnswers, startConcordOnEsdb } from '../support/esdb-concord.js';

describe('two Concord servers on one EventStoreDB node', () => {
  let node: EsdbTestServer;
  let one: TestServer;
  let two: TestServer;

  beforeAll(async () => {
    node = await EsdbTestServer.start();
    one = await startConcordOnEsdb(node);
    two = await startConcordOnEsdb(node);
  });

  afterAll(async () => {
    await one?.close();
    await two?.close();
    await node.stop();
  });

  it('seeds the shared store once', async () => {
    expect(one.server.seeded + two.server.seeded).toBe(one.server.seeded || two.server.seeded);
    expect(one.server.seeded).toBeGreaterThan(0);
  });

  it('reads through one server a development written through the other, with minPosition', async () => {
    const written = await one.post('/developments', { type: 'OrganisationRegistered', organisationId: 'written-by-one', name: 'Written by one' });
    expect(written.status).toBe(201);

    const read = await two.get(`/entities/organisation/written-by-one?minPosition=${written.body.position}`);

    expect(read.status).toBe(200);
    expect(read.body.entity).toMatchObject({ id: 'written-by-one', name: 'Written by one' });
    expect(BigInt(read.body.asOf.position)).toBeGreaterThanOrEqual(BigInt(written.body.position));
  });

  // The recording edge re-decides a development whose append lost a race, so over HTTP the
  // loser usually gets the domain's answer to the new state (422 already-member) and a 409
  // only when the stream keeps changing through every retry.
  it('lets exactly one of two racing writes to one stream win; the other is a 409 or a broken rule, and nothing is doubled', async () => {
    await one.post('/developments', { type: 'OrganisationRegistered', organisationId: 'racer', name: 'Racer' });
    const seen = await one.post('/developments', { type: 'GroupFormed', groupId: 'race-club', name: 'Race club', kind: 'network', formedOn: '2010' });
    await eventually(() => two.get(`/entities/group/race-club?minPosition=${seen.body.position}`), (answer) => answer.status === 200);

    const join = { type: 'MemberJoined', groupId: 'race-club', organisationId: 'racer', on: '2016' };
    const answers = await Promise.all([one.post('/developments', join), two.post('/developments', join)]);

    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses[0]).toBe(201);
    expect([409, 422]).toContain(statuses[1]);
    const loser = answers.find((answer) => answer.status !== 201)!;
    expect(loser.headers.get('content-type')).toContain('application/problem+json');
    expect(await one.server.store.readStream('group-race-club')).toHaveLength(2);
  });

  it('lets two connections that append expecting the same revision end with one winner and a 409 for the other', async () => {
    // A node of its own: these probe events are not developments and would stop the projections above.
    const probeNode = await EsdbTestServer.start();
    const [first, second] = [EsdbEventStore.connect(probeNode.connectionString()), EsdbEventStore.connect(probeNode.connectionString())];
    try {
      const stream = 'organisation-contested';
      await first.append(stream, [probe()], 'no_stream');
      const settled = await Promise.allSettled([first.append(stream, [probe()], 0), second.append(stream, [probe()], 0)]);
      expect(settled.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      const loser = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected')!.reason;
      expect(loser).toMatchObject({ code: 'wrong-expected-revision', stream, expected: 0, actual: 1 });
      expect(toProblem(loser)).toMatchObject({ status: 409, code: 'concurrency-conflict' });
    } finally {
      await first.close();
      await second.close();
      await probeNode.stop();
    }
  });

  it('converges: both servers answer every read identically once at the same position', async () => {
    const head = (await one.server.store.headPosition())!.toString();
    await eventually(() => one.get(`/state?minPosition=${head}`), (answer) => answer.status === 200);
    await eventually(() => two.get(`/state?minPosition=${head}`), (answer) => answer.status === 200);
    const entities = ['organisation/written-by-one', 'group/race-club'];
    expect(digestOf(await readAnswers(two, entities))).toBe(digestOf(await readAnswers(one, entities)));
    expect(one.server.projections.status().position).toBe(two.server.projections.status().position);
  });
});

function probe() {
  return { eventId: crypto.randomUUID(), type: 'Probe', data: {}, metadata: {} };
}
