import { bindProjection, startProjections } from '../../projections/engine.js';
import { streamRevisionsProjection } from '../../projections/stream-revisions.js';
import { snapshotFileOf } from '../config.js';
import { snapshotWhereTheyStand, startingModels } from '../runtime/read-model-snapshots.js';
import { StartUpMemory } from '../runtime/start-up-memory.js';
import { openEventStore } from '../store/open-event-store.js';
import { configOrExit } from './cli-context.js';

/**
 * `concord snapshot`: folds the log into the read models (from the current snapshot when
 * it is usable) and writes their snapshot (CONCORD_SNAPSHOT_FILE), so that `serve`
 * starts from it. Safe beside a running server: the store is only read, and the file is
 * replaced whole.
 */
export async function snapshotCommand(): Promise<number> {
  const config = configOrExit();
  if (!config) return 2;
  const file = snapshotFileOf(config);
  if (file === undefined) {
    console.error('concord snapshot: no snapshot file: CONCORD_SNAPSHOT_FILE is off (or auto with EventStoreDB, which needs a path)');
    return 2;
  }
  const store = await openEventStore(config);
  try {
    const starting = await startingModels(store, file);
    if (starting.loaded) console.error(`concord snapshot: starting from ${file} at position ${starting.loaded.header.position} (read in ${Math.round(starting.loaded.ms)} ms)`);
    else if (starting.refused && starting.refused.code !== 'SNAPSHOT_MISSING') console.error(`concord snapshot: not starting from the snapshot (${starting.refused.code}): ${starting.refused.message}`);
    const started = performance.now();
    const target = { projections: [...starting.models.projections, bindProjection(streamRevisionsProjection, starting.revisions)] };
    const runner = startProjections(store, target, Date.now, starting.from);
    await runner.ready;
    const folded = Math.round(performance.now() - started);
    // The fold's garbage given back and the young generation held small while the writer's tables grow (see StartUpMemory.writingSnapshot).
    const memory = new StartUpMemory(config.CONCORD_RELEASE_MEMORY_AFTER_CATCH_UP);
    try {
      await memory.writingSnapshot();
      const written = await snapshotWhereTheyStand(store, file, starting, runner);
      if (!written) {
        console.error('concord snapshot: the log is empty: nothing to write');
        return 1;
      }
      console.log(`concord snapshot: wrote ${file} at position ${written.header.position} (${(written.bytes / 2 ** 20).toFixed(1)} MiB, ${written.header.objects} objects; folded in ${folded} ms, written in ${Math.round(written.ms)} ms)`);
      return 0;
    } finally {
      memory.folding();
      await runner.stop();
    }
  } finally {
    await store.close();
  }
}
