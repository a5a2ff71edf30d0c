import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey } from '../../src/auth/api-keys.js';
import { runCli } from '../support/run-cli.js';
import { startTestServer, type As, type TestServer } from '../support/test-server.js';

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer();
});
afterAll(() => api.close());

const ROLES: As[] = ['anonymous', 'reader', 'editor', 'admin'];
let n = 0;
const newPerson = () => ({ type: 'PersonRegistered', personId: `person-${++n}`, name: `Person ${n}` });

describe('the role matrix: every route, every role', () => {
  const reads = ['/timeline', '/entities/group/iag-tvet', '/state', '/metrics', '/healthz', '/readyz'];
  for (const path of reads) {
    it(`GET ${path}: open to every role, anonymous included`, async () => {
      for (const as of ROLES) expect((await api.get(path, {}, as)).status, as).toBe(200);
    });
  }

  it('POST /developments: 401 anonymous, 403 reader, 201 editor and admin', async () => {
    const anonymous = await api.post('/developments', newPerson(), {}, 'anonymous');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    expect(anonymous.body).toMatchObject({ code: 'authentication-required' });
    const reader = await api.post('/developments', newPerson(), {}, 'reader');
    expect(reader.status).toBe(403);
    expect(reader.body).toMatchObject({ code: 'forbidden', role: 'reader', required: 'editor' });
    expect((await api.post('/developments', newPerson(), {}, 'editor')).status).toBe(201);
    expect((await api.post('/developments', newPerson(), {}, 'admin')).status).toBe(201);
  });

  it('GET /audit/events and GET /audit/verifications/:id: admin only (401 anonymous, 403 reader and editor)', async () => {
    for (const path of ['/audit/events?limit=1', '/audit/verifications/no-such-run']) {
      expect((await api.get(path, {}, 'anonymous')).status, path).toBe(401);
      expect((await api.get(path, {}, 'reader')).status, path).toBe(403);
      expect((await api.get(path, {}, 'editor')).status, path).toBe(403);
    }
    expect((await api.get('/audit/events?limit=1', {}, 'admin')).status).toBe(200);
    expect((await api.get('/audit/verifications/no-such-run', {}, 'admin')).status).toBe(404);
  });

  it('POST /audit/verifications: admin only', async () => {
    expect((await api.post('/audit/verifications', '', {}, 'anonymous')).status).toBe(401);
    expect((await api.post('/audit/verifications', '', {}, 'reader')).status).toBe(403);
    expect((await api.post('/audit/verifications', '', {}, 'editor')).status).toBe(403);
    expect((await api.post('/audit/verifications', '', {}, 'admin')).status).toBe(202);
  });

  it('GET /entities/:category/:id/history: open like every read', async () => {
    for (const as of ROLES) expect((await api.get('/entities/group/iag-tvet/history', {}, as)).status, as).toBe(200);
  });

  it('writes nothing on a refused write', async () => {
    const before = (await api.server.store.readAll()).length;
    await api.post('/developments', newPerson(), {}, 'anonymous');
    await api.post('/developments', newPerson(), {}, 'reader');
    expect((await api.server.store.readAll()).length).toBe(before);
  });
});

describe('API keys', () => {
  it('refuses an unknown or malformed key with 401, never treating it as anonymous', async () => {
    for (const authorization of ['Bearer ck_not-a-key', 'Basic dXNlcjpwYXNz', 'Bearer']) {
      const answer = await api.get('/state', { Authorization: authorization });
      expect(answer.status, authorization).toBe(401);
      expect(answer.body.code).toBe('invalid-api-key');
    }
  });

  it("records the key's name as recordedBy", async () => {
    const written = await api.post('/developments', newPerson(), {}, 'admin');
    const [event] = await api.server.store.readStream(written.body.stream);
    expect((event!.metadata as { recordedBy: string }).recordedBy).toBe('test-admin');
  });

  it('scopes Idempotency-Keys to the caller', async () => {
    const body = newPerson();
    const first = await api.post('/developments', body, { 'Idempotency-Key': 'shared-key' }, 'editor');
    const second = await api.post('/developments', { ...body, personId: `${body.personId}-b` }, { 'Idempotency-Key': 'shared-key' }, 'admin');
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.eventId).not.toBe(first.body.eventId);
  });

  it('are created by `concord keys create`, which prints the key alone on its last line, and work without a restart', async () => {
    const result = await runCli(['keys', 'create', '--name', 'ops-bot', '--role', 'editor'], { CONCORD_KEYS_FILE: keysFileOf(api) });
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    const key = lines.at(-1)!;
    expect(key).toMatch(/^ck_[A-Za-z0-9_-]{43}$/);
    expect(result.stderr).toContain('shown this once');
    // Only the hash is stored.
    const { readFileSync } = await import('node:fs');
    const stored = readFileSync(keysFileOf(api), 'utf8');
    expect(stored).not.toContain(key);
    expect(stored).toContain(hashApiKey(key));
    await new Promise((r) => setTimeout(r, 1100)); // the server re-reads the file at most once a second
    const written = await api.post('/developments', newPerson(), { Authorization: `Bearer ${key}` }, 'anonymous');
    expect(written.status).toBe(201);
    const duplicate = await runCli(['keys', 'create', '--name', 'ops-bot', '--role', 'reader'], { CONCORD_KEYS_FILE: keysFileOf(api) });
    expect(duplicate.code).toBe(1);
    expect((await runCli(['keys', 'create', '--name', 'x', '--role', 'root'], { CONCORD_KEYS_FILE: keysFileOf(api) })).code).toBe(2);
  });
});

function keysFileOf(server: TestServer): string {
  return server.dbPath.replace(/concord\.db$/, 'keys.json');
}

describe('reads closed by configuration', () => {
  it('needs a key for every read but the health probes', async () => {
    const closed = await startTestServer({ env: { CONCORD_READS_REQUIRE_KEY: 'true' } });
    try {
      expect((await closed.get('/state')).status).toBe(401);
      expect((await closed.get('/state', {}, 'reader')).status).toBe(200);
      expect((await closed.get('/healthz')).status).toBe(200);
      expect((await closed.get('/readyz')).status).toBe(200);
    } finally {
      await closed.close();
    }
  });

  it('accepts keys given as hashes in CONCORD_API_KEYS', async () => {
    const key = 'ck_' + 'a'.repeat(43);
    const server = await startTestServer({ env: { CONCORD_API_KEYS: `ci-bot:editor:${hashApiKey(key)}` } });
    try {
      expect((await server.post('/developments', newPerson(), { Authorization: `Bearer ${key}` }, 'anonymous')).status).toBe(201);
    } finally {
      await server.close();
    }
  });
});
