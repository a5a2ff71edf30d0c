import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProjectionRunner } from '../projections/engine.js';
import type { ReadModels } from '../projections/read-models.js';
import type { StreamRevisions } from '../projections/stream-revisions.js';
import { VerificationJobs } from './audit/verification-jobs.js';
import type { ConcordConfig } from './config.js';
import { liveKeyRing } from './auth/keys-file.js';
import { createApp } from './http/app.js';
import { createAppServer } from './http/app-server.js';
import { LiveTimeline } from './http/live-timeline.js';
import type { ReadSide } from './http/read-side.js';
import { createLogger, type Logger } from './observability/logger.js';
import { ConcordMetrics } from './observability/metrics.js';
import { loadSeed } from './recording/load-seed.js';
import type { Clock } from './recording/record-development.js';
import { caughtUpModels } from './runtime/read-model-catch-up.js';
import type { MemoryRelease } from './runtime/release-catch-up-memory.js';
import { snapshotRefresherFor } from './runtime/snapshot-command-process.js';
import type { SnapshotRefreshStatus } from './runtime/snapshot-refresher.js';
import { StartUpMemory } from './runtime/start-up-memory.js';
import type { EventStore } from './store/event-store.js';
import { openEventStore } from './store/open-event-store.js';

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly store: EventStore;
  readonly projections: ProjectionRunner;
  readonly seeded: number;
  /** What giving the catch-up's spare memory back did; undefined when switched off or not available. */
  readonly memoryRelease: MemoryRelease | undefined;
  readonly live: LiveTimeline;
  /**
   * The read-model snapshot this start loaded (the position it stood at) and wrote, if
   * any, and where the one it wrote was read back to serve from (see caughtUpModels).
   */
  readonly snapshot: { readonly loadedAt: bigint | undefined; readonly writtenAt: bigint | undefined; readonly reloadedAt: bigint | undefined };
  /** How the snapshot is kept current while serving (CONCORD_SNAPSHOT_REFRESH_EVENTS); undefined when it is not. */
  snapshotRefresh(): SnapshotRefreshStatus | undefined;
  /** Stops taking requests, lets in-flight ones finish (up to the grace period), then closes the store. */
  close(): Promise<void>;
}

export interface StartOptions {
  readonly config: ConcordConfig;
  readonly port?: number;
  readonly host?: string;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

function readSideOf(projections: ProjectionRunner, models: ReadModels, revisions: StreamRevisions): ReadSide {
  return {
    streamRevision: (stream) => revisions.of(stream),
    status: () => projections.status(),
    waitForPosition: (position, timeoutMs) => projections.waitForPosition(position, timeoutMs),
    timeline: (query) => models.timeline(query as Parameters<ReadModels['timeline']>[0]),
    timelineJson: (query) => models.timelineJson(query as Parameters<ReadModels['timelineJson']>[0]),
    entity: (ref, at, knownAt) => models.entity(ref, at, knownAt),
    stateEntries: (at, knownAt, after) => models.stateEntries(at, knownAt, after),
    changeEntries: (from, to, knownAt, after) => models.changeEntries(from, to, knownAt, after),
    entityEventPositions: (entity, until) => models.references.positions(entity, until),
    positionKnownAt: (ms) => models.recordedTime.positionKnownAt(ms),
    recordedAtOf: (position) => models.recordedTime.recordedAtOf(position),
  };
}

/** Opens the store, loads the seed into an empty store, catches up the read models, listens. */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const { config } = options;
  const logger = options.logger ?? createLogger(config.CONCORD_LOG_LEVEL);
  const keys = liveKeyRing(config, (error) => logger.error({ err: error }, 'the keys file is invalid; keeping the keys loaded before'));
  const store = await openEventStore(config);
  let seeded = 0;
  if (config.CONCORD_SEED === 'auto' && (await store.headPosition()) === undefined) {
    seeded = (await loadSeed(store, options.clock)).written;
    logger.info({ developments: seeded }, 'loaded the seed data set into the empty store');
  }
  const live = new LiveTimeline(store, { heartbeatMs: config.CONCORD_LIVE_HEARTBEAT_SECONDS * 1000, maxBufferedBytes: config.CONCORD_LIVE_MAX_BUFFERED_BYTES });
  let projections: ProjectionRunner | undefined;
  const metrics = new ConcordMetrics(() => projections!.status());
  const release = config.CONCORD_RELEASE_MEMORY_AFTER_CATCH_UP;
  const memory = new StartUpMemory(release);
  const refresher = snapshotRefresherFor(config, logger);
  if (refresher) metrics.watchSnapshotRefresh(() => refresher.status());
  const caughtUp = await caughtUpModels(config, store, logger, live, metrics, memory, refresher).catch((error: unknown) => {
    memory.folding();
    throw error;
  });
  const { models, revisions, snapshot } = caughtUp;
  projections = caughtUp.projections;
  metrics.watchRenderedCache('timeline_item', 'serialised timeline items', () => models.timelineItemCacheStats());
  // The models served: those read back after a write, else those of the one catch-up.
  const memoryRelease = await memory.release({ fromSnapshot: caughtUp.loadedAt !== undefined, folded: caughtUp.folded });
  if (memoryRelease) {
    const mib = (bytes: number) => Math.round(bytes / 2 ** 20);
    logger.info({ ms: Math.round(memoryRelease.ms), light: memoryRelease.light, compacted: memoryRelease.compacted, settleMs: Math.round(memoryRelease.settleMs), rssMiB: [mib(memoryRelease.rssBefore), mib(memoryRelease.rssAfter)] }, "gave the catch-up's spare memory back");
  }
  // The live read models' digest where they stand, for verifications to compare with.
  const running = projections;
  const verifications = new VerificationJobs(
    config,
    async () => {
      const release = running.hold();
      try {
        return { position: running.status().position, digest: await models.digestAsync() };
      } finally {
        release();
      }
    },
    options.clock,
  );
  const app = createApp({
    store,
    verifications,
    readSide: readSideOf(projections, models, revisions),
    minPositionWaitMs: config.CONCORD_MIN_POSITION_WAIT_MS,
    logger,
    metrics,
    hardening: {
      corsOrigins: config.CONCORD_CORS_ORIGINS?.split(',').map((o) => o.trim()).filter(Boolean) ?? [],
      rateLimitPerMinute: config.CONCORD_RATE_LIMIT_PER_MINUTE,
      requestTimeoutMs: config.CONCORD_REQUEST_TIMEOUT_MS,
    },
    readyMaxLagSeconds: config.CONCORD_READY_MAX_LAG_SECONDS,
    keys,
    liveTimeline: live,
    readsRequireKey: config.CONCORD_READS_REQUIRE_KEY,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const host = options.host ?? config.CONCORD_HOST;
  const server: Server = await new Promise((resolve, reject) => {
    const s = createAppServer(app);
    s.once('error', reject);
    s.listen(options.port ?? config.PORT, host, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  // Counted from here: the start-up's own catch-up wrote a snapshot if it folded enough.
  refresher?.arm();
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    store,
    projections: running,
    seeded,
    memoryRelease,
    live,
    snapshot,
    snapshotRefresh: () => refresher?.status(),
    close: () =>
      (closing ??= (async () => {
        // In-flight requests (appends among them) finish; idle keep-alive connections close now.
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        live.closeAll();
        // A keep-alive connection turns idle when its last request is answered: close it then.
        const idle = setInterval(() => server.closeIdleConnections(), 50);
        server.closeIdleConnections();
        const grace = setTimeout(() => server.closeAllConnections(), config.CONCORD_SHUTDOWN_GRACE_MS);
        await closed;
        clearInterval(idle);
        clearTimeout(grace);
        await verifications.close();
        await refresher?.stop();
        await running.stop();
        await store.close();
      })()),
  };
}
