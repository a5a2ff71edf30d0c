import { definitionFor, type Development } from '../events/catalogue.js';
import type { ConcordEvent } from '../events/decode-event.js';
import type { EntityRef } from '../events/identifiers.js';

/**
 * One number and one key string per entity ("organisation:unesco") for the whole read
 * models, numbered 0, 1, 2, … in the order entities are first met. Every event names its
 * entities, and a key built afresh per event costs an allocation and a hash on each Map
 * lookup that files it; an interned key is hashed once. The models that file events by
 * entity (KeyedChains) index their columns by the number, so filing an event looks its
 * entities up here once and in no Map of their own: at a million events each of those
 * lookups is a probe of a table of some 200,000 entries, mostly a cache miss.
 */
export class EntityKeys {
  private readonly byCategory = new Map<string, Map<string, number>>();
  /** By number, the entity's key. */
  private readonly keys: string[] = [];

  /** The entity's number, given it the first time it is met. */
  numberOf(ref: EntityRef): number {
    let ids = this.byCategory.get(ref.category);
    if (ids === undefined) this.byCategory.set(ref.category, (ids = new Map()));
    let number = ids.get(ref.id);
    if (number === undefined) {
      number = this.keys.length;
      this.keys.push(flatEntityKey(ref));
      ids.set(ref.id, number);
    }
    return number;
  }

  keyOf(number: number): string {
    return this.keys[number]!;
  }

  /** The number of the entity with this key ("category:id"), if it was ever met; gives none. */
  numberOfKey(key: string): number | undefined {
    // Categories are words: the first colon ends one, an id may hold more.
    const colon = key.indexOf(':');
    return colon < 0 ? undefined : this.byCategory.get(key.slice(0, colon))?.get(key.slice(colon + 1));
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
 * names, once each, in an array of exact length.
 */
export function entitiesOf(development: Development, keys: EntityKeys): readonly string[] {
  return entityNumbersOf(development, keys).map((number) => keys.keyOf(number));
}

/** The numbers of the entities a development concerns, in entitiesOf's order. */
export function entityNumbersOf(development: Development, keys: EntityKeys): readonly number[] {
  const definition = definitionFor(development);
  const numbers = [keys.numberOf(definition.subject(development.data))];
  for (const { ref } of definition.references(development.data)) {
    const number = keys.numberOf(ref);
    if (!numbers.includes(number)) numbers.push(number);
  }
  return numbers;
}

/**
 * The entities of each event, worked out once for every model that files events by entity
 * (the timeline, the references index): the engine hands each model the very same event
 * in turn, so the last event's answer is the one the next model asks for.
 */
export class EventEntities {
  private last: ConcordEvent | undefined;
  private lastNumbers: readonly number[] = [];

  constructor(readonly keys = new EntityKeys()) {}

  /** The numbers of the event's entities (see entityNumbersOf). */
  numbersOf(event: ConcordEvent): readonly number[] {
    if (event !== this.last) {
      this.last = event;
      this.lastNumbers = entityNumbersOf(event.development, this.keys);
    }
    return this.lastNumbers;
  }
}
