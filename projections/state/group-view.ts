import type { ChairEnded, ChairNamed, MemberJoined, MemberLeft } from '../../events/catalogue/group-events.js';
import type { MeetingHeld } from '../../events/catalogue/meeting-events.js';
import { happenedBy, type HappenedStatus } from '../../events/dates.js';
import type { ChairView, GroupMeetingView, GroupView, MemberView, WorkingGroupView } from '../views.js';
import { certaintyOf, type DatedFact, type EpisodeVisitor } from './certainty.js';
import { compareChairRoles, compareNumbers, compareText, sortInPlace } from './ordering.js';
import type { ChairTenure, HistoryReader, MeetingRecord, MembershipTenure } from './entity-history.js';
import { chairsOf } from './meeting-view.js';
import { firstDissolution, groupExistence, organisationNameAt, personName } from './lookups.js';

export function groupView(history: HistoryReader, id: string, day: number): GroupView | undefined {
  const record = history.groups.get(id);
  const formation = record?.formation;
  if (!record || !formation) return undefined;
  const d = formation.data;
  // Memberships and chairs hold only while the group exists, so a dissolution ends them.
  const existence = groupExistence(record, day);
  return {
    category: 'group',
    id,
    name: d.name,
    acronym: d.acronym ?? null,
    kind: d.kind,
    parentGroupId: d.parentGroupId ?? null,
    convenedBy: d.convenedBy ?? null,
    formedOn: d.formedOn,
    purpose: d.purpose ?? null,
    dissolvedOn: firstDissolution(record),
    existence,
    members: membersAt(history, id, day, existence),
    workingGroups: workingGroupsBy(history, id, day),
    chairs: chairsAt(history, id, day, existence),
    meetings: meetingsOf(history, id),
  };
}

function membersAt(history: HistoryReader, groupId: string, day: number, existence: HappenedStatus): MemberView[] {
  const members: MemberView[] = [];
  // A visitor made once: a group's view reads some 180 tenures, and what it allocates counts (see forEachEpisodeHolding).
  const visit: EpisodeVisitor<MembershipTenure, MemberJoined, MemberLeft> = (tenure, start, _end, certainty) =>
    members.push({ organisationId: tenure.organisationId, name: organisationNameAt(history, tenure.organisationId, day, tenure.organisation), since: start.data.on, certainty });
  history.membershipsOfGroup.forEachHolding(groupId, day, existence, visit);
  // By organisation, then since: written out, as the meetings' order below is. Through sortBy's shared key functions the sorts were 8% of a group's view at 1M.
  return members.sort(byOrganisationAndSince);
}

const byOrganisationAndSince = (a: MemberView, b: MemberView): number => compareText(a.organisationId, b.organisationId) || compareText(a.since, b.since);

function workingGroupsBy(history: HistoryReader, parentId: string, day: number): WorkingGroupView[] {
  const workingGroups: WorkingGroupView[] = [];
  for (const childId of history.workingGroupsOf.get(parentId)) {
    const child = history.groups.get(childId);
    const formation = child?.formation;
    const certainty = formation && certaintyOf(happenedBy(formation.date, day));
    if (!child || !formation || !certainty || formation.data.parentGroupId !== parentId) continue;
    workingGroups.push({
      groupId: childId,
      name: formation.data.name,
      acronym: formation.data.acronym ?? null,
      formedOn: formation.data.formedOn,
      dissolvedOn: firstDissolution(child),
      certainty,
    });
  }
  return workingGroups;
}

function chairsAt(history: HistoryReader, groupId: string, day: number, existence: HappenedStatus): ChairView[] {
  const chairs: ChairView[] = [];
  const visit: EpisodeVisitor<ChairTenure, ChairNamed, ChairEnded> = (tenure, start, _end, certainty) => {
    const d = start.data;
    chairs.push({ personId: tenure.personId, name: personName(history, tenure.personId, tenure.person), role: d.role, onBehalfOf: d.onBehalfOf ?? null, from: d.from, certainty });
  };
  history.chairsOfGroup.forEachHolding(groupId, day, existence, visit);
  // Chairs before co-chairs, then by person.
  return sortInPlace(chairs, byRoleAndPerson);
}

const byRoleAndPerson = (a: ChairView, b: ChairView): number => compareChairRoles(a.role, b.role) || compareText(a.personId, b.personId);

function meetingsOf(history: HistoryReader, groupId: string): GroupMeetingView[] {
  const held: { readonly meeting: MeetingRecord; readonly held: DatedFact<MeetingHeld> }[] = [];
  for (const stored of history.meetingsOfGroup.get(groupId)) {
    const meeting = history.meetingAt(stored);
    const h = meeting.held;
    // The index holds every group any version named: the version read must still name this one.
    if (h !== undefined && h.data.groupId === groupId) held.push({ meeting, held: h });
  }
  held.sort((a, b) => compareNumbers(a.held.date.lo, b.held.date.lo) || compareNumbers(a.held.date.hi, b.held.date.hi) || compareText(a.held.data.meetingId, b.held.data.meetingId));
  return held.map(({ meeting, held: { data } }) => ({
    meetingId: data.meetingId,
    title: data.title,
    kind: data.kind,
    on: data.on,
    until: data.until ?? null,
    chairs: chairsOf(history, meeting),
  }));
}
