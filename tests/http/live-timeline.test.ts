import { afterEach, describe, expect, it } from 'vitest';
import { parseDevelopment } from '../../events/catalogue.js';
import type { FileItem } from '../../src/recording/development-file.js';
import { importDevelopments } from '../../src/recording/import-developments.js';
import { SseClient } from '../support/sse-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let api: TestServer | undefined;
const clients: SseClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await api?.close();
  api = undefined;
});

async function open(path: string, headers: Record<string, string> = {}): Promise<SseClient> {
  const client = await SseClient.open(api!.server.url + path, headers);
  clients.push(client);
  return client;
}

let n = 0;
async function register(count: number): Promise<string[]> {
  const positions: string[] = [];
  for (let i = 0; i < count; i++) positions.push((await api!.post('/developments', { type: 'OrganisationRegistered', organisationId: `live-${++n}`, name: `Live ${n}` })).body.position);
  return positions;
}

describe('GET /timeline/live (Server-Sent Events)', () => {
  it('streams each new timeline item with its position as id, in the shape /timeline serves', async () => {
    api = await startTestServer();
    const client = await open('/timeline/live?types=OrganisationRegistered');
    expect(client.status).toBe(200);
    const positions = await register(3);
    await client.until(() => client.events.length === 3);
    expect(client.events.map((e) => e.id)).toEqual(positions);
    expect(client.events.every((e) => e.event === 'timeline-item')).toBe(true);
    const served = (await api.get(`/timeline?types=OrganisationRegistered&limit=500&minPosition=${positions[2]}`)).body.items;
    for (const event of client.events) expect(JSON.parse(event.data)).toEqual(served.find((i: { position: string }) => i.position === event.id));
  });

  it('filters by entity and type', async () => {
    api = await startTestServer();
    const group = await open('/timeline/live?entity=group:iag-tvet');
    await register(2);
    const joined = await api.post('/developments', { type: 'MemberJoined', groupId: 'iag-tvet', organisationId: `live-${n}`, on: '2024' });
    await group.until(() => group.events.length === 1);
    expect(group.events[0]!.id).toBe(joined.body.position);
  });

  it('resumes after Last-Event-ID with every item missed, none twice', async () => {
    api = await startTestServer();
    const first = await open('/timeline/live');
    const before = await register(2);
    await first.until(() => first.events.length === 2);
    first.close();
    const missed = await register(3); // while disconnected
    const second = await open('/timeline/live', { 'Last-Event-ID': before[1]! });
    const after = await register(2); // live again
    await second.until(() => second.events.length === 5);
    await new Promise((r) => setTimeout(r, 200));
    expect(second.events.map((e) => e.id)).toEqual([...missed, ...after]);
  });

  it('resumes from the start of the log with Last-Event-ID 0', async () => {
    api = await startTestServer();
    const client = await open('/timeline/live', { 'Last-Event-ID': '0' });
    await client.until(() => client.events.length === 36); // the seed
    expect(client.events.map((e) => Number(e.id))).toEqual(Array.from({ length: 36 }, (_, i) => i + 1));
  });

  it('sends heartbeats', async () => {
    api = await startTestServer({ env: { CONCORD_LIVE_HEARTBEAT_SECONDS: '0.1' } });
    const client = await open('/timeline/live');
    await client.until(() => client.comments.includes('heartbeat'), 2000);
  });

  it('cuts off a client that does not read, so memory stays bounded, and serves the others', async () => {
    api = await startTestServer({ env: { CONCORD_LIVE_MAX_BUFFERED_BYTES: '65536' } });
    const slow = await open('/timeline/live');
    const reader = await open('/timeline/live?types=PersonRegistered');
    slow.pause();
    const quote = 'q'.repeat(9000);
    const items: FileItem[] = [];
    for (let i = 0; i < 1500; i++) {
      const parsed = parseDevelopment({ type: 'StatementMade', statementId: `flood-${i}`, personId: 'jurgen-siebel', quote, on: '2024-01-01' });
      if (!parsed.ok) throw new Error('invalid');
      items.push({ development: parsed.value, item: i + 1 });
    }
    await importDevelopments(api.server.store, items, { file: 'flood', recordedBy: 'test', correlationId: 'flood' });
    await slow.until(() => slow.ended, 10_000);
    const written = await api.post('/developments', { type: 'PersonRegistered', personId: 'still-served', name: 'S' });
    await reader.until(() => reader.events.some((e) => e.id === written.body.position));
    expect(api.server.live.clients).toBe(1);
  });

  it('400 for a Last-Event-ID that is not a position', async () => {
    api = await startTestServer();
    const answer = await api.get('/timeline/live', { 'Last-Event-ID': 'abc' });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('invalid-header');
  });

  it('ends live streams on shutdown instead of waiting for them', async () => {
    api = await startTestServer();
    const client = await open('/timeline/live');
    const started = Date.now();
    await api.server.close();
    await client.until(() => client.ended, 3000);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
