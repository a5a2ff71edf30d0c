import { definitionFor } from '../../events/catalogue.js';
import type { ConcordEvent } from '../../events/decode-event.js';
import { entityKey, type EntityRef } from '../../events/identifiers.js';

/** How an event concerns an entity: it is the event's subject, or the event names it. */
export function relationTo(event: ConcordEvent, ref: EntityRef): 'subject' | 'reference' | undefined {
  const definition = definitionFor(event.development);
  const key = entityKey(ref);
  if (entityKey(definition.subject(event.development.data)) === key) return 'subject';
  return definition.references(event.development.data).some((r) => entityKey(r.ref) === key) ? 'reference' : undefined;
}
