import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bindProjection, startProjections, type ProjectionRunner, type ProjectionTarget } from '../projections/engine.js';
import { ReadModels } from '../projections/read-models.js';
import { StreamRevisions, streamRevisionsProjection } from '../projections/stream-revisions.js';
import { VerificationJobs } from './audit/verification-jobs.js';
import { snapshotFileOf, type ConcordConfig } from './config.js';
import { liveKeyRing } from './auth/keys-file.js';
import { createApp } from './http/app.js';
import { createAppServer } from './http/app-server.js';
import { LiveTimeline, liveTimelineProjection } from './http/live-timeline.js';
import type { ReadSide } from './http/read-side.js';
import { createLogger, type Logger } from './observability/logger.js';
import { ConcordMetrics } from './observability/metrics.js';
import { loadSeed } from './recording/load-seed.js';
import type { Clock } from './recording/record-development.js';
import { snapshotWhereTheyStand, startingModels } from './runtime/read-model-snapshots.js';
import { releaseCatchUpMemory, type MemoryRelease } from './runtime/release-catch-up-memory.js';
import { snapshotRefresherFor } from './runtime/snapshot-command-process.js';
import type { SnapshotRefresher, SnapshotRefreshStatus } from './runtime/snapshot-refresher.js';
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

/** The read models plus what the server itself folds: stream revisions (ETags) and the /metrics counter. */
function serverTarget(models: ReadModels, revisions: StreamRevisions, live: LiveTimeline, metrics: ConcordMetrics, folded: { count: number }, memory: StartUpMemory, refresher: SnapshotRefresher | undefined): ProjectionTarget {
  return {
    projections: [
      ...models.projections,
      bindProjection(streamRevisionsProjection, revisions),
      bindProjection(liveTimelineProjection, live),
      bindProjection(
        {
          name: 'metrics',
          apply: (counter) => {
            counter.inc();
            memory.folded(++folded.count);
            refresher?.eventFolded();
          },
        },
        metrics.eventsApplied,
      ),
    ],
  };
}

/**
 * Loads the read-model snapshot if there is a usable one (else they start empty, and the
 * log says why), and once caught up writes a new one when the start-up folded at least
 * CONCORD_SNAPSHOT_AFTER_EVENTS events: before listening, so no request waits behind the
 * write's minute at a million events.
 */
async function snapshotStart(config: ConcordConfig, store: EventStore, logger: Logger) {
  const file = snapshotFileOf(config);
  const starting = await startingModels(store, file);
  if (starting.loaded) logger.info({ file, position: starting.loaded.header.position, ms: Math.round(starting.loaded.ms) }, 'loaded the read models from their snapshot');
  else if (starting.refused?.code === 'SNAPSHOT_MISSING') logger.info({ file }, 'no read-model snapshot yet: folding the whole log');
  else if (starting.refused) logger.warn({ file, code: starting.refused.code, reason: starting.refused.message }, 'read-model snapshot not used: folding the whole log');
  /** The position written at, if written. */
  const afterCatchUp = async (projections: ProjectionRunner, folded: number, memory: StartUpMemory): Promise<bigint | undefined> => {
    if (file === undefined || config.CONCORD_SNAPSHOT_AFTER_EVENTS === 0 || folded < config.CONCORD_SNAPSHOT_AFTER_EVENTS) return undefined;
    try {
      await memory.writingSnapshot();
      const written = await snapshotWhereTheyStand(store, file, starting, projections);
      if (written) logger.info({ file, position: written.header.position, events: folded, MiB: Math.round(written.bytes / 2 ** 20), ms: Math.round(written.ms) }, 'wrote a read-model snapshot');
      return written && BigInt(written.header.position);
    } catch (error) {
      logger.warn({ err: error, file }, 'could not write a read-model snapshot; the next start folds the log again');
      return undefined;
    } finally {
      memory.folding();
    }
  };
  return { ...starting, afterCatchUp };
}

/** Read models caught up with the log, the runner folding into them, and what became of their snapshot. */
interface CaughtUp {
  readonly models: ReadModels;
  readonly revisions: StreamRevisions;
  readonly projections: ProjectionRunner;
  readonly loadedAt: bigint | undefined;
  readonly writtenAt: bigint | undefined;
  /** Events folded after the snapshot loaded, or from the start of the log. */
  readonly folded: number;
}

/** Starts from the snapshot when usable, folds the log after it, and writes a new one when allowed and due (see snapshotStart). */
async function catchUp(config: ConcordConfig, store: EventStore, logger: Logger, live: LiveTimeline, metrics: ConcordMetrics, memory: StartUpMemory, refresher: SnapshotRefresher | undefined, mayWrite: boolean): Promise<CaughtUp> {
  // Only where there is a snapshot to read: a start that folds the log needs no hold.
  const file = snapshotFileOf(config);
  if (file !== undefined && existsSync(file)) await memory.readingSnapshot();
  const starting = await snapshotStart(config, store, logger);
  if (!starting.loaded) memory.folding();
  const { models, revisions } = starting;
  if (starting.from) live.startAt(starting.from.position);
  const folded = { count: 0 };
  const projections = startProjections(store, serverTarget(models, revisions, live, metrics, folded, memory, refresher), Date.now, starting.from);
  await projections.ready;
  const writtenAt = mayWrite ? await starting.afterCatchUp(projections, folded.count, memory) : undefined;
  return { models, revisions, projections, loadedAt: starting.from?.position, writtenAt, folded: folded.count };
}

/**
 * The read models to serve. When the start-up wrote a snapshot, the folded models are
 * dropped and that snapshot is read back to serve from: the same models (a start from a
 * snapshot has the full rebuild's digest), but laid out for reading. The reader makes
 * objects in the order it meets them, and a snapshot puts what one question reads side by
 * side (ReadModels.snapshotLayout), where a fold leaves each object where its event came
 * in the log: at a million events entity questions' p99 fell by about a third. It costs
 * the read, about 10 s there, on a start that already spent a minute writing.
 *
 * The folded models are let go (and their memory given back) before the read, not after:
 * holding both peaked above 2 GB at a million events and left the server at 1,072 MiB
 * resident, part-empty pages of the old models kept.
 */
async function caughtUpModels(config: ConcordConfig, store: EventStore, logger: Logger, live: LiveTimeline, metrics: ConcordMetrics, memory: StartUpMemory, refresher: SnapshotRefresher | undefined): Promise<Omit<CaughtUp, 'writtenAt'> & Pick<RunningServer, 'snapshot'>> {
  let first: CaughtUp | undefined = await catchUp(config, store, logger, live, metrics, memory, refresher, true);
  const { loadedAt, writtenAt } = first;
  if (writtenAt === undefined) return { ...first, snapshot: { loadedAt, writtenAt, reloadedAt: undefined } };
  await first.projections.stop();
  first = undefined;
  memory.folding();
  if (config.CONCORD_RELEASE_MEMORY_AFTER_CATCH_UP) await releaseCatchUpMemory();
  // Refused (it never should be: this code just wrote it), it folds the whole log again.
  const served = await catchUp(config, store, logger, live, metrics, memory, refresher, false);
  return { ...served, snapshot: { loadedAt, writtenAt, reloadedAt: served.loadedAt } };
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
