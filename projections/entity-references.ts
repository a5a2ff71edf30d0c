import type { ConcordEvent } from '../events/decode-event.js';
import type { Projection } from './engine.js';
import { EventEntities } from './event-entities.js';

/** Where the index starts: it doubles as events are filed. */
const FIRST_CAPACITY = 1024;

/** Marks the end of an entity's chain. */
const END = -1;

/**
 * The log positions of the events that concern each entity: its subject, or an entity it
 * names (the same relation the auditor's entity history reports, src/audit/touches.ts).
 * So an entity's history reads those events back from the store instead of the whole log.
 *
 * Kept as one chain per entity through two typed columns (a position and the index of the
 * entity's next reference), not an array of bigints per entity. Why: at a million events
 * the arrays were about 200,000 objects holding 1.7 million pointers, filing an event
 * pushed onto arrays spread over the whole heap (4.6 s of a catch-up's CPU at 1M, a
 * cache miss and a write barrier each), and each array was one more object for a
 * snapshot to rebuild. Filing now writes at the end of the columns. Reading an entity's
 * positions walks its chain (one step per reference), which the audit's entity history
 * does once before reading those events back from the store.
 */
export class EntityReferences {
  /** By entity key, interned (see EventEntities): each entity's slot in `first` and `last`. */
  private readonly slots = new Map<string, number>();
  private first = new Int32Array(FIRST_CAPACITY);
  private last = new Int32Array(FIRST_CAPACITY);
  /** Per reference filed: the event's position, and the entity's next reference (END: none yet). */
  private positionAt = new BigUint64Array(FIRST_CAPACITY);
  private next = new Int32Array(FIRST_CAPACITY);
  private filed = 0;
  private applied: bigint | undefined;

  /** `entities`: shared with the timeline in ReadModels, so each event's entities are worked out once. */
  constructor(private readonly entities = new EventEntities()) {}

  /** An event naming one entity twice (or its own subject) is one event of its history: noted once (entitiesOf). */
  add(event: ConcordEvent): void {
    const { position } = event;
    for (const key of this.entities.of(event)) {
      if (this.filed === this.next.length) this.growReferences(this.filed * 2);
      const at = this.filed++;
      this.positionAt[at] = position;
      this.next[at] = END;
      const slot = this.slots.get(key);
      if (slot === undefined) {
        const fresh = this.slots.size;
        if (fresh === this.first.length) this.growSlots(fresh * 2);
        this.slots.set(key, fresh);
        this.first[fresh] = at;
        this.last[fresh] = at;
      } else {
        this.next[this.last[slot]!] = at;
        this.last[slot] = at;
      }
    }
    this.applied = position;
  }

  /** After a catch-up: the columns at their exact length (doubling leaves up to as much again spare). */
  compact(): void {
    this.growReferences(this.filed);
    this.growSlots(this.slots.size);
  }

  /**
   * The positions up to `until` of the events concerning the entity ("category:id"), as
   * far as events are applied: `through`, the last applied position (undefined: none),
   * tells the caller from where the log must still be read.
   */
  positions(entity: string, until: bigint): { readonly positions: readonly bigint[]; readonly through: bigint | undefined } {
    const positions: bigint[] = [];
    const slot = this.slots.get(entity);
    // Filed in log order, so the chain ascends: it stops at the first past `until`.
    for (let at = slot === undefined ? END : this.first[slot]!; at !== END; at = this.next[at]!) {
      const position = this.positionAt[at]!;
      if (position > until) break;
      positions.push(position);
    }
    return { positions, through: this.applied };
  }

  private growReferences(capacity: number): void {
    this.positionAt = resized(this.positionAt, capacity, this.filed);
    this.next = resized(this.next, capacity, this.filed);
  }

  private growSlots(capacity: number): void {
    this.first = resized(this.first, capacity, this.slots.size);
    this.last = resized(this.last, capacity, this.slots.size);
  }
}

/** A column of `capacity` holding the first `used` values of `column` (at least one slot, so doubling always grows). */
function resized<A extends Int32Array | BigUint64Array>(column: A, capacity: number, used: number): A {
  const to = new (column.constructor as new (length: number) => A)(Math.max(capacity, 1));
  to.set(column.subarray(0, used) as never);
  return to;
}

export const entityReferencesProjection: Projection<EntityReferences> = {
  name: 'entity-references',
  apply: (references, event) => references.add(event),
  caughtUp: (references) => references.compact(),
};
