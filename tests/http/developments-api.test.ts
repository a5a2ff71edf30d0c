import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer({ seed: false });
  await api.post('/developments', { type: 'OrganisationRegistered', organisationId: 'acme', name: 'Acme' });
  await api.post('/developments', { type: 'GroupFormed', groupId: 'guild', name: 'Guild', kind: 'network', formedOn: '2008' });
});
afterAll(() => api.close());

async function eventCount(): Promise<number> {
  return (await api.server.store.readAll()).length;
}

function expectProblem(answer: { status: number; headers: Headers; body: any }, status: number, code: string) {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toContain('application/problem+json');
  expect(answer.body).toMatchObject({ status, code, type: `urn:concord:problem:${code}` });
  expect(typeof answer.body.title).toBe('string');
  expect(typeof answer.body.detail).toBe('string');
  expect(JSON.stringify(answer.body)).not.toMatch(/\bat .*\.(ts|js):\d+/); // no stack traces
}

describe('POST /developments', () => {
  it('appends a development and answers 201 with its event id, stream, revision and position', async () => {
    const answer = await api.post('/developments', { type: 'MemberJoined', groupId: 'guild', organisationId: 'acme', on: '2010' });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ stream: 'group-guild', entity: 'group:guild', revision: 1 });
    expect(answer.body.eventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.body.position).toMatch(/^\d+$/);
    expect(answer.headers.get('location')).toBe('/entities/group/guild');
  });

  it('records who, when and the correlation id in the metadata', async () => {
    const answer = await api.post('/developments', { type: 'PersonRegistered', personId: 'ada', name: 'Ada' }, { 'X-Correlation-Id': 'corr-123' });
    expect(answer.status).toBe(201);
    const [event] = await api.server.store.readStream('person-ada');
    expect(event!.metadata).toMatchObject({ recordedBy: 'test-editor', correlationId: 'corr-123', causationId: null, schemaVersion: 1 });
    expect(Date.parse((event!.metadata as { recordedAt: string }).recordedAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('400: malformed JSON, and nothing is written', async () => {
    const before = await eventCount();
    expectProblem(await api.post('/developments', '{"type": "PersonRegistered",'), 400, 'malformed-json');
    expect(await eventCount()).toBe(before);
  });

  it('400: a schema violation names each offending field', async () => {
    const before = await eventCount();
    const answer = await api.post('/developments', { type: 'AgreementSigned', agreementId: 'x', title: 'T', parties: ['acme'], signedOn: '2023-02-30' });
    expectProblem(answer, 400, 'invalid-development');
    expect(answer.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/parties', '/signedOn']);
    expect(await eventCount()).toBe(before);
  });

  it('400: an unknown type', async () => {
    const answer = await api.post('/developments', { type: 'Nope' });
    expectProblem(answer, 400, 'invalid-development');
    expect(answer.body.errors[0].pointer).toBe('/type');
  });

  it('415: a body that is not JSON', async () => {
    expectProblem(await api.post('/developments', 'x', { 'content-type': 'text/plain' }), 415, 'unsupported-media-type');
  });

  it('422: a broken domain rule, with its code and field, and nothing is written', async () => {
    const before = await eventCount();
    const answer = await api.post('/developments', { type: 'MemberJoined', groupId: 'guild', organisationId: 'nobody', on: '2010' });
    expectProblem(answer, 422, 'unknown-reference');
    expect(answer.body.errors[0].pointer).toBe('/organisationId');
    expectProblem(await api.post('/developments', { type: 'MemberJoined', groupId: 'guild', organisationId: 'acme', on: '2011' }), 422, 'already-member');
    expectProblem(await api.post('/developments', { type: 'OrganisationRegistered', organisationId: 'acme', name: 'Acme again' }), 422, 'already-registered');
    expect(await eventCount()).toBe(before);
  });

  it('accepts a join dated ../2023-12-07 in a group formed in 2008 (only certain violations are rejected)', async () => {
    await api.post('/developments', { type: 'OrganisationRegistered', organisationId: 'beta', name: 'Beta' });
    expect((await api.post('/developments', { type: 'MemberJoined', groupId: 'guild', organisationId: 'beta', on: '../2023-12-07' })).status).toBe(201);
    await api.post('/developments', { type: 'OrganisationRegistered', organisationId: 'gamma', name: 'Gamma' });
    expectProblem(await api.post('/developments', { type: 'MemberJoined', groupId: 'guild', organisationId: 'gamma', on: '2007' }), 422, 'before-formation');
  });

  it('404: an unknown route answers problem+json too', async () => {
    expectProblem(await api.get('/nowhere'), 404, 'not-found');
  });
});

describe('idempotency over HTTP', () => {
  const development = { type: 'PersonRegistered', personId: 'grace', name: 'Grace Hopper' };

  it('a retry with the same Idempotency-Key answers the stored result and writes nothing', async () => {
    const first = await api.post('/developments', development, { 'Idempotency-Key': 'key-grace-1' });
    expect(first.status).toBe(201);
    const before = await eventCount();
    const retry = await api.post('/developments', development, { 'Idempotency-Key': 'key-grace-1' });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(await eventCount()).toBe(before);
  });

  it('the same key with a different development is 422 idempotency-key-reused', async () => {
    const before = await eventCount();
    expectProblem(await api.post('/developments', { ...development, name: 'Someone else' }, { 'Idempotency-Key': 'key-grace-1' }), 422, 'idempotency-key-reused');
    expect(await eventCount()).toBe(before);
  });

  it('concurrent retries of one key write once', async () => {
    const body = { type: 'PersonRegistered', personId: 'linus', name: 'Linus' };
    const answers = await Promise.all(Array.from({ length: 8 }, () => api.post('/developments', body, { 'Idempotency-Key': 'key-linus' })));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(201));
    expect(new Set(answers.map((a) => a.body.eventId)).size).toBe(1);
    expect(await api.server.store.readStream('person-linus')).toHaveLength(1);
  });

  it('rejects an unusable key', async () => {
    expectProblem(await api.post('/developments', development, { 'Idempotency-Key': 'x'.repeat(300) }), 400, 'invalid-header');
  });
});

describe('concurrent developments on one stream', () => {
  it('are each decided on the state they append to: all distinct joins land, at distinct revisions', async () => {
    for (let i = 0; i < 10; i += 1) await api.post('/developments', { type: 'OrganisationRegistered', organisationId: `member-${i}`, name: `M${i}` });
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => api.post('/developments', { type: 'MemberJoined', groupId: 'guild', organisationId: `member-${i}`, on: '2015' })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
    expect(new Set(answers.map((a) => a.body.revision)).size).toBe(10);
  });

  it('racing identical joins: exactly one lands, the others break a rule', async () => {
    await api.post('/developments', { type: 'OrganisationRegistered', organisationId: 'racer', name: 'Racer' });
    const answers = await Promise.all(Array.from({ length: 5 }, () => api.post('/developments', { type: 'MemberJoined', groupId: 'guild', organisationId: 'racer', on: '2016' })));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 422 && a.body.code === 'already-member')).toHaveLength(4);
  });
});
