import type { ConcordEvent } from '../../../events/decode-event.js';
import { ReadModels } from '../../../projections/read-models.js';

/** Read models folded from the given events, as the engine would fold them. */
export function readModelsOf(events: readonly ConcordEvent[]): ReadModels {
  const models = new ReadModels();
  for (const event of events) models.apply(event);
  return models;
}
