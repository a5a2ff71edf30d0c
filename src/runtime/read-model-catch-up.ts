import { existsSync } from 'node:fs';
import { bindProjection, startProjections, type ProjectionRunner, type ProjectionTarget } from '../../projections/engine.js';
import type { ReadModels } from '../../projections/read-models.js';
import { streamRevisionsProjection, type StreamRevisions } from '../../projections/stream-revisions.js';
import { snapshotFileOf, type ConcordConfig } from '../config.js';
import { liveTimelineProjection, type LiveTimeline } from '../http/live-timeline.js';
import type { Logger } from '../observability/logger.js';
import type { ConcordMetrics } from '../observability/metrics.js';
import type { RunningServer } from '../server.js';
import type { EventStore } from '../store/event-store.js';
import { snapshotWhereTheyStand, startingModels } from './read-model-snapshots.js';
import { releaseCatchUpMemory } from './release-catch-up-memory.js';
import type { SnapshotRefresher } from './snapshot-refresher.js';
import type { StartUpMemory } from './start-up-memory.js';

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
export async function caughtUpModels(config: ConcordConfig, store: EventStore, logger: Logger, live: LiveTimeline, metrics: ConcordMetrics, memory: StartUpMemory, refresher: SnapshotRefresher | undefined): Promise<Omit<CaughtUp, 'writtenAt'> & Pick<RunningServer, 'snapshot'>> {
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
