import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ReadModels } from '../projections/read-models.js';
import { startProjections, type ProjectionRunner } from '../projections/engine.js';
import type { ConcordConfig } from './config.js';
import { createApp } from './http/app.js';
import type { ReadSide } from './http/read-side.js';
import { loadSeed } from './recording/load-seed.js';
import type { Clock } from './recording/record-development.js';
import type { EventStore } from './store/event-store.js';
import { openEventStore } from './store/open-event-store.js';

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly store: EventStore;
  readonly projections: ProjectionRunner;
  readonly seeded: number;
  close(): Promise<void>;
}

export interface StartOptions {
  readonly config: ConcordConfig;
  readonly port?: number;
  readonly host?: string;
  readonly clock?: Clock;
  readonly log?: (message: string) => void;
}

function readSideOf(projections: ProjectionRunner, models: ReadModels): ReadSide {
  return {
    status: () => projections.status(),
    waitForPosition: (position, timeoutMs) => projections.waitForPosition(position, timeoutMs),
    timeline: (query) => models.timeline(query as Parameters<ReadModels['timeline']>[0]),
    entity: (ref, at, knownAt) => models.entity(ref, at, knownAt),
    state: (at, knownAt) => models.state(at, knownAt),
    changes: (from, to, knownAt) => models.changes(from, to, knownAt),
    positionKnownAt: (ms) => models.recordedTime.positionKnownAt(ms),
    recordedAtOf: (position) => models.recordedTime.recordedAtOf(position),
  };
}

/** Opens the store, loads the seed into an empty store, catches up the read models, listens. */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const log = options.log ?? ((message: string) => console.error(message));
  const store = await openEventStore(options.config);
  let seeded = 0;
  if (options.config.CONCORD_SEED === 'auto' && (await store.headPosition()) === undefined) {
    seeded = (await loadSeed(store, options.clock)).written;
    log(`concord: loaded the seed data set (${seeded} developments) into the empty store`);
  }
  const models = new ReadModels();
  const projections = startProjections(store, models);
  await projections.ready;
  const app = createApp({
    store,
    readSide: readSideOf(projections, models),
    minPositionWaitMs: options.config.CONCORD_MIN_POSITION_WAIT_MS,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(options.port ?? options.config.PORT, options.host ?? options.config.CONCORD_HOST, () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${options.host ?? options.config.CONCORD_HOST}:${port}`,
    port,
    store,
    projections,
    seeded,
    close: () =>
      (closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await projections.stop();
        await store.close();
      })()),
  };
}
