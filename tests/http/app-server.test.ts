import type { AddressInfo } from 'node:net';
import v8 from 'node:v8';
import express from 'express';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAppServer } from '../../src/http/app-server.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await close?.();
  close = undefined;
});

/** Listens on a free loopback port; answers the base URL. */
async function listen(app: express.Express): Promise<string> {
  const server = createAppServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  close = () => new Promise((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('the HTTP server of an express app', () => {
  it('creates each request and response with the app’s prototypes, so express has nothing to change', async () => {
    const app = express();
    const seen: { req?: object; res?: object } = {};
    app.get('/x', (req, res) => {
      seen.req = req;
      seen.res = res;
      res.json({ query: req.query, header: req.get('x-probe') ?? null });
    });
    const base = await listen(app);
    // Which objects express re-prototyped, and whether each already had that prototype.
    const setPrototypeOf = Object.setPrototypeOf;
    const calls: { target: object; unchanged: boolean }[] = [];
    vi.spyOn(Object, 'setPrototypeOf').mockImplementation((target: object, proto: object | null) => {
      calls.push({ target, unchanged: Object.getPrototypeOf(target) === proto });
      return setPrototypeOf(target, proto);
    });

    const answer = await fetch(`${base}/x?a=1`, { headers: { 'x-probe': 'yes' } });

    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ query: { a: '1' }, header: 'yes' });
    const ofRequest = calls.filter((c) => c.target === seen.req || c.target === seen.res);
    expect(ofRequest).toHaveLength(2);
    expect(ofRequest.every((c) => c.unchanged)).toBe(true);
    expect(Object.getPrototypeOf(seen.req)).toBe(app.request);
    expect(Object.getPrototypeOf(seen.res)).toBe(app.response);
    expect((seen.req as express.Request).app).toBe(app);
    expect((seen.res as express.Response).app).toBe(app);
  });

  it('serves the same app again from a second server', async () => {
    const app = express();
    app.get('/x', (req, res) => res.json({ app: req.app === app, type: req.get('content-type') ?? null }));
    createAppServer(app);
    const base = await listen(app);
    expect(await (await fetch(`${base}/x`)).json()).toEqual({ app: true, type: null });
  });

  it('builds every request and every response with one hidden class, as node builds its own', async () => {
    // Objects of a class each of their own leave every reader of them megamorphic.
    v8.setFlagsFromString('--allow-natives-syntax');
    const haveSameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;
    const app = express();
    const seen: { req: object; res: object }[] = [];
    app.get('/x', (req, res) => {
      seen.push({ req, res });
      res.json({ n: seen.length });
    });
    const base = await listen(app);
    for (let i = 0; i < 3; i++) expect((await fetch(`${base}/x`)).status).toBe(200);
    expect(seen).toHaveLength(3);
    for (const { req, res } of seen.slice(1)) {
      expect(haveSameMap(req, seen[0]!.req)).toBe(true);
      expect(haveSameMap(res, seen[0]!.res)).toBe(true);
    }
  });

  it('keeps node’s own request and response behaviour underneath: streams, status, headers', async () => {
    const app = express();
    app.use(express.json());
    app.post('/echo', (req, res) => {
      res.status(201).set('X-Echo', 'on').json(req.body);
    });
    const base = await listen(app);
    const answer = await fetch(`${base}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ n: 1 }) });
    expect(answer.status).toBe(201);
    expect(answer.headers.get('x-echo')).toBe('on');
    expect(await answer.json()).toEqual({ n: 1 });
  });
});
