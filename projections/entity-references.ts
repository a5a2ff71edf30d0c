import type { ConcordEvent } from '../events/decode-event.js';
import type { Projection } from './engine.js';
import { EventEntities } from './event-entities.js';

/** References per chunk of the columns, as a power of two: 2^16, 512 KiB of positions and 256 KiB of links. */
const CHUNK_BITS = 16;

/** Where the entities' first and last references start: doubled as entities are added. */
const FIRST_SLOTS = 1024;

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
 * snapshot to rebuild. Filing now writes at the end of the columns. The columns grow by
 * chunks of fixed size, never by copying: a live server filing one more event never
 * reallocates tens of MiB at once (which, copied on the first event after a catch-up at
 * 1M, started a full marking of the heap that slowed the reads after it). Reading an
 * entity's positions walks its chain (one step per reference), which the audit's entity
 * history does once before reading those events back from the store.
 */
export class EntityReferences {
  /** By entity key, interned (see EventEntities): each entity's slot in `first` and `last`. */
  private readonly slots = new Map<string, number>();
  private first = new Int32Array(FIRST_SLOTS);
  private last = new Int32Array(FIRST_SLOTS);
  /** Per reference filed, in chunks: the event's position, and the entity's next reference (END: none yet). */
  private readonly positionChunks: BigUint64Array[] = [];
  private readonly nextChunks: Int32Array[] = [];
  private filed = 0;
  private applied: bigint | undefined;

  private readonly inChunk: number;

  /**
   * `entities`: shared with the timeline in ReadModels, so each event's entities are worked
   * out once. `chunkBits`: smaller in specs, to cross chunks with few events.
   */
  constructor(
    private readonly entities = new EventEntities(),
    private readonly chunkBits = CHUNK_BITS,
  ) {
    this.inChunk = (1 << chunkBits) - 1;
  }

  /** An event naming one entity twice (or its own subject) is one event of its history: noted once (entitiesOf). */
  add(event: ConcordEvent): void {
    const { position } = event;
    for (const key of this.entities.of(event)) {
      const at = this.filed++;
      if ((at & this.inChunk) === 0) {
        this.positionChunks.push(new BigUint64Array(this.inChunk + 1));
        this.nextChunks.push(new Int32Array(this.inChunk + 1));
      }
      this.positionChunks[at >>> this.chunkBits]![at & this.inChunk] = position;
      this.nextChunks[at >>> this.chunkBits]![at & this.inChunk] = END;
      const slot = this.slots.get(key);
      if (slot === undefined) {
        const fresh = this.slots.size;
        if (fresh === this.first.length) this.growSlots(fresh * 2);
        this.slots.set(key, fresh);
        this.first[fresh] = at;
        this.last[fresh] = at;
      } else {
        const previous = this.last[slot]!;
        this.nextChunks[previous >>> this.chunkBits]![previous & this.inChunk] = at;
        this.last[slot] = at;
      }
    }
    this.applied = position;
  }

  /** After a catch-up: the slots at their exact length (doubling leaves up to as much again spare). */
  compact(): void {
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
    for (let at = slot === undefined ? END : this.first[slot]!; at !== END; at = this.nextChunks[at >>> this.chunkBits]![at & this.inChunk]!) {
      const position = this.positionChunks[at >>> this.chunkBits]![at & this.inChunk]!;
      if (position > until) break;
      positions.push(position);
    }
    return { positions, through: this.applied };
  }

  private growSlots(capacity: number): void {
    const used = this.slots.size;
    const first = new Int32Array(Math.max(capacity, 1));
    const last = new Int32Array(Math.max(capacity, 1));
    first.set(this.first.subarray(0, used));
    last.set(this.last.subarray(0, used));
    this.first = first;
    this.last = last;
  }
}

export const entityReferencesProjection: Projection<EntityReferences> = {
  name: 'entity-references',
  apply: (references, event) => references.add(event),
  caughtUp: (references) => references.compact(),
};
