import type { ConcordEvent } from '../events/decode-event.js';
import type { Projection } from './engine.js';
import { EventEntities } from './event-entities.js';
import { ChunkedBigUint64Column, END, KeyedChains } from './keyed-chains.js';

/**
 * The log positions of the events that concern each entity: its subject, or an entity it
 * names (the same relation the auditor's entity history reports, src/audit/touches.ts).
 * So an entity's history reads those events back from the store instead of the whole log.
 *
 * Kept as one chain per entity (KeyedChains) with each reference's position in a column
 * beside it, not an array of bigints per entity. Why: at a million events the arrays were
 * about 200,000 objects holding 1.7 million pointers, filing an event pushed onto arrays
 * spread over the whole heap (4.6 s of a catch-up's CPU at 1M, a cache miss and a write
 * barrier each), and each array was one more object for a snapshot to rebuild. Reading an
 * entity's positions walks its chain (one step per reference), which the audit's entity
 * history does once before reading those events back from the store.
 */
export class EntityReferences {
  private readonly chains: KeyedChains;
  /** Per reference (a link of the chains), the event's position. */
  private readonly positionOf: ChunkedBigUint64Column;
  private applied: bigint | undefined;

  /**
   * `entities`: shared with the timeline in ReadModels, so each event's entities are worked
   * out once. `chunkBits`: smaller in specs, to cross chunks with few events.
   */
  constructor(
    private readonly entities = new EventEntities(),
    chunkBits?: number,
  ) {
    this.chains = new KeyedChains(chunkBits);
    this.positionOf = new ChunkedBigUint64Column(this.chains.chunkBits);
  }

  /** An event naming one entity twice (or its own subject) is one event of its history: noted once (entityNumbersOf). */
  add(event: ConcordEvent): void {
    const { position } = event;
    for (const entity of this.entities.numbersOf(event)) this.positionOf.set(this.chains.append(entity), position);
    this.applied = position;
  }

  /** After a catch-up: the chains' slots at their exact length. */
  compact(): void {
    this.chains.compact();
  }

  /**
   * The positions up to `until` of the events concerning the entity ("category:id"), as
   * far as events are applied: `through`, the last applied position (undefined: none),
   * tells the caller from where the log must still be read.
   */
  positions(entity: string, until: bigint): { readonly positions: readonly bigint[]; readonly through: bigint | undefined } {
    const positions: bigint[] = [];
    const number = this.entities.keys.numberOfKey(entity);
    // Filed in log order, so the chain ascends: it stops at the first past `until`.
    for (let link = number === undefined ? END : this.chains.firstOf(number); link !== END; link = this.chains.nextOf(link)) {
      const position = this.positionOf.get(link);
      if (position > until) break;
      positions.push(position);
    }
    return { positions, through: this.applied };
  }
}

export const entityReferencesProjection: Projection<EntityReferences> = {
  name: 'entity-references',
  apply: (references, event) => references.add(event),
  caughtUp: (references) => references.compact(),
};
