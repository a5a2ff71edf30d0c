import { afterAll, describe, it } from 'vitest';
import { EsdbEventStore } from '../../src/store/esdb-event-store.js';
import { describeEventStoreConformance } from './event-store-conformance.js';

/**
 * The conformance suite against a real EventStoreDB / KurrentDB: the server named by
 * CONCORD_TEST_ESDB_URL, or one started by testcontainers when a container engine
 * answers. Where neither is there the run is skipped, and the reason printed.
 */
const IMAGE = process.env.CONCORD_TEST_ESDB_IMAGE ?? 'eventstore/eventstore:24.10';

interface RealTarget {
  readonly connectionString: () => Promise<string>;
  readonly stop: () => Promise<void>;
  readonly describe: string;
}

async function realTarget(): Promise<RealTarget | string> {
  const url = process.env.CONCORD_TEST_ESDB_URL;
  if (url) return { connectionString: async () => url, stop: async () => undefined, describe: url };
  const { GenericContainer, Wait, getContainerRuntimeClient } = await import('testcontainers');
  try {
    await getContainerRuntimeClient();
  } catch (error) {
    return `no CONCORD_TEST_ESDB_URL and no container engine (${error instanceof Error ? error.message : String(error)})`;
  }
  let started: Promise<import('testcontainers').StartedTestContainer> | undefined;
  const start = () =>
    (started ??= new GenericContainer(IMAGE)
      .withEnvironment({ EVENTSTORE_INSECURE: 'true', EVENTSTORE_MEM_DB: 'true', EVENTSTORE_RUN_PROJECTIONS: 'None', EVENTSTORE_CLUSTER_SIZE: '1' })
      .withExposedPorts(2113)
      .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCode(204))
      .withStartupTimeout(120_000)
      .start());
  return {
    connectionString: async () => {
      const container = await start();
      return `esdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`;
    },
    stop: async () => void (await (await started)?.stop()),
    describe: `${IMAGE} in a container`,
  };
}

const target = await realTarget();

if (typeof target === 'string') {
  console.log(`skipping the conformance suite on a real EventStoreDB: ${target}`);
  describe('EsdbEventStore on a real EventStoreDB', () => {
    it.skip(`skipped: ${target}`, () => undefined);
  });
} else {
  afterAll(() => target.stop(), 60_000);
  describeEventStoreConformance(`EsdbEventStore on a real EventStoreDB (${target.describe})`, async () => {
    const connectionString = await target.connectionString();
    const opened = [EsdbEventStore.connect(connectionString, { deadlineMs: 10_000 })];
    const current = () => opened.at(-1)!;
    return {
      store: current(),
      reopen: async () => {
        await current().close();
        opened.push(EsdbEventStore.connect(connectionString, { deadlineMs: 10_000 }));
        return current();
      },
      cleanup: async () => {
        for (const store of opened) await store.close();
      },
      notEmptyBecause: 'one real server serves the whole run, so it holds the events of earlier tests',
    };
  });
}
