import type { Development, DevelopmentOf } from '../../events/catalogue.js';
import { parseDateMemo, type DateRange } from '../../events/dates.js';
import type { EntityRef } from '../../events/identifiers.js';
import type { StreamDecider } from './decider.js';
import type { DomainError } from './domain-error.js';
import { emptyTenures, tenureOf, withEnd, withStart, type Tenures } from './intervals.js';
import { checkLifespan, UNBOUNDED, type Lifespan } from './lifespan.js';
import { notInStream, unknownEntity } from './registration.js';
import { checkTenureEnd, checkTenureStart, type TenureFields, type TenureTerms } from './tenure-rules.js';

export interface RegisteredOrganisation {
  readonly organisationId: string;
  readonly name: string;
  readonly foundedOn?: DateRange;
}

export interface PostDetail {
  /** The post as first written for this tenure. */
  readonly post: string;
}

export interface OrganisationState {
  readonly registered?: RegisteredOrganisation;
  /** Post tenures keyed by `postKey(personId, post)`. */
  readonly posts: Tenures<PostDetail>;
}

/** "Director" and "director " name the same post; the key ignores case and spacing. */
export function postKey(personId: string, post: string): string {
  return `${personId}\n${post.trim().replace(/\s+/g, ' ').toLowerCase()}`;
}

function lifespan(state: OrganisationState): Lifespan {
  const foundedOn = state.registered?.foundedOn;
  if (!foundedOn) return UNBOUNDED;
  return { begins: { on: foundedOn, code: 'before-founding', field: 'foundedOn', phrase: 'was founded' } };
}

function evolve(state: OrganisationState, development: Development): OrganisationState {
  switch (development.type) {
    case 'OrganisationRegistered': {
      const { organisationId, name, foundedOn } = development.data;
      const registered = foundedOn === undefined ? { organisationId, name } : { organisationId, name, foundedOn: parseDateMemo(foundedOn) };
      return { ...state, registered };
    }
    case 'PostHolderAppointed': {
      const { personId, post, from } = development.data;
      return { ...state, posts: withStart(state.posts, postKey(personId, post), parseDateMemo(from), { post }) };
    }
    case 'PostHolderLeft': {
      const { personId, post, on } = development.data;
      return { ...state, posts: withEnd(state.posts, postKey(personId, post), parseDateMemo(on)) };
    }
    default:
      // A rename changes no rule's input: the read models keep names over time.
      return state;
  }
}

type PostDevelopment = DevelopmentOf<'PostHolderAppointed'> | DevelopmentOf<'PostHolderLeft'>;

function postTerms({ data }: PostDevelopment): { terms: TenureTerms; fields: (date: string) => TenureFields } {
  return {
    terms: {
      alreadyCode: 'already-holds-post',
      notHeldCode: 'not-a-post-holder',
      holder: `person ${data.personId}`,
      role: `${data.post} of organisation ${data.organisationId}`,
    },
    fields: (date) => ({ holder: '/personId', date, context: { organisationId: data.organisationId, personId: data.personId, post: data.post } }),
  };
}

function decidePost(development: PostDevelopment, state: OrganisationState, self: EntityRef): DomainError | undefined {
  const { terms, fields } = postTerms(development);
  const tenure = tenureOf(state.posts, postKey(development.data.personId, development.data.post));
  if (development.type === 'PostHolderAppointed') {
    const from = parseDateMemo(development.data.from);
    return (
      checkLifespan(lifespan(state), self, from, { pointer: '/from', what: development.type, startsTenure: true }) ??
      checkTenureStart(tenure, from, terms, fields('/from'))
    );
  }
  const on = parseDateMemo(development.data.on);
  return (
    checkLifespan(lifespan(state), self, on, { pointer: '/on', what: development.type }) ??
    checkTenureEnd(tenure, on, terms, fields('/on'))
  );
}

function decide(development: Development, state: OrganisationState): Development[] | DomainError {
  if (development.type === 'OrganisationRegistered') return [development];
  const organisation = state.registered;
  if (!organisation) return unknownEntity(development);
  const self: EntityRef = { category: 'organisation', id: organisation.organisationId };
  switch (development.type) {
    case 'OrganisationRenamed':
      return checkLifespan(lifespan(state), self, parseDateMemo(development.data.on), { pointer: '/on', what: development.type }) ?? [development];
    case 'PostHolderAppointed':
    case 'PostHolderLeft':
      return decidePost(development, state, self) ?? [development];
    default:
      return notInStream('organisation', development);
  }
}

export const organisationDecider: StreamDecider<OrganisationState> = {
  category: 'organisation',
  registeredBy: 'OrganisationRegistered',
  initialState: { posts: emptyTenures() },
  evolve,
  exists: (state) => state.registered !== undefined,
  lifespan,
  decide,
};
