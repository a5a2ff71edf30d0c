import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIV3_1 } from 'openapi-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { openApiDocument } from '../../src/http/openapi/document.js';
import { apiContract } from '../support/api-contract.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer({ env: { CONCORD_READS_REQUIRE_KEY: 'true' } });
});
afterAll(() => api.close());

const document = () => structuredClone(openApiDocument()) as OpenAPIV3_1.Document;

function operation(path: string, method: 'get' | 'post'): OpenAPIV3_1.OperationObject {
  const op = document().paths?.[path]?.[method];
  if (!op) throw new Error(`${method.toUpperCase()} ${path} is not in the document`);
  return op;
}

function parameterNames(path: string, method: 'get' | 'post', where: 'query' | 'header' | 'path'): string[] {
  return ((operation(path, method).parameters ?? []) as OpenAPIV3_1.ParameterObject[]).filter((p) => p.in === where).map((p) => p.name);
}

/** The routes the Express app mounts, as OpenAPI paths ("/entities/{category}/{id}") with their methods. */
function mountedRoutes(): Set<string> {
  const app = createApp({ store: {} as never, readSide: { status: () => ({ position: undefined, knownAt: undefined, caughtUp: true }) } as never, liveTimeline: {} as never });
  const routes = new Set<string>();
  const walk = (stack: { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: unknown[] } }[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) routes.add(`${method.toUpperCase()} ${layer.route.path.replace(/:(\w+)/g, '{$1}')}`);
      } else if (layer.handle?.stack) walk(layer.handle.stack as never);
    }
  };
  walk((app as unknown as { router: { stack: never[] } }).router.stack);
  return routes;
}

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document (swagger-parser)', async () => {
    const validated = (await SwaggerParser.validate(document())) as OpenAPIV3_1.Document;
    expect(validated.openapi).toBe('3.1.0');
  });

  it('describes exactly the routes the app mounts', () => {
    const documented = new Set(Object.entries(document().paths ?? {}).flatMap(([path, item]) => Object.keys(item ?? {}).map((method) => `${method.toUpperCase()} ${path}`)));
    const mounted = mountedRoutes();
    // The docs page's own script and assets are parts of GET /docs, not API routes.
    mounted.delete('GET /docs/init.js');
    expect([...documented].sort()).toEqual([...mounted].sort());
  });

  it('documents the parameters each route reads: time travel, read-your-writes, paging, preconditions, idempotency', () => {
    for (const path of ['/timeline', '/state', '/changes', '/entities/{category}/{id}']) {
      expect(parameterNames(path, 'get', 'query'), path).toEqual(expect.arrayContaining(['knownAt', 'knownAtPosition', 'minPosition']));
    }
    for (const path of ['/timeline', '/state', '/changes', '/entities/{category}/{id}/history']) {
      expect(parameterNames(path, 'get', 'query'), path).toEqual(expect.arrayContaining(['limit', 'cursor']));
    }
    expect(parameterNames('/developments', 'post', 'header')).toEqual(expect.arrayContaining(['Idempotency-Key', 'If-Match']));
    expect(parameterNames('/timeline/live', 'get', 'header')).toEqual(['Last-Event-ID']);
    expect(parameterNames('/entities/{category}/{id}', 'get', 'path')).toEqual(['category', 'id']);
    const limit = ((operation('/timeline', 'get').parameters ?? []) as OpenAPIV3_1.ParameterObject[]).find((p) => p.name === 'limit');
    expect(limit?.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 500, default: 50 });
  });

  it('documents X-Correlation-Id as a header every operation accepts', () => {
    const doc = document();
    expect(doc.components?.parameters?.['CorrelationId']).toMatchObject({ name: 'X-Correlation-Id', in: 'header', required: false });
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      for (const [method, op] of Object.entries(item ?? {}) as [string, OpenAPIV3_1.OperationObject][]) {
        expect(op.parameters ?? [], `${method.toUpperCase()} ${path}`).toContainEqual({ $ref: '#/components/parameters/CorrelationId' });
      }
    }
  });

  it('documents the problems a write can answer, and the headers of its success', () => {
    const responses = operation('/developments', 'post').responses ?? {};
    expect(Object.keys(responses).sort()).toEqual(['201', '400', '401', '403', '409', '412', '413', '415', '422', '429', '500', '503']);
    const created = responses['201'] as OpenAPIV3_1.ResponseObject;
    expect(Object.keys(created.headers ?? {})).toEqual(expect.arrayContaining(['ETag', 'Location', 'Idempotent-Replayed', 'X-Correlation-Id']));
    expect(Object.keys((responses['429'] as OpenAPIV3_1.ResponseObject).headers ?? {})).toContain('Retry-After');
    expect(Object.keys((responses['400'] as OpenAPIV3_1.ResponseObject).content ?? {})).toEqual(['application/problem+json']);
  });

  it('describes the live timeline as an event stream of timeline items, and API keys as bearer tokens', () => {
    const live = (operation('/timeline/live', 'get').responses?.['200'] as OpenAPIV3_1.ResponseObject).content ?? {};
    expect(live['text/event-stream']).toMatchObject({ 'x-sse-data': { $ref: '#/components/schemas/TimelineItem' } });
    expect(document().components?.securitySchemes?.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(operation('/developments', 'post').security).toEqual([{ apiKey: [] }]);
    expect(operation('/timeline', 'get').security).toEqual([{}, { apiKey: [] }]);
  });
});

describe('the contract check the test harness runs on every answer', () => {
  const headers = (entries: Record<string, string>) => new Headers(entries);
  const problem = { type: 'urn:concord:problem:x', title: 'X', status: 404, detail: 'x', instance: '/x', code: 'x' };

  it('accepts an answer the document describes', () => {
    const answer = { method: 'GET', url: '/healthz', status: 200, headers: headers({ 'content-type': 'application/json', 'x-correlation-id': 'abc' }), body: '{"status":"ok"}' };
    expect(apiContract().problemsWith(answer)).toEqual([]);
  });

  it('refuses an undocumented status, a missing required header, a wrong body and an undocumented content type', () => {
    const json = { 'content-type': 'application/json', 'x-correlation-id': 'abc' };
    expect(apiContract().problemsWith({ method: 'GET', url: '/healthz', status: 202, headers: headers(json), body: '{"status":"ok"}' })).toEqual([
      'status 202 is not documented for this route',
    ]);
    expect(apiContract().problemsWith({ method: 'GET', url: '/healthz', status: 200, headers: headers({ 'content-type': 'application/json' }), body: '{"status":"ok"}' })).toEqual([
      'required header X-Correlation-Id is missing',
    ]);
    expect(apiContract().problemsWith({ method: 'GET', url: '/healthz', status: 200, headers: headers(json), body: '{"status":"ok","extra":1}' })).toHaveLength(1);
    expect(apiContract().problemsWith({ method: 'GET', url: '/healthz', status: 200, headers: headers({ ...json, 'content-type': 'text/plain' }), body: 'ok' })[0]).toMatch(/content type "text\/plain"/);
  });

  it('checks a documented header that is present, and a timeline item sent on the live stream', () => {
    const created = { method: 'POST', url: '/developments', status: 201, body: JSON.stringify({ eventId: '0b9f1c1e-8f5e-4d5c-9d2a-6f1f2e3d4c5b', stream: 'person-x', entity: 'person:x', revision: 0, position: '1' }) };
    expect(apiContract().problemsWith({ ...created, headers: headers({ 'content-type': 'application/json', 'x-correlation-id': 'a', etag: '"0"' }) })).toEqual([]);
    expect(apiContract().problemsWith({ ...created, headers: headers({ 'content-type': 'application/json', 'x-correlation-id': 'a', etag: 'W/"0"' }) })).toHaveLength(1);
    expect(apiContract().sseDataProblems('/timeline/live', '{"position":"1"}').length).toBeGreaterThan(0);
  });

  it('lets an unknown route answer only a problem', () => {
    const answer = { method: 'GET', url: '/nowhere', headers: headers({ 'content-type': 'application/problem+json', 'x-correlation-id': 'a' }), body: JSON.stringify(problem) };
    expect(apiContract().problemsWith({ ...answer, status: 404 })).toEqual([]);
    expect(apiContract().problemsWith({ ...answer, status: 200 })).toEqual(['GET /nowhere is not a documented route']);
  });
});

describe('ETags, as the document describes them', () => {
  it('an entity read at the latest recorded time carries its strong revision tag; one at an earlier recorded time carries none', async () => {
    const written = await api.post('/developments', { type: 'PersonRegistered', personId: 'etag-probe', name: 'Probe' });
    expect(written.status).toBe(201);
    const latest = await api.get(`/entities/person/etag-probe?minPosition=${written.body.position}`, {}, 'reader');
    expect(latest.headers.get('etag')).toBe(`"${written.body.revision}"`);
    const earlier = await api.get(`/entities/person/etag-probe?knownAtPosition=${written.body.position}`, {}, 'reader');
    expect(earlier.body.asOf.position).toBe(written.body.position);
    const later = await api.post('/developments', { type: 'PersonRegistered', personId: 'etag-probe-2', name: 'Probe 2' });
    const before = await api.get(`/entities/person/etag-probe?knownAtPosition=${written.body.position}&minPosition=${later.body.position}`, {}, 'reader');
    expect(before.body.asOf.latest).toBe(false);
    expect(before.headers.get('etag')).toBeNull();
    // Other reads name no version at all.
    expect((await api.get('/timeline', {}, 'reader')).headers.get('etag')).toBeNull();
  });
});

describe('GET /openapi.json and GET /docs', () => {
  it('serve the document and the page to anonymous callers, even where reads need a key', async () => {
    expect((await api.get('/timeline')).status).toBe(401);
    const served = await api.get('/openapi.json');
    expect(served.status).toBe(200);
    expect(served.body).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
    const page = await api.get('/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('is a page whose scripts, styles and document all come from this server (no CDN, works offline)', async () => {
    const page = (await api.get('/docs')).body as string;
    expect(page).not.toMatch(/https?:\/\//);
    const urls = [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(urls).toEqual(expect.arrayContaining(['/docs/assets/swagger-ui-bundle.js', '/docs/assets/swagger-ui.css', '/docs/init.js']));
    for (const url of urls) {
      const asset = await fetch(api.server.url + url);
      expect(asset.status, url).toBe(200);
      expect(await asset.arrayBuffer().then((b) => b.byteLength), url).toBeGreaterThan(0);
    }
    const init = await (await fetch(`${api.server.url}/docs/init.js`)).text();
    expect(init).toContain("url: '/openapi.json'");
    expect(init).toContain('validatorUrl: null');
    expect(init).not.toMatch(/https?:\/\//);
  });

  it('runs under a policy that loads only from this origin', async () => {
    const csp = (await api.get('/docs')).headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/https:|upgrade-insecure-requests|unsafe-eval/);
    // Everywhere else helmet's default policy stays.
    expect((await api.get('/openapi.json')).headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
  });

  it('serves no other file of the UI package (its sample page points at the internet)', async () => {
    expect((await fetch(`${api.server.url}/docs/assets/swagger-initializer.js`)).status).toBe(404);
    expect((await fetch(`${api.server.url}/docs/assets/index.html`)).status).toBe(404);
  });
});
