import { definitionFor } from '../events/catalogue.js';
import type { ConcordEvent } from '../events/decode-event.js';
import type { Projection } from './engine.js';

/**
 * The log positions of the events that concern each entity: its subject, or an entity it
 * names (the same relation the auditor's entity history reports, src/audit/touches.ts).
 * So an entity's history reads those events back from the store instead of the whole log.
 * Positions arrive in log order, so each entity's list is sorted as it grows.
 */
export class EntityReferences {
  /**
   * By category, then id: the ids are strings the decoder already holds, so no key is
   * built per event (this is folded for every event of a million-event catch-up).
   */
  private readonly byEntity = new Map<string, Map<string, bigint[]>>();
  private applied: bigint | undefined;

  add(event: ConcordEvent): void {
    const definition = definitionFor(event.development);
    const subject = definition.subject(event.development.data);
    const { position } = event;
    this.note(subject.category, subject.id, position);
    for (const { ref } of definition.references(event.development.data)) this.note(ref.category, ref.id, position);
    this.applied = position;
  }

  /** An event naming one entity twice (or its own subject) is one event of its history: noted once. */
  private note(category: string, id: string, position: bigint): void {
    let ids = this.byEntity.get(category);
    if (ids === undefined) this.byEntity.set(category, (ids = new Map()));
    const positions = ids.get(id);
    if (positions === undefined) ids.set(id, [position]);
    else if (positions[positions.length - 1] !== position) positions.push(position);
  }

  /**
   * The positions up to `until` of the events concerning the entity ("category:id"), as
   * far as events are applied: `through`, the last applied position (undefined: none),
   * tells the caller from where the log must still be read.
   */
  positions(entity: string, until: bigint): { readonly positions: readonly bigint[]; readonly through: bigint | undefined } {
    const colon = entity.indexOf(':');
    const all = this.byEntity.get(entity.slice(0, colon))?.get(entity.slice(colon + 1)) ?? [];
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
};
