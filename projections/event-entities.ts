import { definitionFor, type Development } from '../events/catalogue.js';
import type { ConcordEvent } from '../events/decode-event.js';
import type { EntityRef } from '../events/identifiers.js';

/**
 * One key string per entity ("organisation:unesco") for the whole read models. Every
 * event names its entities, and a key built afresh per event costs an allocation and a
 * hash on each Map lookup that files it; an interned key is hashed once.
 */
export class EntityKeys {
  private readonly byCategory = new Map<string, Map<string, string>>();

  of(ref: EntityRef): string {
    let ids = this.byCategory.get(ref.category);
    if (ids === undefined) this.byCategory.set(ref.category, (ids = new Map()));
    let key = ids.get(ref.id);
    if (key === undefined) ids.set(ref.id, (key = flatEntityKey(ref)));
    return key;
  }
}

/**
 * entityKey's string made as one flat string. A template literal makes a rope (V8's cons
 * string: the parts and an object joining them) and the prefix "category:" afresh each
 * time; the first Map that hashes it adds a flat copy beside the rope. Kept for the life
 * of the models, a key was three objects instead of one: at 100,000 events 42,574 ropes
 * and some 16,000 copies of "meeting:" and "agreement:" (a heap snapshot after a fold).
 */
function flatEntityKey(ref: EntityRef): string {
  return [ref.category, ref.id].join(':');
}

/**
 * The keys of the entities a development concerns: its subject first, then each entity it
 * names, once each, in an array of exact length (it is kept for the life of the models).
 */
export function entitiesOf(development: Development, keys: EntityKeys): readonly string[] {
  const definition = definitionFor(development);
  const entities = [keys.of(definition.subject(development.data))];
  for (const { ref } of definition.references(development.data)) {
    const key = keys.of(ref);
    if (!entities.includes(key)) entities.push(key);
  }
  // A pushed-to array holds 16 spare slots (see state/tight-list.ts).
  return entities.length === 1 ? entities : entities.slice();
}

/**
 * The entities of each event, worked out once for every model that files events by entity
 * (the timeline, the references index): the engine hands each model the very same event
 * in turn, so the last event's answer is the one the next model asks for.
 */
export class EventEntities {
  private last: ConcordEvent | undefined;
  private lastEntities: readonly string[] = [];

  constructor(readonly keys = new EntityKeys()) {}

  of(event: ConcordEvent): readonly string[] {
    if (event !== this.last) {
      this.last = event;
      this.lastEntities = entitiesOf(event.development, this.keys);
    }
    return this.lastEntities;
  }
}
