import { v5 as uuidv5 } from 'uuid';
import { definitionFor, type Development } from '../../events/catalogue.js';
import { amendmentNeeds, decideAmendment } from '../domain/amendment-decider.js';
import { isAmendment } from '../domain/amendments.js';
import { decideDevelopment } from '../domain/deciders.js';
import { DomainError } from '../domain/domain-error.js';
import type { ChainHead } from '../audit/hash-chain.js';
import type { EventStore, ExpectedRevision } from '../store/event-store.js';
import { referrersOf } from './referrers.js';
import { contentOf } from './event-ids.js';
import type { StoredDevelopment, StreamSnapshot, StreamStateCache } from './stream-state-cache.js';

/** The same idempotency key (event id) came back with a different development. */
export class IdempotencyKeyReusedError extends DomainError {
  constructor(eventId: string, stream: string) {
    super(
      'idempotency-key-reused',
      `event ${eventId} in ${stream} was recorded with different content; use a new Idempotency-Key for a new development`,
      undefined,
      { eventId, stream },
    );
  }
}

export type DevelopmentPlan =
  | { readonly kind: 'already-recorded'; readonly stream: string; readonly eventId: string; readonly revision: number; readonly position: bigint | undefined }
  | {
      readonly kind: 'append';
      readonly stream: string;
      readonly snapshot: StreamSnapshot;
      /** The stream's chain head the development was decided at: new events chain from it. */
      readonly chain: ChainHead;
      readonly expectedRevision: ExpectedRevision;
      readonly eventIds: string[];
      readonly developments: Development[];
    };

/**
 * Decides one development against the stream states in the cache: an idempotent
 * replay when its event id is already in the target stream, otherwise the events to
 * append at the exact revision they were decided on. Throws DomainError.
 */
export async function planDevelopment(cache: StreamStateCache, development: Development, eventId: string, store?: EventStore): Promise<DevelopmentPlan> {
  const definition = definitionFor(development);
  const subject = definition.subject(development.data);
  const snapshot = cache.peek(subject) ?? (await cache.load(subject));
  const stored = snapshot.events.get(eventId);
  if (stored) return alreadyRecorded(snapshot, eventId, stored, development);
  const references = cache.references;
  let decision;
  if (isAmendment(development)) {
    // The amended stream is decided again from the amended development on: what those name is needed.
    const events = cache.eventsOf(snapshot);
    const needs = amendmentNeeds(development, events, snapshot.ref);
    for (const ref of needs.references) if (cache.peek(ref) === undefined) await cache.load(ref);
    // Only a registration's retraction needs them: the others spare a search of the log.
    const referrers = needs.referrers ? await referrersOf(cache, store, snapshot.ref, snapshot.stream) : [];
    decision = decideAmendment(development, snapshot.ref, events, references, referrers);
  } else {
    for (const reference of definition.references(development.data)) if (cache.peek(reference.ref) === undefined) await cache.load(reference.ref);
    decision = decideDevelopment(development, snapshot.state, references);
  }
  return appendPlan(snapshot, eventId, decision);
}

/**
 * The same plan without an await, when every stream it needs is at hand (loaded, or new
 * in a store that was empty) and it amends nothing; undefined otherwise, for
 * planDevelopment. An import plans a development after another: awaiting each cost its
 * deciding thread a promise and a microtask turn per development.
 */
export function planIfAtHand(cache: StreamStateCache, development: Development, eventId: string): DevelopmentPlan | undefined {
  if (isAmendment(development)) return undefined;
  const definition = definitionFor(development);
  const snapshot = cache.atHand(definition.subject(development.data));
  if (snapshot === undefined) return undefined;
  const stored = snapshot.events.get(eventId);
  if (stored) return alreadyRecorded(snapshot, eventId, stored, development);
  for (const reference of definition.references(development.data)) if (cache.atHand(reference.ref) === undefined) return undefined;
  return appendPlan(snapshot, eventId, decideDevelopment(development, snapshot.state, cache.references));
}

function alreadyRecorded(snapshot: StreamSnapshot, eventId: string, stored: StoredDevelopment, development: Development): DevelopmentPlan {
  if (contentOf(stored.development) !== contentOf(development)) throw new IdempotencyKeyReusedError(eventId, snapshot.stream);
  return { kind: 'already-recorded', stream: snapshot.stream, eventId, revision: stored.revision, position: stored.position };
}

function appendPlan(snapshot: StreamSnapshot, eventId: string, decision: Development[] | DomainError): DevelopmentPlan {
  if (decision instanceof DomainError) throw decision;
  // A decider may answer with more than one development; ids after the first derive
  // from it so a retry reproduces all of them.
  const eventIds = decision.length === 1 ? [eventId] : decision.map((_, i) => (i === 0 ? eventId : uuidv5(String(i), eventId)));
  // Taken now, with the state just decided on: a shared snapshot may be caught up by
  // another recording before the caller appends (src/recording/stream-snapshot-pool.ts).
  const chain = snapshot.chain;
  return {
    kind: 'append',
    stream: snapshot.stream,
    snapshot,
    chain,
    // The revision the new events' hashes were chained from (src/audit/hash-chain.ts).
    expectedRevision: chain.revision < 0 ? 'no_stream' : chain.revision,
    eventIds,
    developments: decision,
  };
}
