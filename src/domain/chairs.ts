import type { DevelopmentOf } from '../../events/catalogue.js';
import type { ChairNamed, ChairEnded } from '../../events/catalogue/group-events.js';
import { parseDateMemo } from '../../events/dates.js';
import type { EntityRef } from '../../events/identifiers.js';
import type { DomainError } from './domain-error.js';
import { emptyTenures, tenureOf, withEnd, withStart, type Tenures } from './intervals.js';
import { checkLifespan, type Lifespan } from './lifespan.js';
import { checkTenureEnd, checkTenureStart, type TenureFields, type TenureTerms } from './tenure-rules.js';

/** Chairs of a group or a meeting; both streams hold them the same way. */
export interface ChairDetail {
  readonly role: ChairNamed['role'];
  readonly onBehalfOf?: string;
}

/** Chair tenures by person id. */
export type Chairs = Tenures<ChairDetail>;

export const noChairs: Chairs = emptyTenures();

export type ChairDevelopment = DevelopmentOf<'ChairNamed'> | DevelopmentOf<'ChairEnded'>;

export function evolveChairs(chairs: Chairs, development: ChairDevelopment): Chairs {
  if (development.type === 'ChairEnded') return withEnd(chairs, development.data.personId, parseDateMemo(development.data.on));
  const { personId, role, onBehalfOf, from } = development.data;
  const detail: ChairDetail = onBehalfOf === undefined ? { role } : { role, onBehalfOf };
  return withStart(chairs, personId, parseDateMemo(from), detail);
}

function targetRef(target: ChairNamed['target']): EntityRef {
  return { category: target.kind, id: target.id };
}

function termsFor(target: ChairNamed['target'], personId: string): TenureTerms {
  return {
    alreadyCode: 'already-chair',
    notHeldCode: 'not-a-chair',
    holder: `person ${personId}`,
    role: `a chair of ${target.kind} ${target.id}`,
  };
}

function fieldsFor(data: ChairNamed | ChairEnded, date: string): TenureFields {
  return { holder: '/personId', date, context: { target: `${data.target.kind}:${data.target.id}`, personId: data.personId } };
}

/**
 * `lifespan` is the target's: the caller leaves out what does not bind chairs (a meeting
 * chair may be named before the meeting).
 */
export function checkChairNamed(chairs: Chairs, data: ChairNamed, lifespan: Lifespan): DomainError | undefined {
  const from = parseDateMemo(data.from);
  const fields = fieldsFor(data, '/from');
  return (
    checkLifespan(lifespan, targetRef(data.target), from, { pointer: '/from', what: 'ChairNamed', startsTenure: true, context: fields.context }) ??
    checkTenureStart(tenureOf(chairs, data.personId), from, termsFor(data.target, data.personId), fields)
  );
}

export function checkChairEnded(chairs: Chairs, data: ChairEnded, lifespan: Lifespan): DomainError | undefined {
  const on = parseDateMemo(data.on);
  const fields = fieldsFor(data, '/on');
  return (
    checkLifespan(lifespan, targetRef(data.target), on, { pointer: '/on', what: 'ChairEnded', context: fields.context }) ??
    checkTenureEnd(tenureOf(chairs, data.personId), on, termsFor(data.target, data.personId), fields)
  );
}
