import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer();
  for (const id of ['alpha', 'beta', 'gamma']) await api.post('/developments', { type: 'OrganisationRegistered', organisationId: id, name: id });
});
afterAll(() => api.close());

const join = (organisationId: string) => ({ type: 'MemberJoined', groupId: 'iag-tvet', organisationId, on: '2024-03' });

async function readGroup() {
  const head = (await api.get('/readyz')).body.storeHead as string;
  return api.get(`/entities/group/iag-tvet?minPosition=${head}`);
}

describe('optimistic concurrency over HTTP (ETag / If-Match)', () => {
  it('an entity read carries a strong ETag of its stream revision', async () => {
    const answer = await readGroup();
    expect(answer.headers.get('etag')).toMatch(/^"\d+"$/);
    expect(answer.headers.get('etag')).toBe(`"${(await api.server.store.readStream('group-iag-tvet')).length - 1}"`);
  });

  it('a development sent with the current ETag in If-Match is appended at exactly that revision', async () => {
    const etag = (await readGroup()).headers.get('etag')!;
    const written = await api.post('/developments', join('alpha'), { 'If-Match': etag });
    expect(written.status).toBe(201);
    expect(written.body.revision).toBe(Number(JSON.parse(etag)) + 1);
    expect(written.headers.get('etag')).toBe(`"${written.body.revision}"`);
  });

  it('412 problem+json naming the current revision when the stream moved on, and nothing is written', async () => {
    const stale = (await readGroup()).headers.get('etag')!;
    expect((await api.post('/developments', join('beta'))).status).toBe(201); // someone else writes
    const before = (await api.server.store.readStream('group-iag-tvet')).length;
    const answer = await api.post('/developments', join('gamma'), { 'If-Match': stale });
    expect(answer.status).toBe(412);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(answer.body).toMatchObject({ code: 'precondition-failed', stream: 'group-iag-tvet', currentRevision: before - 1 });
    expect((await api.server.store.readStream('group-iag-tvet')).length).toBe(before);
  });

  it('compares strongly: a weak tag never matches', async () => {
    const etag = (await readGroup()).headers.get('etag')!;
    expect((await api.post('/developments', join('gamma'), { 'If-Match': `W/${etag}` })).status).toBe(412);
    expect((await api.post('/developments', join('gamma'), { 'If-Match': `"x", ${etag}` })).status).toBe(201);
  });

  it('If-Match: * needs the stream to exist', async () => {
    expect((await api.post('/developments', { type: 'PersonRegistered', personId: 'nobody-yet', name: 'N' }, { 'If-Match': '*' })).status).toBe(412);
    expect((await api.post('/developments', { type: 'StatementMade', statementId: 's1', personId: 'jurgen-siebel', quote: 'Q', on: '2024-01-01' }, { 'If-Match': '*' })).status).toBe(201);
  });

  it('400 for an If-Match that is not a list of entity tags', async () => {
    const answer = await api.post('/developments', join('gamma'), { 'If-Match': 'revision 5' });
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].header).toBe('If-Match');
  });

  it('racing writers on one version: exactly one lands, the others get 412', async () => {
    for (const id of ['r1', 'r2', 'r3', 'r4']) await api.post('/developments', { type: 'OrganisationRegistered', organisationId: id, name: id });
    const etag = (await readGroup()).headers.get('etag')!;
    const answers = await Promise.all(['r1', 'r2', 'r3', 'r4'].map((id) => api.post('/developments', join(id), { 'If-Match': etag })));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 412)).toHaveLength(3);
  });
});
