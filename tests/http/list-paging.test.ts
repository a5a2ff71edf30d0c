import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer();
  for (const id of ['p1', 'p2', 'p3', 'p4', 'p5']) {
    await api.post('/developments', { type: 'OrganisationRegistered', organisationId: id, name: id });
    await api.post('/developments', { type: 'MemberJoined', groupId: 'iag-tvet', organisationId: id, on: '2024-02' });
  }
});
afterAll(() => api.close());

type Page = { status: number; body: { nextCursor: string | null; changes?: unknown[]; events?: unknown[] } };

async function walk(path: string, key: 'changes' | 'events', afterFirst?: () => Promise<void>): Promise<unknown[]> {
  const all: unknown[] = [];
  let cursor: string | null = null;
  let first = true;
  do {
    const page: Page = await api.get(`${path}${path.includes('?') ? '&' : '?'}limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    expect(page.status).toBe(200);
    all.push(...page.body[key]!);
    cursor = page.body.nextCursor;
    if (first && afterFirst) await afterFirst();
    first = false;
  } while (cursor);
  return all;
}

describe('cursors on every list', () => {
  it('/changes pages through the same list as one large page, pinned to the first page', async () => {
    const whole = (await api.get('/changes?from=2024-01-01&to=2024-12-31&limit=500')).body.changes as unknown[];
    expect(whole.length).toBeGreaterThan(4);
    const paged = await walk('/changes?from=2024-01-01&to=2024-12-31', 'changes', async () => {
      await api.post('/developments', { type: 'OrganisationRegistered', organisationId: 'late', name: 'Late' });
      const late = await api.post('/developments', { type: 'MemberJoined', groupId: 'iag-tvet', organisationId: 'late', on: '2024-01-15' });
      await api.get(`/state?minPosition=${late.body.position}`);
    });
    expect(paged).toEqual(whole);
  });

  it('/entities/:category/:id/history pages through the whole history, pinned to the first page', async () => {
    const whole = (await api.get('/entities/group/iag-tvet/history?limit=500')).body.events as unknown[];
    const paged = await walk('/entities/group/iag-tvet/history', 'events', async () => {
      await api.post('/developments', { type: 'MemberLeft', groupId: 'iag-tvet', organisationId: 'p1', on: '2025-01-01' });
    });
    expect(paged).toEqual(whole);
  });

  it('/state pages through its five lists as one large page would, pinned to the first page', async () => {
    const whole = (await api.get('/state?at=2024-06-30&limit=500')).body.state;
    const pages: Record<string, unknown[]>[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { state: Record<string, unknown[]>; nextCursor: string | null } } = await api.get(`/state?at=2024-06-30&limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      pages.push(page.body.state);
      cursor = page.body.nextCursor;
      if (pages.length === 1) await api.post('/developments', { type: 'OrganisationRegistered', organisationId: 'aaa-first-by-id', name: 'A' });
    } while (cursor);
    for (const list of ['organisations', 'people', 'groups', 'meetings', 'agreements']) {
      expect(pages.flatMap((p) => p[list]!), list).toEqual(whole[list]);
    }
    expect(pages.length).toBeGreaterThan(5);
  });

  it('refuse a cursor issued for another question, or one not issued at all', async () => {
    const first = await api.get('/changes?from=2024-01-01&to=2024-12-31&limit=1');
    const cursor = first.body.nextCursor as string;
    const other = await api.get(`/changes?from=2023-01-01&to=2024-12-31&cursor=${cursor}`);
    expect(other.status).toBe(400);
    expect(other.body.code).toBe('invalid-cursor');
    expect((await api.get(`/changes?from=2024-01-01&to=2024-12-31&cursor=${cursor}&knownAtPosition=36`)).status).toBe(400);
    const issued = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    for (const a of ['[1,2]', '[null,1,"member-joined","group:g",null,-1]', 'not json']) {
      const forged = Buffer.from(JSON.stringify({ ...issued, a }), 'utf8').toString('base64url');
      expect((await api.get(`/changes?from=2024-01-01&to=2024-12-31&cursor=${forged}`)).body.code, a).toBe('invalid-cursor');
    }
    expect((await api.get('/entities/group/iag-tvet/history?cursor=bogus')).body.code).toBe('invalid-cursor');
    expect((await api.get('/entities/group/iag-tvet/history?limit=501')).status).toBe(400);
    const state = (await api.get('/state?at=2024-06-30&limit=1')).body.nextCursor as string;
    expect((await api.get(`/state?at=2025-06-30&cursor=${state}`)).body.code).toBe('invalid-cursor');
  });
});
