import { happenedBy } from '../../events/dates.js';
import type { GroupMembershipView, OrganisationPostView, OrganisationView, PartyToView } from '../views.js';
import { inForceOn } from './agreement-validity.js';
import { certaintyOf, episodesHolding } from './certainty.js';
import { sortBy } from './ordering.js';
import type { HistoryReader } from './entity-history.js';
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
  for (const tenure of history.postsOfOrganisation.get(organisationId)) {
    for (const { episode, certainty } of episodesHolding(tenure, day)) {
      posts.push({
        personId: tenure.personId,
        personName: personName(history, tenure.personId),
        post: tenure.post,
        from: episode.start.data.from,
        certainty,
      });
    }
  }
  return sortBy(posts, (p) => p.post, (p) => p.personId);
}

function groupsAt(history: HistoryReader, organisationId: string, day: number): GroupMembershipView[] {
  const groups: GroupMembershipView[] = [];
  for (const tenure of history.membershipsOfOrganisation.get(organisationId)) {
    const group = history.groups.get(tenure.groupId);
    const existence = groupExistence(group, day);
    for (const { episode, certainty } of episodesHolding(tenure, day, existence)) {
      groups.push({ groupId: tenure.groupId, groupName: group?.formation?.data.name ?? null, since: episode.start.data.on, certainty });
    }
  }
  return sortBy(groups, (g) => g.groupId);
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
