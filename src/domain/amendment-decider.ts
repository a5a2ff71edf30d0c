import { definitionFor, type Development } from '../../events/catalogue.js';
import { entityKey, type EntityRef } from '../../events/identifiers.js';
import { planAmendment, type Amendment, type StreamEvent } from './amendments.js';
import type { ReferenceStates } from './decider.js';
import { decideDevelopment, deciderFor } from './deciders.js';
import { DomainError } from './domain-error.js';

/**
 * Decides a correction or retraction of a development in `stream`: its target must be
 * live there, a correction may not touch identity fields, and the stream re-folded with
 * the amendment must pass the same deciders as new developments, from the amended
 * development on. A registration is retracted only while nothing refers to it: not the
 * rest of its stream, not `referrers` (events of other streams naming the entity).
 */
export function decideAmendment(
  amendment: Amendment,
  stream: EntityRef,
  events: readonly StreamEvent[],
  references: ReferenceStates,
  referrers: readonly string[] = [],
): Development[] | DomainError {
  const plan = planAmendment(amendment, events, stream);
  if (plan instanceof DomainError) return plan;
  const decider = deciderFor(stream.category);
  if (retractsRoot(amendment, plan.root, stream)) {
    const dependants = plan.after.filter((e) => e.index > plan.firstAffected).map((e) => e.eventId);
    if (dependants.length > 0 || referrers.length > 0) {
      return new DomainError(
        'registration-in-use',
        `${entityKey(stream)} is referred to by ${dependants.length + referrers.length} other event(s); retract those first`,
        '/retractsEventId',
        { entity: entityKey(stream), eventIds: [...dependants, ...referrers].slice(0, 20) },
      );
    }
  }
  let state = decider.initialState;
  for (const { eventId, index, development } of plan.after) {
    if (index >= plan.firstAffected) {
      const decision = decideDevelopment(development, state, references);
      if (decision instanceof DomainError) return inAmendedStream(decision, amendment, eventId, plan.rootEventId);
    }
    state = decider.evolve(state, development);
  }
  return [amendment];
}

/** A rule broken by the stream as amended: named at the changed field when the change is to blame. */
function inAmendedStream(error: DomainError, amendment: Amendment, eventId: string, rootEventId: string): DomainError {
  const field = error.pointer?.split('/')[1];
  const changed = amendment.type === 'DevelopmentCorrected' && eventId === rootEventId && field !== undefined && field in amendment.data.changes;
  return new DomainError(
    error.code,
    eventId === rootEventId ? `the corrected development breaks a rule: ${error.message}` : `with this amendment, event ${eventId} would break a rule: ${error.message}`,
    changed ? `/changes${error.pointer}` : undefined,
    { ...error.context, affectedEventId: eventId },
  );
}

/** What deciding an amendment reads beyond its own stream, for the caller to fetch first. */
export interface AmendmentNeeds {
  /** Entities whose states the decision reads: those named by the developments it decides again. */
  readonly references: readonly EntityRef[];
  /** Whether it needs `referrers` (events of other streams naming the entity): a registration's retraction only. */
  readonly referrers: boolean;
}

/**
 * What `decideAmendment` will read: the deciders run again only on the amended
 * development and the stream's later ones (the earlier ones are folded, not decided), so
 * only the entities those name are needed; and the referrers, found by searching the log
 * (src/recording/referrers.ts), only for a registration's retraction. An amendment
 * refused before anything is decided needs nothing.
 */
export function amendmentNeeds(amendment: Amendment, events: readonly StreamEvent[], stream: EntityRef): AmendmentNeeds {
  const plan = planAmendment(amendment, events, stream);
  if (plan instanceof DomainError) return { references: [], referrers: false };
  const references = plan.after
    .filter(({ index }) => index >= plan.firstAffected)
    .flatMap(({ development }) => definitionFor(development).references(development.data).map(({ ref }) => ref));
  return { references, referrers: retractsRoot(amendment, plan.root, stream) };
}

function retractsRoot(amendment: Amendment, root: Development, stream: EntityRef): boolean {
  return amendment.type === 'DevelopmentRetracted' && root.type === deciderFor(stream.category).registeredBy;
}
