import { happenedBy } from '../../events/dates.js';
import type { MeetingChairView, MeetingView } from '../views.js';
import { pairEpisodes } from './certainty.js';
import { sortBy } from './ordering.js';
import type { HistoryReader, MeetingRecord } from './entity-history.js';
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
  for (const tenure of meeting.chairs) {
    for (const { start, end } of pairEpisodes(tenure)) {
      const d = start.data;
      chairs.push({ personId: tenure.personId, name: personName(history, tenure.personId, tenure.person), role: d.role, onBehalfOf: d.onBehalfOf ?? null, from: d.from, until: end?.data.on ?? null });
    }
  }
  // Chairs before co-chairs, then by person. Most meetings have one chair or none: nothing to sort (a group's view asks every meeting).
  return chairs.length < 2 ? chairs : sortBy(chairs, (c) => (c.role === 'chair' ? 0 : 1), (c) => c.personId, (c) => c.from);
}
