import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer();
});
afterAll(() => api.close());

describe('a timeline page on the wire', () => {
  it('is ASCII JSON with its length and charset, whatever characters the developments hold', async () => {
    const quote = 'Cooperation “across borders” – ça marche 🙂';
    const recorded = await api.post('/developments', { type: 'StatementMade', statementId: 'bytes-1', personId: 'jurgen-siebel', quote, on: '2024-01-02' });
    expect(recorded.status).toBe(201);

    // Twice: the second page comes from the cache of rendered items.
    for (let round = 0; round < 2; round++) {
      const response = await fetch(`${api.server.url}/timeline?entity=person:jurgen-siebel&limit=50`);
      const bytes = new Uint8Array(await response.arrayBuffer());
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(Number(response.headers.get('content-length'))).toBe(bytes.length);
      expect(bytes.every((byte) => byte < 0x80)).toBe(true);

      const page = JSON.parse(new TextDecoder().decode(bytes)) as { items: { type: string; data: { quote?: string }; summary: string }[]; nextCursor: string | null };
      const statement = page.items.find((item) => item.type === 'StatementMade' && item.data.quote === quote);
      expect(statement?.summary).toContain('“across borders”');
    }
  });
});
