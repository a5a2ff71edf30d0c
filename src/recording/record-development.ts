import type { Development } from '../../events/catalogue.js';
import type { EventMetadata } from '../../events/metadata.js';
import { definitionFor } from '../../events/catalogue.js';
import { streamOf } from '../../events/identifiers.js';
import { WrongExpectedRevisionError, type EventStore, type NewEvent } from '../store/event-store.js';
import { KeyedMutex } from './keyed-mutex.js';
import { planDevelopment } from './plan-development.js';
import { StreamStateCache } from './stream-state-cache.js';

/** Who records a development and why: becomes the event's metadata. */
export interface Provenance {
  readonly recordedBy: string;
  readonly correlationId: string;
  readonly causationId?: string | null;
  readonly importedFrom?: { file: string; item: number; line?: number };
}

export interface RecordedDevelopment {
  readonly eventId: string;
  readonly stream: string;
  readonly revision: number;
  readonly position: bigint;
  /** True when the event id was already recorded: nothing was written. */
  readonly replayed: boolean;
}

export type Clock = () => Date;

export function metadataFor(development: Development, provenance: Provenance, clock: Clock): EventMetadata {
  return {
    recordedAt: clock().toISOString(),
    recordedBy: provenance.recordedBy,
    correlationId: provenance.correlationId,
    causationId: provenance.causationId ?? null,
    schemaVersion: definitionFor(development).schemaVersion,
    ...(provenance.importedFrom ? { importedFrom: provenance.importedFrom } : {}),
  };
}

export function newEvents(developments: readonly Development[], eventIds: readonly string[], provenance: Provenance, clock: Clock): NewEvent[] {
  return developments.map((development, i) => ({
    eventId: eventIds[i]!,
    type: development.type,
    data: development.data,
    metadata: metadataFor(development, provenance, clock),
  }));
}

/** Another writer kept changing the stream between our read and our append. */
export class ConcurrencyConflictError extends Error {
  readonly code = 'concurrency-conflict';
  constructor(readonly stream: string, readonly attempts: number, options?: { cause?: unknown }) {
    super(`stream ${stream} changed during each of ${attempts} attempts to append; retry the request`, options);
  }
}

const MAX_ATTEMPTS = 5;
const streamLocks = new WeakMap<EventStore, KeyedMutex>();

function locksOf(store: EventStore): KeyedMutex {
  let locks = streamLocks.get(store);
  if (!locks) streamLocks.set(store, (locks = new KeyedMutex()));
  return locks;
}

/**
 * Records one development: read its stream and every referenced stream from the store,
 * decide, append at the exact revision decided on. A concurrent append to the same
 * stream makes the append fail; the development is then decided afresh on the new
 * state (so a rule broken meanwhile is reported as such), up to MAX_ATTEMPTS. Within
 * one process developments on the same stream take turns, so conflicts come only from
 * other processes.
 */
export async function recordDevelopment(
  store: EventStore,
  development: Development,
  eventId: string,
  provenance: Provenance,
  clock: Clock = () => new Date(),
): Promise<RecordedDevelopment> {
  const stream = streamOf(definitionFor(development).subject(development.data));
  return locksOf(store).run(stream, () => decideAndAppend(store, development, eventId, provenance, clock));
}

async function decideAndAppend(store: EventStore, development: Development, eventId: string, provenance: Provenance, clock: Clock): Promise<RecordedDevelopment> {
  let lastConflict: WrongExpectedRevisionError | undefined;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
    const plan = await planDevelopment(new StreamStateCache(store), development, eventId, store);
    if (plan.kind === 'already-recorded') {
      return { eventId, stream: plan.stream, revision: plan.revision, position: plan.position!, replayed: true };
    }
    try {
      const result = await store.append(plan.stream, newEvents(plan.developments, plan.eventIds, provenance, clock), plan.expectedRevision);
      return { eventId, stream: plan.stream, revision: result.nextExpectedRevision - (plan.developments.length - 1), position: result.position, replayed: false };
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      lastConflict = error;
      // Another process won the race: step aside a random moment so the two do not collide again.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
    }
  }
  throw new ConcurrencyConflictError(lastConflict!.stream, MAX_ATTEMPTS, { cause: lastConflict });
}
