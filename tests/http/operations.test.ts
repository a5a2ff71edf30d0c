import { afterEach, describe, expect, it } from 'vitest';
import { contractFetch } from '../support/api-contract.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let api: TestServer | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

describe('operations endpoints', () => {
  it('/healthz answers while the process is up; /readyz once the store answers and the read models are current', async () => {
    api = await startTestServer();
    expect((await api.get('/healthz')).body).toEqual({ status: 'ok' });
    const ready = await api.get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ready', storeHead: '36', position: '36', caughtUp: true });
  });

  it('/readyz is 503 when the store cannot be reached', async () => {
    api = await startTestServer();
    await api.server.store.close(); // the store is gone, the process still answers
    expect((await api.get('/healthz')).status).toBe(200);
    const answer = await api.get('/readyz');
    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({ status: 'not-ready', reason: 'store-unreachable' });
  });

  it('/metrics exposes request latency, append latency, events applied, lag and caught-up in Prometheus format', async () => {
    api = await startTestServer();
    await api.post('/developments', { type: 'PersonRegistered', personId: 'ada', name: 'Ada' });
    await api.get('/entities/person/ada?minPosition=37');
    const { response: answer, text } = await contractFetch(`${api.server.url}/metrics`);
    expect(answer.headers.get('content-type')).toContain('text/plain');
    expect(text).toMatch(/concord_http_request_duration_seconds_bucket\{.*route="\/developments".*status="201"/);
    expect(text).toMatch(/concord_append_duration_seconds_count\{outcome="appended"\} 1/);
    expect(text).toMatch(/concord_events_applied_total 37/);
    expect(text).toMatch(/concord_read_models_caught_up 1/);
    expect(text).toMatch(/concord_seconds_since_last_event_applied \d/);
  });

  it('/metrics tells how the cache of serialised timeline items serves', async () => {
    api = await startTestServer();
    const cache = async () => {
      const { text } = await contractFetch(`${api!.server.url}/metrics`);
      const value = (name: string) => Number(new RegExp(`^concord_timeline_item_cache_${name} (\\d+)$`, 'm').exec(text)?.[1]);
      return { entries: value('entries'), characters: value('characters'), hits: value('hits_total'), misses: value('misses_total') };
    };
    const before = await cache();
    const page = (await api.get('/timeline?limit=5')).body as { items: unknown[] };
    const afterFirst = await cache();
    await api.get('/timeline?limit=5');
    const afterSecond = await cache();
    expect(page.items).toHaveLength(5);
    expect(afterFirst.misses - before.misses).toBe(5);
    expect(afterFirst.entries).toBeGreaterThanOrEqual(5);
    expect(afterFirst.characters).toBeGreaterThan(0);
    expect(afterSecond.hits - afterFirst.hits).toBe(5);
    expect(afterSecond.misses).toBe(afterFirst.misses);
  });
});

describe('hardening', () => {
  it('sends security headers, hides the framework, echoes the correlation id, and has CORS off by default', async () => {
    api = await startTestServer();
    const answer = await api.get('/healthz', { Origin: 'https://elsewhere.example', 'X-Correlation-Id': 'trace-1' });
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('x-powered-by')).toBeNull();
    expect(answer.headers.get('x-correlation-id')).toBe('trace-1');
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    expect((await api.get('/healthz', { 'X-Correlation-Id': 'bad id!' })).status).toBe(400);
  });

  it('allows the configured CORS origins only', async () => {
    api = await startTestServer({ env: { CONCORD_CORS_ORIGINS: 'https://dashboard.example' } });
    expect((await api.get('/healthz', { Origin: 'https://dashboard.example' })).headers.get('access-control-allow-origin')).toBe('https://dashboard.example');
    expect((await api.get('/healthz', { Origin: 'https://elsewhere.example' })).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('limits the rate per caller with 429 problem+json and Retry-After', async () => {
    api = await startTestServer({ env: { CONCORD_RATE_LIMIT_PER_MINUTE: '5' } });
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await api.get('/healthz')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const limited = await api.get('/state');
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ code: 'rate-limited', status: 429 });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('answers 503 request-timeout when a request outlives its deadline', async () => {
    api = await startTestServer({ env: { CONCORD_REQUEST_TIMEOUT_MS: '200', CONCORD_MIN_POSITION_WAIT_MS: '2000' } });
    const answer = await api.get('/state?minPosition=999999');
    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({ code: 'request-timeout' });
  });
});

describe('graceful shutdown', () => {
  it('answers in-flight requests before closing', async () => {
    api = await startTestServer({ env: { CONCORD_MIN_POSITION_WAIT_MS: '400' } });
    const inFlight = api.get('/state?minPosition=999999');
    await new Promise((r) => setTimeout(r, 100));
    const closed = api.server.close();
    const answer = await inFlight;
    expect(answer.status).toBe(503);
    expect(answer.body.code).toBe('position-not-reached');
    await closed;
  });
});
