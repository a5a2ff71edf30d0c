import type { ProjectionRunner, ProjectionStart } from '../../projections/engine.js';
import { ReadModels } from '../../projections/read-models.js';
import { readModelCodeFingerprint } from '../../projections/snapshot/code-fingerprint.js';
import { READ_MODEL_CLASSES } from '../../projections/snapshot/read-model-classes.js';
import { readSnapshotFile, SnapshotRefusedError, writeSnapshotFile, type SnapshotHeader, type WrittenSnapshot } from '../../projections/snapshot/snapshot-file.js';
import { StreamRevisions } from '../../projections/stream-revisions.js';
import type { EventStore } from '../store/event-store.js';

/** What a snapshot holds: the read models and the stream revisions the server folds beside them. */
export interface SnapshotRoot {
  readonly models: ReadModels;
  readonly revisions: StreamRevisions;
}

/** How many events of the log a snapshot names, to find the same log again. */
const SAMPLES = 32;

export interface StartingModels extends SnapshotRoot {
  /** Where the loaded models stand; undefined when they start empty. */
  readonly from: ProjectionStart | undefined;
  /** The snapshot loaded, and how long reading it took. */
  readonly loaded?: { readonly header: SnapshotHeader; readonly ms: number };
  /** Why no snapshot was loaded (SNAPSHOT_MISSING when there was none). */
  readonly refused?: SnapshotRefusedError;
}

function emptyModels(refused?: SnapshotRefusedError): StartingModels {
  return { models: new ReadModels(), revisions: new StreamRevisions(), from: undefined, ...(refused && { refused }) };
}

/**
 * The read models to start from: those of the snapshot at `file` when it was folded by
 * this code from this log, else empty ones (and why). Every event a snapshot names must
 * be in the store at its position with its id: a snapshot of another store, or of this
 * one before a restore rewrote it, is refused. (Event ids are derived from the events'
 * content, so the same ids at the same positions mean the same events there.)
 */
export async function startingModels(store: EventStore, file: string | undefined): Promise<StartingModels> {
  if (file === undefined) return emptyModels();
  const started = performance.now();
  let read: Awaited<ReturnType<typeof readSnapshotFile>>;
  try {
    read = await readSnapshotFile(file, READ_MODEL_CLASSES, readModelCodeFingerprint);
  } catch (error) {
    if (error instanceof SnapshotRefusedError) return emptyModels(error);
    throw error;
  }
  const { header, root } = read;
  const { models, revisions } = (root ?? {}) as Partial<SnapshotRoot>;
  if (!(models instanceof ReadModels) || !(revisions instanceof StreamRevisions)) return emptyModels(new SnapshotRefusedError('SNAPSHOT_CORRUPT', file, 'it does not hold read models'));
  const positions = header.samples.map((s) => BigInt(s.position));
  const found = new Map((await store.readAt(positions)).map((event) => [event.position, event.eventId]));
  const missing = header.samples.find((s) => found.get(BigInt(s.position)) !== s.eventId);
  if (missing) return emptyModels(new SnapshotRefusedError('SNAPSHOT_OTHER_LOG', file, `folded from another log: the store has ${found.has(BigInt(missing.position)) ? `event ${found.get(BigInt(missing.position))}` : 'no event'} at position ${missing.position}, the snapshot ${missing.eventId}`));
  return {
    models,
    revisions,
    from: { position: BigInt(header.position), knownAt: header.knownAt ?? undefined },
    loaded: { header, ms: performance.now() - started },
  };
}

/**
 * Writes the models to `file` as they stand at `at` (the projections must be held there
 * meanwhile, see ProjectionRunner.hold). Synchronous in its graph walk: about a minute at
 * a million events, so callers write before serving or in a process of their own.
 */
export async function writeModelsSnapshot(store: EventStore, file: string, root: SnapshotRoot, at: ProjectionStart, now: Date = new Date()): Promise<WrittenSnapshot & { readonly ms: number }> {
  const started = performance.now();
  const positions = root.models.recordedTime.samplePositions(SAMPLES);
  if (positions.at(-1) !== at.position) positions.push(at.position);
  const events = await store.readAt(positions);
  if (events.length !== positions.length) throw new Error(`the store lacks events the read models folded (${events.length} of ${positions.length} sampled positions found): not writing a snapshot`);
  // `layout` first: what it lists is written, and read back, ahead of the rest (see snapshotLayout).
  const written = writeSnapshotFile(file, { layout: root.models.snapshotLayout(), models: root.models, revisions: root.revisions }, READ_MODEL_CLASSES, {
    fingerprint: readModelCodeFingerprint(),
    position: at.position.toString(),
    knownAt: at.knownAt ?? null,
    samples: events.map((event) => ({ position: event.position.toString(), eventId: event.eventId })),
    createdAt: now.toISOString(),
  });
  return { ...written, ms: performance.now() - started };
}

/**
 * Writes the models' snapshot where the runner stands, holding its events back meanwhile
 * so the models stay at that position; undefined when the log is empty.
 */
export async function snapshotWhereTheyStand(store: EventStore, file: string, root: SnapshotRoot, runner: ProjectionRunner): Promise<(WrittenSnapshot & { readonly ms: number }) | undefined> {
  const release = runner.hold();
  try {
    const { position, knownAt } = runner.status();
    return position === undefined ? undefined : await writeModelsSnapshot(store, file, root, { position, knownAt });
  } finally {
    release();
  }
}
