import type { Development } from '../../events/catalogue.js';
import type { EntityCategory } from '../../events/identifiers.js';
import { agreementDecider, type AgreementState } from './agreement-decider.js';
import type { ReferenceStates, StreamDecider } from './decider.js';
import type { DomainError } from './domain-error.js';
import { groupDecider, type GroupState } from './group-decider.js';
import { meetingDecider, type MeetingState } from './meeting-decider.js';
import { organisationDecider, type OrganisationState } from './organisation-decider.js';
import { personDecider, type PersonState } from './person-decider.js';
import { checkReferences, checkSelfReference } from './reference-checks.js';
import { checkRegistration, subjectOf } from './registration.js';

export interface StatesByCategory {
  organisation: OrganisationState;
  person: PersonState;
  group: GroupState;
  meeting: MeetingState;
  agreement: AgreementState;
}

// `any`: callers hold states as `unknown` next to the category that produced them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const deciders: Record<EntityCategory, StreamDecider<any>> = {
  organisation: organisationDecider,
  person: personDecider,
  group: groupDecider,
  meeting: meetingDecider,
  agreement: agreementDecider,
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function deciderFor(category: EntityCategory): StreamDecider<any> {
  return deciders[category];
}

/** The state of a stream of `category` after `developments`, in recording order. */
export function foldStream<C extends EntityCategory>(category: C, developments: readonly Development[]): StatesByCategory[C] {
  const decider = deciderFor(category);
  return developments.reduce((state, development) => decider.evolve(state, development), decider.initialState);
}

/**
 * The single entry point of the recording layer: decides one development against the
 * folded state of its subject's stream (`ownState`) and the states of the entities it
 * names. Checks, in order: the development does not name its own subject; the subject
 * is registered once and exists before anything else happens to it; every reference
 * exists and existed on the development's date; then the subject's own rules.
 */
export function decideDevelopment(development: Development, ownState: unknown, references: ReferenceStates): Development[] | DomainError {
  const decider = deciderFor(subjectOf(development).category);
  const state = ownState ?? decider.initialState;
  return (
    checkSelfReference(development) ??
    checkRegistration(decider, development, state) ??
    checkReferences(development, references, deciderFor) ??
    decider.decide(development, state, references)
  );
}
