import type { Development } from '../../events/catalogue.js';
import type { StreamDecider } from './decider.js';
import { DomainError } from './domain-error.js';
import { UNBOUNDED } from './lifespan.js';
import { PersistentMap } from './persistent-map.js';
import { notInStream, unknownEntity } from './registration.js';

export interface RegisteredPerson {
  readonly personId: string;
  readonly name: string;
}

export interface PersonState {
  readonly registered?: RegisteredPerson;
  /** Statement ids are entity ids too: each is recorded once. */
  readonly statementIds: PersistentMap<true>;
}

function evolve(state: PersonState, development: Development): PersonState {
  switch (development.type) {
    case 'PersonRegistered':
      return { ...state, registered: { personId: development.data.personId, name: development.data.name } };
    case 'StatementMade':
      return { ...state, statementIds: state.statementIds.set(development.data.statementId, true) };
    default:
      return state;
  }
}

function decide(development: Development, state: PersonState): Development[] | DomainError {
  if (development.type === 'PersonRegistered') return [development];
  const person = state.registered;
  if (!person) return unknownEntity(development);
  if (development.type !== 'StatementMade') return notInStream('person', development);
  const { statementId } = development.data;
  if (state.statementIds.has(statementId)) {
    return new DomainError(
      'already-registered',
      `statement ${statementId} of person ${person.personId} is already recorded; a statement id is recorded once`,
      '/statementId',
      { category: 'person', id: person.personId, statementId },
    );
  }
  // The occasion's dates are checked with the other references: a statement made at a
  // meeting falls within the meeting.
  return [development];
}

export const personDecider: StreamDecider<PersonState> = {
  category: 'person',
  registeredBy: 'PersonRegistered',
  initialState: { statementIds: PersistentMap.empty() },
  evolve,
  exists: (state) => state.registered !== undefined,
  // People carry no dates: a statement or a chair may name anyone registered.
  lifespan: () => UNBOUNDED,
  decide,
};
