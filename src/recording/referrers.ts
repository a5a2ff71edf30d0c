import { definitionOf } from '../../events/catalogue.js';
import { entityKey, type EntityRef } from '../../events/identifiers.js';
import type { EventStore } from '../store/event-store.js';

const PAGE = 10_000;

/**
 * Event ids, outside `ownStream`, of events naming `ref`: what keeps a registration from
 * being retracted. Reads the whole log, which is acceptable for a rare, deliberate act
 * (retracting a registration); events that were themselves retracted still count, so
 * the answer errs on the side of refusing.
 */
export async function eventsReferring(store: EventStore, ref: EntityRef, ownStream: string): Promise<string[]> {
  const wanted = entityKey(ref);
  const found: string[] = [];
  let fromPosition: bigint | undefined;
  for (;;) {
    const page = await store.readAll({ maxCount: PAGE, ...(fromPosition !== undefined ? { fromPosition } : {}) });
    for (const event of page) {
      if (event.stream === ownStream) continue;
      const definition = definitionOf(event.type);
      if (definition?.references(event.data).some((r) => entityKey(r.ref) === wanted)) found.push(event.eventId);
    }
    if (page.length < PAGE) return found;
    fromPosition = page[page.length - 1]!.position;
  }
}
