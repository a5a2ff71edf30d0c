import type { MemberJoined, MemberLeft } from '../../events/catalogue/group-events.js';
import type { PostHolderAppointed, PostHolderLeft } from '../../events/catalogue/organisation-events.js';
import { happenedBy } from '../../events/dates.js';
import type { GroupMembershipView, OrganisationPostView, OrganisationView, PartyToView } from '../views.js';
import { inForceOn } from './agreement-validity.js';
import { certaintyOf, forEachEpisodeHolding, type EpisodeVisitor } from './certainty.js';
import { compareText, sortBy, sortInPlace } from './ordering.js';
import type { HistoryReader, MembershipTenure, PostTenure } from './entity-history.js';
import { groupExistence, nameInForce, namesOverTime, personName } from './lookups.js';

export function organisationView(history: HistoryReader, id: string, day: number): OrganisationView | undefined {
  const record = history.organisations.get(id);
  const registration = record?.registration;
  const naming = record && nameInForce(record, day);
  if (!record || !registration || !naming) return undefined;
  return {
    category: 'organisation',
    id,
    name: naming.name,
    acronym: naming.acronym,
    nameCertainty: naming.certainty,
    names: namesOverTime(record),
    classification: registration.data.classification ?? null,
    foundedOn: registration.data.foundedOn ?? null,
    existence: registration.date ? happenedBy(registration.date, day) : 'certain',
    posts: postsAt(history, id, day),
    groups: groupsAt(history, id, day),
    agreements: agreementsBy(history, id, day),
  };
}

function postsAt(history: HistoryReader, organisationId: string, day: number): OrganisationPostView[] {
  const posts: OrganisationPostView[] = [];
  const visit: EpisodeVisitor<PostTenure, PostHolderAppointed, PostHolderLeft> = (tenure, start, _end, certainty) =>
    posts.push({ personId: tenure.personId, personName: personName(history, tenure.personId), post: tenure.post, from: start.data.from, certainty });
  history.postsOfOrganisation.forEachHolding(organisationId, day, 'certain', visit);
  return sortBy(posts, (p) => p.post, (p) => p.personId);
}

function groupsAt(history: HistoryReader, organisationId: string, day: number): GroupMembershipView[] {
  const groups: GroupMembershipView[] = [];
  const tenures = history.membershipsOfOrganisation.get(organisationId);
  let groupName: string | null = null;
  const visit: EpisodeVisitor<MembershipTenure, MemberJoined, MemberLeft> = (tenure, start, _end, certainty) =>
    groups.push({ groupId: tenure.groupId, groupName, since: start.data.on, certainty });
  for (let i = 0; i < tenures.length; i++) {
    const tenure = tenures[i]!;
    const group = history.groups.get(tenure.groupId);
    groupName = group?.formation?.data.name ?? null;
    forEachEpisodeHolding(tenure, day, groupExistence(group, day), visit);
  }
  return sortInPlace(groups, (a, b) => compareText(a.groupId, b.groupId));
}

function agreementsBy(history: HistoryReader, organisationId: string, day: number): PartyToView[] {
  const agreements: PartyToView[] = [];
  for (const stored of history.agreementsOfParty.get(organisationId)) {
    const agreement = history.agreementAt(stored);
    const signing = agreement.signing;
    if (!signing || !signing.data.parties.includes(organisationId) || happenedBy(signing.date, day) === 'absent') continue;
    const inForceCertainty = certaintyOf(inForceOn(history, agreement, day)) ?? null;
    agreements.push({
      agreementId: agreement.id,
      title: signing.data.title,
      signedOn: signing.data.signedOn,
      inForce: inForceCertainty !== null,
      inForceCertainty,
    });
  }
  return agreements;
}
