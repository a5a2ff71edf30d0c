import { parseDateMemo } from '../../events/dates.js';
import { definitionFor, type Development } from '../../events/catalogue.js';
import { entityKey, type EntityCategory } from '../../events/identifiers.js';
import { pointerOf } from '../../events/validation.js';
import type { ReferenceStates, StreamDecider } from './decider.js';
import { DomainError } from './domain-error.js';
import { checkLifespan } from './lifespan.js';
import { subjectOf } from './registration.js';

/** A group as its own parent, an agreement superseding itself: no event may name its own subject. */
export function checkSelfReference(development: Development): DomainError | undefined {
  const subject = subjectOf(development);
  const self = definitionFor(development)
    .references(development.data)
    .find((r) => r.ref.category === subject.category && r.ref.id === subject.id);
  if (!self) return undefined;
  const field = self.path.join('.');
  return new DomainError(
    'self-reference',
    `${development.type} cannot name ${subject.category} ${subject.id} as its own ${field}`,
    pointerOf(self.path),
    { category: subject.category, id: subject.id, field },
  );
}

/**
 * Every entity a development names must exist, and the development must fall within
 * its lifespan (no agreement before a party was founded, no meeting of a group after
 * its dissolution day). Missing entities are reported first, each check in field order.
 */
export function checkReferences(
  development: Development,
  references: ReferenceStates,
  deciderFor: (category: EntityCategory) => StreamDecider<unknown>,
): DomainError | undefined {
  const definition = definitionFor(development);
  const named = definition.references(development.data).map(({ path, ref }) => {
    const decider = deciderFor(ref.category);
    return { pointer: pointerOf(path), ref, decider, state: references.get(ref) ?? decider.initialState };
  });
  const missing = named.find(({ decider, state }) => !decider.exists(state));
  if (missing) {
    const { ref, pointer } = missing;
    return new DomainError('unknown-reference', `${entityKey(ref)} does not exist; record it first`, pointer, {
      category: ref.category,
      id: ref.id,
    });
  }
  const dated = definition.happenedOn(development.data);
  if (dated === undefined) return undefined;
  const on = parseDateMemo(dated);
  for (const { pointer, ref, decider, state } of named) {
    const breach = checkLifespan(decider.lifespan(state), ref, on, { pointer, what: development.type });
    if (breach) return breach;
  }
  return undefined;
}
