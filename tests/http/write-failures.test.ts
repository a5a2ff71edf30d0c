import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateApiKey, hashApiKey, KeyRing } from '../../src/auth/api-keys.js';
import { createApp } from '../../src/http/app.js';
import type { ReadSide } from '../../src/http/read-side.js';
import { SqliteEventStore } from '../../src/store/sqlite-event-store.js';
import { StoreUnavailableError, WrongExpectedRevisionError, type EventStore } from '../../src/store/event-store.js';
import { contractFetch } from '../support/api-contract.js';
import { tempDir } from '../support/temp-dir.js';

/**
 * The store's failures as the API reports them. A decorator makes the real SQLite store
 * fail its appends on demand: another writer always winning the race (409 after the
 * retries), or the store being unreachable (503).
 */
let failure: 'none' | 'conflict' | 'unavailable' = 'none';
let server: Server;
let url: string;
let store: SqliteEventStore;
const tmp = tempDir();
const key = generateApiKey();
const keys = new KeyRing([{ name: 'writer', role: 'editor', sha256: hashApiKey(key) }]);

const readSide: ReadSide = {
  status: () => ({ position: undefined, knownAt: undefined, caughtUp: true }),
  waitForPosition: async () => true,
  timeline: () => ({ items: [] }),
  entity: () => undefined,
  stateEntries: () => [],
  changeEntries: () => [],
  positionKnownAt: () => undefined,
  recordedAtOf: () => undefined,
};

beforeAll(async () => {
  store = SqliteEventStore.open(tmp.file('failures.db'));
  const failing: EventStore = Object.create(store, {
    append: {
      value: async (stream: string, events: never, expected: never) => {
        if (failure === 'conflict') throw new WrongExpectedRevisionError(stream, expected, 41);
        if (failure === 'unavailable') throw new StoreUnavailableError('the event store did not answer within 2 s', 3);
        return store.append(stream, events, expected);
      },
    },
  });
  server = createApp({ store: failing, readSide, keys }).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await store.close();
  tmp.remove();
});

const post = async (body: unknown) => {
  const { response, text } = await contractFetch(`${url}/developments`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: response.status, headers: response.headers, body: JSON.parse(text) as Record<string, unknown> };
};

describe('write failures over HTTP', () => {
  it('409 problem+json when another writer keeps changing the stream, and nothing is written', async () => {
    failure = 'conflict';
    const answer = await post({ type: 'PersonRegistered', personId: 'ada', name: 'Ada' });
    expect(answer.status).toBe(409);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(answer.body).toMatchObject({ code: 'concurrency-conflict', stream: 'person-ada' });
    expect(await store.readAll()).toEqual([]);
  });

  it('503 problem+json with Retry-After when the store is unavailable', async () => {
    failure = 'unavailable';
    const answer = await post({ type: 'PersonRegistered', personId: 'ada', name: 'Ada' });
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('3');
    expect(answer.body).toMatchObject({ code: 'store-unavailable' });
  });

  it('413 problem+json for a body over the size limit', async () => {
    failure = 'none';
    const answer = await post({ type: 'PersonRegistered', personId: 'big', name: 'x'.repeat(300_000) });
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({ code: 'body-too-large' });
    expect(await store.readAll()).toEqual([]);
  });

  it('writes once the store answers again', async () => {
    failure = 'none';
    expect((await post({ type: 'PersonRegistered', personId: 'ada', name: 'Ada' })).status).toBe(201);
  });
});
