import { definitionFor, type Development } from '../../events/catalogue.js';
import { entityKey, type EntityRef } from '../../events/identifiers.js';
import type { StreamDecider } from './decider.js';
import { DomainError } from './domain-error.js';

/** The field naming the development's subject: `/groupId`, or `/target/id` for chairs. */
export function subjectPointer(development: Development): string {
  if (development.type === 'ChairNamed' || development.type === 'ChairEnded') return '/target/id';
  return `/${subjectOf(development).category}Id`;
}

export function subjectOf(development: Development): EntityRef {
  return definitionFor(development).subject(development.data);
}

export function unknownEntity(development: Development): DomainError {
  const subject = subjectOf(development);
  return new DomainError(
    'unknown-entity',
    `${subject.category} ${subject.id} does not exist; record it before ${development.type}`,
    subjectPointer(development),
    { category: subject.category, id: subject.id },
  );
}

export function alreadyRegistered(development: Development): DomainError {
  const subject = subjectOf(development);
  return new DomainError(
    'already-registered',
    `${entityKey(subject)} already exists; an id is registered once`,
    subjectPointer(development),
    { category: subject.category, id: subject.id },
  );
}

/** An entity is registered once, and nothing else happens to it before that. */
export function checkRegistration(decider: StreamDecider<unknown>, development: Development, state: unknown): DomainError | undefined {
  const exists = decider.exists(state);
  if (development.type === decider.registeredBy) return exists ? alreadyRegistered(development) : undefined;
  return exists ? undefined : unknownEntity(development);
}

/** A development routed to another category's decider: a caller's mistake, not the user's. */
export function notInStream(category: string, development: Development): DomainError {
  return new DomainError('wrong-stream', `${development.type} is not recorded in a ${category} stream`, undefined, {
    category,
    type: development.type,
  });
}
