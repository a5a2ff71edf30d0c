import type { Development, DevelopmentOf } from '../../events/catalogue.js';
import type { GroupDissolved, GroupFormed } from '../../events/catalogue/group-events.js';
import { parseDateMemo, type DateRange } from '../../events/dates.js';
import type { EntityRef } from '../../events/identifiers.js';
import { checkChairEnded, checkChairNamed, evolveChairs, noChairs, type Chairs } from './chairs.js';
import type { StreamDecider } from './decider.js';
import { DomainError } from './domain-error.js';
import { datedFacts, emptyTenures, tenureOf, withEnd, withStart, type Tenures } from './intervals.js';
import { breachedMilestone, checkLifespan, type EndMilestone, type Lifespan } from './lifespan.js';
import { notInStream, unknownEntity } from './registration.js';
import { checkTenureEnd, checkTenureStart, type TenureFields, type TenureTerms } from './tenure-rules.js';

export interface FormedGroup {
  readonly groupId: string;
  readonly name: string;
  readonly kind: GroupFormed['kind'];
  readonly formedOn: DateRange;
  readonly parentGroupId?: string;
}

export interface GroupState {
  readonly formed?: FormedGroup;
  readonly dissolvedOn?: DateRange;
  /** Membership tenures by organisation id. */
  readonly memberships: Tenures<undefined>;
  /** Chair tenures by person id. */
  readonly chairs: Chairs;
}

function dissolution(on: DateRange): EndMilestone {
  // A dissolution ends every membership and chair that day (ends are half-open).
  return { on, code: 'after-dissolution', field: 'dissolvedOn', phrase: 'was dissolved', exclusive: true };
}

function lifespan(state: GroupState): Lifespan {
  const begins = state.formed && { on: state.formed.formedOn, code: 'before-formation', field: 'formedOn', phrase: 'was formed' };
  return { ...(begins && { begins }), ...(state.dissolvedOn && { ends: dissolution(state.dissolvedOn) }) };
}

function evolve(state: GroupState, development: Development): GroupState {
  switch (development.type) {
    case 'GroupFormed': {
      const { groupId, name, kind, formedOn, parentGroupId } = development.data;
      const formed: FormedGroup = { groupId, name, kind, formedOn: parseDateMemo(formedOn), ...(parentGroupId !== undefined && { parentGroupId }) };
      return { ...state, formed };
    }
    case 'MemberJoined':
      return { ...state, memberships: withStart(state.memberships, development.data.organisationId, parseDateMemo(development.data.on), undefined) };
    case 'MemberLeft':
      return { ...state, memberships: withEnd(state.memberships, development.data.organisationId, parseDateMemo(development.data.on)) };
    case 'GroupDissolved':
      return { ...state, dissolvedOn: parseDateMemo(development.data.on) };
    case 'ChairNamed':
    case 'ChairEnded':
      return { ...state, chairs: evolveChairs(state.chairs, development) };
    default:
      return state;
  }
}

function checkFormation(data: GroupFormed): DomainError | undefined {
  // Whether the parent exists, and existed then, is checked with the other references.
  if (data.kind !== 'working-group' || data.parentGroupId !== undefined) return undefined;
  return new DomainError(
    'parent-group-required',
    `working group ${data.groupId} needs the group it works under: give parentGroupId`,
    '/parentGroupId',
    { groupId: data.groupId, kind: data.kind },
  );
}

type MembershipDevelopment = DevelopmentOf<'MemberJoined'> | DevelopmentOf<'MemberLeft'>;

function checkMembership(development: MembershipDevelopment, state: GroupState, self: EntityRef): DomainError | undefined {
  const { organisationId, groupId } = development.data;
  const on = parseDateMemo(development.data.on);
  const terms: TenureTerms = {
    alreadyCode: 'already-member',
    notHeldCode: 'not-a-member',
    holder: `organisation ${organisationId}`,
    role: `a member of group ${groupId}`,
  };
  const fields: TenureFields = { holder: '/organisationId', date: '/on', context: { groupId, organisationId } };
  const joins = development.type === 'MemberJoined';
  const tenure = tenureOf(state.memberships, organisationId);
  return (
    checkLifespan(lifespan(state), self, on, { pointer: '/on', what: development.type, startsTenure: joins, context: fields.context }) ??
    (joins ? checkTenureStart(tenure, on, terms, fields) : checkTenureEnd(tenure, on, terms, fields))
  );
}

/** What the group's own stream dates after a proposed dissolution, which would contradict it. */
function laterActivity(state: GroupState, on: DateRange): { type: string; holder: Record<string, string>; date: string } | undefined {
  const after: Lifespan = { ends: dissolution(on) };
  const tenureKinds: { tenures: Tenures<unknown>; holder: string; start: string; end: string }[] = [
    { tenures: state.memberships, holder: 'organisationId', start: 'MemberJoined', end: 'MemberLeft' },
    { tenures: state.chairs, holder: 'personId', start: 'ChairNamed', end: 'ChairEnded' },
  ];
  for (const { tenures, holder, start, end } of tenureKinds) {
    for (const fact of datedFacts(tenures)) {
      if (breachedMilestone(after, fact.on, fact.kind === 'start')) {
        return { type: fact.kind === 'start' ? start : end, holder: { [holder]: fact.key }, date: fact.on.text };
      }
    }
  }
  return undefined;
}

function checkDissolution(data: GroupDissolved, state: GroupState, formed: FormedGroup, self: EntityRef): DomainError | undefined {
  const on = parseDateMemo(data.on);
  if (state.dissolvedOn) {
    return new DomainError('already-dissolved', `group ${formed.groupId} was already dissolved on ${state.dissolvedOn.text}`, '/on', {
      groupId: formed.groupId,
      dissolvedOn: state.dissolvedOn.text,
    });
  }
  const beforeFormation = checkLifespan(lifespan(state), self, on, { pointer: '/on', what: 'GroupDissolved' });
  if (beforeFormation) return beforeFormation;
  const later = laterActivity(state, on);
  if (!later) return undefined;
  return new DomainError(
    'activity-after-dissolution',
    `group ${formed.groupId} cannot be dissolved on ${on.text}: its ${later.type} dated ${later.date} would fall after the dissolution`,
    '/on',
    { groupId: formed.groupId, date: on.text, conflict: { type: later.type, ...later.holder, date: later.date } },
  );
}

function decide(development: Development, state: GroupState): Development[] | DomainError {
  if (development.type === 'GroupFormed') return checkFormation(development.data) ?? [development];
  const formed = state.formed;
  if (!formed) return unknownEntity(development);
  const self: EntityRef = { category: 'group', id: formed.groupId };
  switch (development.type) {
    case 'MemberJoined':
    case 'MemberLeft':
      return checkMembership(development, state, self) ?? [development];
    case 'GroupDissolved':
      return checkDissolution(development.data, state, formed, self) ?? [development];
    case 'ChairNamed':
      return checkChairNamed(state.chairs, development.data, lifespan(state)) ?? [development];
    case 'ChairEnded':
      return checkChairEnded(state.chairs, development.data, lifespan(state)) ?? [development];
    default:
      return notInStream('group', development);
  }
}

export const groupDecider: StreamDecider<GroupState> = {
  category: 'group',
  registeredBy: 'GroupFormed',
  initialState: { memberships: emptyTenures(), chairs: noChairs },
  evolve,
  exists: (state) => state.formed !== undefined,
  lifespan,
  decide,
};
