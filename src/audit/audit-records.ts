import { definitionFor } from '../../events/catalogue.js';
import { decodeEvent, type ConcordEvent } from '../../events/decode-event.js';
import { entityKey, type EntityRef } from '../../events/identifiers.js';
import type { EventStore, RecordedEvent } from '../store/event-store.js';
import { cataloguePointers, type PointerReader } from './event-pointers.js';
import { readLog } from './read-log.js';
import { relationTo } from './touches.js';

/**
 * An event as an auditor reads it: where it sits, what it says, and its data and
 * metadata exactly as stored (before any upcasting), with sources, provenance and hash.
 */
export interface AuditRecord {
  readonly position: string;
  readonly stream: string;
  readonly revision: number;
  readonly eventId: string;
  readonly type: string;
  readonly entity: string;
  readonly summary: string;
  readonly data: unknown;
  readonly metadata: unknown;
}

export function auditRecord(recorded: RecordedEvent, event: ConcordEvent = decodeEvent(recorded)): AuditRecord {
  const definition = definitionFor(event.development);
  return {
    position: recorded.position.toString(),
    stream: recorded.stream,
    revision: recorded.revision,
    eventId: recorded.eventId,
    type: recorded.type,
    entity: entityKey(definition.subject(event.development.data)),
    summary: definition.summary(event.development.data),
    data: recorded.data,
    metadata: recorded.metadata,
  };
}

export interface HistoryEntry extends AuditRecord {
  readonly relation: 'subject' | 'reference';
  /** Later events that correct or retract this one, in recorded order. */
  readonly corrections: AuditRecord[];
}

/** Where the events concerning an entity are, as an index of them knows (the read models' EntityReferences). */
export type ReferenceIndex = (entity: string, until: bigint) => { readonly positions: readonly bigint[]; readonly through: bigint | undefined };

/** Positions read back per store call: bounds what one call holds in memory. */
const READ_AT_BATCH = 1000;

/**
 * The events up to `until` that may concern the entity: those the index located, read
 * back by position, then the log past what the index has applied (a write the read
 * models have not folded yet), so the answer is the whole log's, read your writes included.
 */
async function* located(store: EventStore, index: ReferenceIndex, entity: string, until: bigint): AsyncGenerator<RecordedEvent> {
  const { positions, through } = index(entity, until);
  for (let i = 0; i < positions.length; i += READ_AT_BATCH) yield* await store.readAt(positions.slice(i, i + READ_AT_BATCH));
  if (through === undefined || through < until) yield* readLog(store, until, through);
}

/**
 * Every event that touched an entity, in recorded order: its own stream's and those of
 * other streams naming it, each correction shown under the event it corrects. With an
 * index of references it reads only the entity's events (and the log the index has not
 * reached); without one, the whole log, in one pass over the store.
 */
export async function entityHistory(store: EventStore, ref: EntityRef, pointers: PointerReader = cataloguePointers, until?: bigint, index?: ReferenceIndex): Promise<HistoryEntry[]> {
  const head = until ?? (await store.headPosition());
  if (head === undefined) return [];
  const entries: HistoryEntry[] = [];
  const byId = new Map<string, HistoryEntry>();
  const events = index ? located(store, index, entityKey(ref), head) : readLog(store, head);
  for await (const recorded of events) {
    const event = decodeEvent(recorded);
    const relation = relationTo(event, ref);
    if (relation === undefined) continue;
    const record = auditRecord(recorded, event);
    const corrected = pointers(event)
      .map((p) => byId.get(`${recorded.stream}\u0000${p.eventId}`))
      .find((e) => e !== undefined);
    if (corrected) {
      corrected.corrections.push(record);
      continue;
    }
    const entry: HistoryEntry = { ...record, relation, corrections: [] };
    entries.push(entry);
    byId.set(`${recorded.stream}\u0000${recorded.eventId}`, entry);
  }
  return entries;
}
