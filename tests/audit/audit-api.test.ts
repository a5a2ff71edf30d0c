import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer();
});
afterAll(() => api.close());

async function finished(location: string) {
  for (;;) {
    const answer = await api.get(location, {}, 'admin');
    expect(answer.status).toBe(200);
    if (answer.body.status !== 'running') return answer.body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('GET /audit/events', () => {
  it('pages through the log in recorded order with full metadata, sources and hashes', async () => {
    const first = await api.get('/audit/events?limit=5', {}, 'admin');
    expect(first.status).toBe(200);
    expect(first.body.events).toHaveLength(5);
    const positions = first.body.events.map((e: { position: string }) => BigInt(e.position));
    expect(positions).toEqual([...positions].sort((a: bigint, b: bigint) => (a < b ? -1 : 1)));
    expect(first.body.events[0].metadata).toMatchObject({ recordedBy: 'seed', schemaVersion: expect.any(Number), hash: expect.stringMatching(/^[0-9a-f]{64}$/), importedFrom: { file: 'seed/iag-tvet-2023-12.json', item: 1 } });
    expect(first.body.events.some((e: { data: { sources?: unknown[] } }) => Array.isArray(e.data.sources))).toBe(true);
    const next = await api.get(`/audit/events?limit=5&fromPosition=${first.body.nextFromPosition}`, {}, 'admin');
    expect(BigInt(next.body.events[0].position)).toBeGreaterThan(positions[4]);
  });

  it('records who, when and under which correlation id, never from the body', async () => {
    const before = Date.now();
    const posted = await api.post('/developments', { type: 'OrganisationRenamed', organisationId: 'etf', name: 'European Training Foundation', on: '2024-01' }, { 'X-Correlation-Id': 'audit-api-1' });
    expect(posted.status).toBe(201);
    const page = await api.get(`/audit/events?fromPosition=${BigInt(posted.body.position) - 1n}`, {}, 'admin');
    const [event] = page.body.events;
    expect(event).toMatchObject({ position: posted.body.position, eventId: posted.body.eventId, entity: 'organisation:etf', type: 'OrganisationRenamed' });
    expect(event.metadata).toMatchObject({ recordedBy: 'test-editor', correlationId: 'audit-api-1', causationId: null });
    expect(Date.parse(event.metadata.recordedAt)).toBeGreaterThanOrEqual(before - 5);
    const forged = await api.post('/developments', { type: 'OrganisationRenamed', organisationId: 'etf', name: 'ETF', on: '2024-02', recordedBy: 'someone' });
    expect(forged.status).toBe(400);
  });

  it('answers bad parameters with a problem naming each', async () => {
    const answer = await api.get('/audit/events?limit=0&fromPosition=x&since=1', {}, 'admin');
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(answer.body.errors.map((e: { parameter: string }) => e.parameter).sort()).toEqual(['fromPosition', 'limit', 'since']);
  });
});

describe('GET /entities/:category/:id/history', () => {
  it("lists every event of the entity's stream and every event naming it, in recorded order", async () => {
    const answer = await api.get('/entities/organisation/cedefop/history');
    expect(answer.status).toBe(200);
    const events = answer.body.events as { position: string; relation: string; stream: string; corrections: unknown[] }[];
    expect(events.filter((e) => e.relation === 'subject').every((e) => e.stream === 'organisation-cedefop')).toBe(true);
    expect(events.some((e) => e.relation === 'reference' && e.stream !== 'organisation-cedefop')).toBe(true);
    expect(events.map((e) => BigInt(e.position))).toEqual(events.map((e) => BigInt(e.position)).sort((a, b) => (a < b ? -1 : 1)));
    expect(events.every((e) => Array.isArray(e.corrections))).toBe(true);
  });

  it('includes a development the moment it is recorded, folded into the read models or not', async () => {
    expect((await api.post('/developments', { type: 'OrganisationRegistered', organisationId: 'newcomer', name: 'Newcomer' })).status).toBe(201);
    const posted = await api.post('/developments', { type: 'MemberJoined', groupId: 'iag-tvet', organisationId: 'newcomer', on: '2024-03' });
    expect(posted.status).toBe(201);
    for (const entity of ['group/iag-tvet', 'organisation/newcomer']) {
      const answer = await api.get(`/entities/${entity}/history?limit=500`);
      expect(answer.body.events.at(-1), entity).toMatchObject({ eventId: posted.body.eventId, position: posted.body.position });
    }
  });

  it('answers 404 for an entity no event concerns', async () => {
    const answer = await api.get('/entities/organisation/nobody-at-all/history');
    expect(answer.status).toBe(404);
    expect(answer.body.code).toBe('unknown-entity');
  });
});

describe('POST /audit/verifications', () => {
  it('runs a verification in a worker while the API keeps answering, and reports it', async () => {
    const started = await api.post('/audit/verifications', '', {}, 'admin');
    expect(started.status).toBe(202);
    const location = started.headers.get('location')!;
    expect(location).toBe(`/audit/verifications/${started.body.id}`);
    // Answered at once: the live digest that pins the position is taken in the background.
    expect(started.body).toMatchObject({ status: 'running' });
    const second = await api.post('/audit/verifications', '', {}, 'admin');
    expect(second.status).toBe(409);
    expect((await api.get('/healthz')).status).toBe(200);
    const job = await finished(location);
    expect(job.error).toBeNull();
    expect(job.status).toBe('passed');
    expect(job.position).toMatch(/^\d+$/);
    expect(job.report).toMatchObject({ ok: true, position: job.position, failures: [] });
    expect(job.report.digests.live).toBe(job.report.digests.rebuilt[0]);
  });

  it('names the tampered event when the file was edited behind the server', async () => {
    const db = new Database(api.dbPath);
    const target = db.prepare("SELECT position, stream, revision FROM events WHERE stream = 'organisation-cedefop' ORDER BY revision LIMIT 1").get() as { position: number; stream: string; revision: number };
    db.prepare("UPDATE events SET data = json_set(data, '$.name', 'Forged') WHERE position = ?").run(target.position);
    db.close();
    const started = await api.post('/audit/verifications', '', {}, 'admin');
    expect(started.status).toBe(202);
    const job = await finished(started.headers.get('location')!);
    expect(job.status).toBe('failed');
    expect(job.report.failures).toContainEqual(expect.objectContaining({ check: 'chain', stream: target.stream, revision: target.revision, position: String(target.position) }));
    // The live read models folded the event as it was recorded; the rebuild reads the edit.
    expect(job.report.failures).toContainEqual(expect.objectContaining({ check: 'read-models' }));
  });

  it('answers 404 for an unknown verification', async () => {
    expect((await api.get('/audit/verifications/nope', {}, 'admin')).status).toBe(404);
  });
});
