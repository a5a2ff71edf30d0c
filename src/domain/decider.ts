import type { Development, DevelopmentType } from '../../events/catalogue.js';
import type { EntityCategory, EntityRef } from '../../events/identifiers.js';
import type { DomainError } from './domain-error.js';
import type { Lifespan } from './lifespan.js';

/**
 * The decider of one stream category (organisation, person, group, meeting, agreement):
 * `evolve` folds the stream's own developments into its state; `decide` checks a new
 * development against that state and the states of the entities it references, and
 * returns the developments to append or a domain error. Both are pure.
 */
export interface StreamDecider<State> {
  readonly category: EntityCategory;
  /** The development that brings the entity into being; every other one needs it first. */
  readonly registeredBy: DevelopmentType;
  readonly initialState: State;
  evolve(state: State, development: Development): State;
  /** Whether the entity of this stream exists (was registered/formed/held/signed). */
  exists(state: State): boolean;
  /**
   * When the entity can take part in developments, so that developments naming it from
   * other streams are checked against the same dates as its own.
   */
  lifespan(state: State): Lifespan;
  /**
   * Called through `decideDevelopment`, which has already checked that the entity exists
   * (or, for `registeredBy`, does not yet) and that every reference exists.
   */
  decide(development: Development, state: State, references: ReferenceStates): Development[] | DomainError;
}

/** The folded states of the streams a development references, read from the store. */
export interface ReferenceStates {
  /** The state of a referenced entity's stream; undefined if the stream has no events. */
  get(ref: EntityRef): unknown;
}
