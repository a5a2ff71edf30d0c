import type { ChairEnded, ChairNamed } from '../../events/catalogue/group-events.js';
import { happenedBy } from '../../events/dates.js';
import type { MeetingChairView, MeetingView } from '../views.js';
import { forEachEpisode, type EpisodeVisitor } from './certainty.js';
import { compareChairRoles, compareText, sortInPlace } from './ordering.js';
import type { ChairTenure, HistoryReader, MeetingRecord } from './entity-history.js';
import { organisationNameAt, personName } from './lookups.js';

/** A meeting with all its recorded fields; names of participants as on `day`. */
export function meetingView(history: HistoryReader, id: string, day: number): MeetingView | undefined {
  const meeting = history.meetings.get(id);
  const held = meeting?.held;
  if (!meeting || !held) return undefined;
  const d = held.data;
  return {
    category: 'meeting',
    id,
    title: d.title,
    kind: d.kind,
    on: d.on,
    until: d.until ?? null,
    groupId: d.groupId ?? null,
    hostId: d.hostId ?? null,
    location: d.location ?? null,
    participants: (d.participants ?? []).map((organisationId) => ({ organisationId, name: organisationNameAt(history, organisationId, day) })),
    topics: d.topics ?? [],
    theme: d.theme ?? null,
    sources: d.sources ?? [],
    happened: happenedBy(held.date, day),
    chairs: chairsOf(history, meeting),
  };
}

export function chairsOf(history: HistoryReader, meeting: MeetingRecord): MeetingChairView[] {
  const chairs: MeetingChairView[] = [];
  // A visitor and an indexed loop: a group's view asks every one of its meetings (see forEachEpisodeHolding on what a question allocates).
  const visit: EpisodeVisitor<ChairTenure, ChairNamed, ChairEnded> = (tenure, start, end) => {
    const d = start.data;
    chairs.push({ personId: tenure.personId, name: personName(history, tenure.personId, tenure.person), role: d.role, onBehalfOf: d.onBehalfOf ?? null, from: d.from, until: end?.data.on ?? null });
  };
  const tenures = meeting.chairs;
  for (let i = 0; i < tenures.length; i++) forEachEpisode(tenures[i]!, visit);
  // Chairs before co-chairs, then by person and by the day named.
  return sortInPlace(chairs, byRolePersonAndDay);
}

const byRolePersonAndDay = (a: MeetingChairView, b: MeetingChairView): number => compareChairRoles(a.role, b.role) || compareText(a.personId, b.personId) || compareText(a.from, b.from);
