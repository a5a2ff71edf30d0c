import { startProjections } from '../../projections/engine.js';
import { ReadModels } from '../../projections/read-models.js';
import type { EventStore } from '../store/event-store.js';

/**
 * The digest of read models fed the way the server feeds them (the projection engine on
 * a store subscription), with the position they reflect. Status and digest are read in
 * one synchronous step, so no event can slip in between.
 */
export async function engineDigest(store: EventStore): Promise<{ position: bigint | undefined; digest: string }> {
  const models = new ReadModels();
  const runner = startProjections(store, models);
  try {
    await runner.ready;
    const { position } = runner.status();
    return { position, digest: models.digest() };
  } finally {
    await runner.stop();
  }
}
