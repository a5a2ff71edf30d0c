import { definitionOf } from '../../events/catalogue.js';
import { entityKey, type EntityRef } from '../../events/identifiers.js';
import type { EventStore } from '../store/event-store.js';
import type { StreamStateCache } from './stream-state-cache.js';

const PAGE = 10_000;

/**
 * Event ids, outside `ownStream`, of events naming `ref`: what keeps a registration from
 * being retracted. Stored events, and those `cache` holds planned and not yet written (an
 * import's earlier developments: a file may register an entity, refer to it and retract
 * the registration). Events that were themselves retracted still count, so the answer
 * errs on the side of refusing.
 */
export async function referrersOf(cache: StreamStateCache, store: EventStore | undefined, ref: EntityRef, ownStream: string): Promise<string[]> {
  const stored = store === undefined ? [] : await storedReferrers(store, ref, ownStream);
  // A planned event may be stored too by then (an earlier append of a shared snapshot): each id once.
  return [...new Set([...stored, ...cache.plannedReferrers(ref, ownStream)])];
}

/**
 * The stored ones. The store is asked only for events whose data holds the entity's id
 * as a JSON string (the SQLite store finds them in SQL, without parsing the log), and
 * each is then checked against its type's references: the id may stand in another field
 * or name an entity of another category.
 */
async function storedReferrers(store: EventStore, ref: EntityRef, ownStream: string): Promise<string[]> {
  const wanted = entityKey(ref);
  const filter = { dataContains: JSON.stringify(ref.id) };
  const found: string[] = [];
  let fromPosition: bigint | undefined;
  for (;;) {
    const page = await store.readAll({ maxCount: PAGE, filter, ...(fromPosition !== undefined ? { fromPosition } : {}) });
    for (const event of page) {
      if (event.stream === ownStream) continue;
      const definition = definitionOf(event.type);
      if (definition?.references(event.data).some((r) => entityKey(r.ref) === wanted)) found.push(event.eventId);
    }
    if (page.length < PAGE) return found;
    fromPosition = page[page.length - 1]!.position;
  }
}
