import type { ConcordEvent } from '../events/decode-event.js';
import type { Projection } from './engine.js';
import { EventEntities } from './event-entities.js';

/**
 * The log positions of the events that concern each entity: its subject, or an entity it
 * names (the same relation the auditor's entity history reports, src/audit/touches.ts).
 * So an entity's history reads those events back from the store instead of the whole log.
 * Positions arrive in log order, so each entity's list is sorted as it grows.
 */
export class EntityReferences {
  /** By entity key, interned (see EventEntities): nothing is built or hashed afresh per event. */
  private readonly byEntity = new Map<string, bigint[]>();
  private applied: bigint | undefined;

  /** `entities`: shared with the timeline in ReadModels, so each event's entities are worked out once. */
  constructor(private readonly entities = new EventEntities()) {}

  /** An event naming one entity twice (or its own subject) is one event of its history: noted once (entitiesOf). */
  add(event: ConcordEvent): void {
    const { position } = event;
    for (const key of this.entities.of(event)) {
      const positions = this.byEntity.get(key);
      if (positions === undefined) this.byEntity.set(key, [position]);
      else positions.push(position);
    }
    this.applied = position;
  }

  /** After a catch-up: each entity's list in an array of its exact length (`push` leaves up to half again spare). */
  compact(): void {
    for (const [key, positions] of this.byEntity) this.byEntity.set(key, positions.slice());
  }

  /**
   * The positions up to `until` of the events concerning the entity ("category:id"), as
   * far as events are applied: `through`, the last applied position (undefined: none),
   * tells the caller from where the log must still be read.
   */
  positions(entity: string, until: bigint): { readonly positions: readonly bigint[]; readonly through: bigint | undefined } {
    const all = this.byEntity.get(entity) ?? [];
    let lo = 0;
    let hi = all.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (all[mid]! <= until) lo = mid + 1;
      else hi = mid;
    }
    return { positions: lo === all.length ? all.slice() : all.slice(0, lo), through: this.applied };
  }
}

export const entityReferencesProjection: Projection<EntityReferences> = {
  name: 'entity-references',
  apply: (references, event) => references.add(event),
  caughtUp: (references) => references.compact(),
};
