import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { tempDir } from '../support/temp-dir.js';

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer({ env: { CONCORD_MIN_POSITION_WAIT_MS: '300' } });
});
afterAll(() => api.close());

describe('minPosition: reading one\'s own writes', () => {
  it('waits until the read models have applied the position of a write', async () => {
    const written = await api.post('/developments', { type: 'OrganisationRegistered', organisationId: 'newcomer', name: 'Newcomer' });
    const answer = await api.get(`/entities/organisation/newcomer?minPosition=${written.body.position}`);
    expect(answer.status).toBe(200);
    expect(answer.body.entity.name).toBe('Newcomer');
    expect(BigInt(answer.body.asOf.position)).toBeGreaterThanOrEqual(BigInt(written.body.position));
  });

  it('answers 503 problem+json with Retry-After when the position is not reached in time', async () => {
    for (const path of ['/state', '/timeline', '/entities/organisation/cedefop']) {
      const answer = await api.get(`${path}?minPosition=999999`);
      expect(answer.status).toBe(503);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(answer.headers.get('retry-after')).toBe('1');
      expect(answer.body).toMatchObject({ code: 'position-not-reached', minPosition: '999999' });
    }
  });
});

describe('a second process writing the same store file', () => {
  it('is seen by the running server within a second', async () => {
    const tmp = tempDir();
    try {
      const file = tmp.file('one.json');
      writeFileSync(file, JSON.stringify([{ type: 'OrganisationRegistered', organisationId: 'from-elsewhere', name: 'From Elsewhere' }]));
      const result = await runCli(['import', file], { CONCORD_SQLITE_PATH: api.dbPath });
      expect(result.code).toBe(0);
      const importedAt = Date.now();
      let seenAfter: number | undefined;
      while (Date.now() - importedAt < 3000) {
        if ((await api.get('/entities/organisation/from-elsewhere')).status === 200) {
          seenAfter = Date.now() - importedAt;
          break;
        }
        await new Promise((r) => setTimeout(r, 25));
      }
      expect(seenAfter).toBeDefined();
      expect(seenAfter!).toBeLessThan(1000);
    } finally {
      tmp.remove();
    }
  });
});

describe('a restart on the same store file', () => {
  it('gives the same answers', async () => {
    await api.post('/developments', { type: 'MemberJoined', groupId: 'iag-tvet', organisationId: 'newcomer', on: '2024-02' });
    const paths = ['/state?at=2024-06-01', '/timeline?limit=500', '/entities/group/iag-tvet?at=2024-06-01', '/entities/organisation/newcomer?at=2024-06-01'];
    const before = await Promise.all(paths.map((p) => api.get(p)));
    await api.restart();
    expect(api.server.seeded).toBe(0); // the store was not empty: nothing loaded again
    const after = await Promise.all(paths.map((p) => api.get(p)));
    for (let i = 0; i < paths.length; i += 1) {
      expect(after[i]!.status, paths[i]).toBe(200);
      expect(after[i]!.body, paths[i]).toEqual(before[i]!.body);
    }
  });
});
