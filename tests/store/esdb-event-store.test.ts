import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EsdbEventStore } from '../../src/store/esdb-event-store.js';
import { StoreUnavailableError, type EventStore } from '../../src/store/event-store.js';
import { EsdbTestServer } from '../support/esdb-test-server/server.js';
import { describeEventStoreConformance, newEvent } from './event-store-conformance.js';

for (const appendPath of ['batch', 'append'] as const) {
  describeEventStoreConformance(`EsdbEventStore over the real client (Streams.${appendPath === 'batch' ? 'BatchAppend' : 'Append'})`, async () => {
    const server = await EsdbTestServer.start({ appendPath });
    const opened = [EsdbEventStore.connect(server.connectionString())];
    const current = () => opened.at(-1)!;
    return {
      store: current(),
      reopen: async () => {
        await current().close();
        opened.push(EsdbEventStore.connect(server.connectionString()));
        return current();
      },
      cleanup: async () => {
        for (const store of opened) await store.close();
        await server.stop();
      },
    };
  });
}

describe('EsdbEventStore against an unreachable node', () => {
  let server: EsdbTestServer;
  let store: EventStore;

  beforeEach(async () => {
    server = await EsdbTestServer.start();
    store = EsdbEventStore.connect(server.connectionString(), { deadlineMs: 500 });
    await store.append('org-a', [newEvent()], 'no_stream');
    await server.stop();
  });

  afterEach(async () => {
    await store.close();
    await server.stop();
  });

  it('fails an append fast with StoreUnavailableError', async () => {
    const started = Date.now();
    const error = await store.append('org-a', [newEvent()], 0).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error).toMatchObject({ code: 'store-unavailable', retryAfterSeconds: 1 });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('fails reads with StoreUnavailableError', async () => {
    await expect(store.readStream('org-a')).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.readAll()).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.headPosition()).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});

describe('EsdbEventStore scoped to Concord’s streams on a shared cluster', () => {
  let server: EsdbTestServer;
  let shared: EventStore;
  let scoped: EventStore;

  beforeEach(async () => {
    server = await EsdbTestServer.start();
    shared = EsdbEventStore.connect(server.connectionString());
    scoped = EsdbEventStore.connect(server.connectionString(), { scopeStreamPrefixes: ['organisation-', 'person-'] });
  });

  afterEach(async () => {
    await shared.close();
    await scoped.close();
    await server.stop();
  });

  it('reads, heads and subscribes only within its prefixes unless asked for others', async () => {
    const mine = await shared.append('organisation-a', [newEvent()], 'no_stream');
    await shared.append('billing-7', [newEvent()], 'no_stream');

    expect((await scoped.readAll()).map((event) => event.stream)).toEqual(['organisation-a']);
    expect(await scoped.headPosition()).toBe(mine.position);
    expect((await scoped.readAll({ filter: { streamPrefixes: ['billing-'] } })).map((event) => event.stream)).toEqual(['billing-7']);

    const seen: string[] = [];
    const subscription = scoped.subscribeToAll({}, { onEvent: (event) => void seen.push(event.stream) });
    await shared.append('billing-7', [newEvent()], 0);
    await shared.append('person-b', [newEvent()], 'no_stream');
    const deadline = Date.now() + 3_000;
    while (seen.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    await subscription.unsubscribe();
    expect(seen).toEqual(['organisation-a', 'person-b']);
  });
});

describe('EsdbEventStore subscription on a long catch-up', () => {
  it('delivers all 2500 events in order before reporting caught-up at the head', async () => {
    const server = await EsdbTestServer.start();
    const store = EsdbEventStore.connect(server.connectionString());
    try {
      for (let batch = 0; batch < 5; batch += 1) await store.append('organisation-long', Array.from({ length: 500 }, () => newEvent()), batch === 0 ? 'no_stream' : batch * 500 - 1);
      const revisions: number[] = [];
      let deliveredAtCaughtUp = -1;
      const caughtUp = new Promise<bigint | undefined>((resolve) => {
        const subscription = store.subscribeToAll(
          {},
          {
            onEvent: async (event) => {
              if (event.revision % 100 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
              revisions.push(event.revision);
            },
            onCaughtUp: (position) => {
              deliveredAtCaughtUp = revisions.length;
              resolve(position);
              void subscription.unsubscribe();
            },
          },
        );
      });
      const position = await caughtUp;
      expect(deliveredAtCaughtUp).toBe(2500);
      expect(revisions).toEqual(Array.from({ length: 2500 }, (_, index) => index));
      expect(position).toBe(await store.headPosition());
    } finally {
      await store.close();
      await server.stop();
    }
  });
});
