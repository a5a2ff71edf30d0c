import { definitionFor } from '../../events/catalogue.js';
import { decodeEvent, type ConcordEvent } from '../../events/decode-event.js';
import { entityKey, streamOf, type EntityRef } from '../../events/identifiers.js';
import { ReadModels } from '../../projections/read-models.js';
import type { EventStore } from '../store/event-store.js';
import { readLog } from './read-log.js';
import { relationTo } from './touches.js';

/** Which events a replay prints; every event up to `until` is folded regardless. */
export interface ReplayFilter {
  /** Up to and including this position, or events recorded at or before this instant. */
  readonly until?: bigint | Date;
  readonly stream?: string;
  /** Events in the entity's stream or naming it. */
  readonly entity?: EntityRef;
  readonly types?: readonly string[];
}

export interface ReplayOptions {
  /** Include the state of the event's entity (or of `filter.entity`) after each event, on valid day `stateDay`. */
  readonly stateDay?: number;
  readonly onProgress?: (position: bigint, head: bigint) => void;
}

/** One replayed event: where and when it was recorded, by whom, what it says. */
export interface ReplayedEvent {
  readonly position: string;
  readonly recordedAt: string;
  readonly recordedBy: string;
  readonly type: string;
  readonly entity: string;
  readonly stream: string;
  readonly revision: number;
  readonly eventId: string;
  readonly summary: string;
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly importedFrom?: { file: string; item: number; line?: number };
  /** The entity as the read models answer right after this event; null when not (yet) registered. */
  readonly state?: unknown;
}

function selected(event: ConcordEvent, filter: ReplayFilter): boolean {
  if (filter.stream !== undefined && event.stream !== filter.stream) return false;
  if (filter.entity !== undefined && relationTo(event, filter.entity) === undefined) return false;
  if (filter.types !== undefined && !filter.types.includes(event.development.type)) return false;
  if (filter.until instanceof Date && Date.parse(event.metadata.recordedAt) > filter.until.getTime()) return false;
  return true;
}

/**
 * Replays the log in recorded (position) order. Every event up to the bound is folded
 * into fresh read models exactly as the projection engine folds them, so the state shown
 * after an event is the answer the API gave when its read models stood at that position.
 * A timestamp bound keeps the events recorded by then: clocks of several writers need
 * not follow commit order, so the whole log is read.
 */
export async function* replay(store: EventStore, filter: ReplayFilter, options: ReplayOptions = {}): AsyncGenerator<ReplayedEvent> {
  const head = await store.headPosition();
  if (head === undefined) return;
  const until = typeof filter.until === 'bigint' && filter.until < head ? filter.until : head;
  const models = new ReadModels();
  // As the engine does on an empty store: caught up first, then every event applied live.
  for (const projection of models.projections) projection.caughtUp();
  for await (const recorded of readLog(store, until)) {
    const event = decodeEvent(recorded);
    const wanted = selected(event, filter);
    const known = !(filter.until instanceof Date) || Date.parse(event.metadata.recordedAt) <= filter.until.getTime();
    if (known) models.apply(event);
    options.onProgress?.(event.position, until);
    if (!wanted) continue;
    const definition = definitionFor(event.development);
    const subject = definition.subject(event.development.data);
    const { metadata } = event;
    yield {
      position: event.position.toString(),
      recordedAt: metadata.recordedAt,
      recordedBy: metadata.recordedBy,
      type: event.development.type,
      entity: entityKey(subject),
      stream: streamOf(subject),
      revision: event.revision,
      eventId: event.eventId,
      summary: definition.summary(event.development.data),
      correlationId: metadata.correlationId,
      causationId: metadata.causationId,
      ...(metadata.importedFrom ? { importedFrom: metadata.importedFrom } : {}),
      ...(options.stateDay !== undefined ? { state: models.entity(filter.entity ?? subject, options.stateDay) ?? null } : {}),
    };
  }
}
