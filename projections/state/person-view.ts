import type { ChairEnded, ChairNamed } from '../../events/catalogue/group-events.js';
import type { PostHolderAppointed, PostHolderLeft } from '../../events/catalogue/organisation-events.js';
import { happenedBy } from '../../events/dates.js';
import type { GroupChairHeldView, MeetingChairedView, PersonPostView, PersonView, StatementView } from '../views.js';
import { certaintyOf, forEachEpisodeHolding, pairEpisodes, type EpisodeVisitor } from './certainty.js';
import { sortBy } from './ordering.js';
import type { ChairTenure, HistoryReader, PostTenure } from './entity-history.js';
import { groupExistence, groupName, meetingTitle, organisationNameAt } from './lookups.js';

export function personView(history: HistoryReader, id: string, day: number): PersonView | undefined {
  const record = history.people.get(id);
  const registration = record?.registration;
  if (!record || !registration) return undefined;
  const statements: StatementView[] = [];
  for (const statement of sortBy([...record.statements], (s) => s.date.lo, (s) => s.date.hi, (s) => s.data.statementId)) {
    const certainty = certaintyOf(happenedBy(statement.date, day));
    if (!certainty) continue;
    const d = statement.data;
    statements.push({ statementId: d.statementId, quote: d.quote, on: d.on, occasion: d.occasion ?? null, certainty });
  }
  return {
    category: 'person',
    id,
    name: registration.data.name,
    posts: postsAt(history, id, day),
    ...chairsAt(history, id, day),
    statements,
  };
}

function postsAt(history: HistoryReader, personId: string, day: number): PersonPostView[] {
  const posts: PersonPostView[] = [];
  const visit: EpisodeVisitor<PostTenure, PostHolderAppointed, PostHolderLeft> = (tenure, start, _end, certainty) =>
    posts.push({ organisationId: tenure.organisationId, organisationName: organisationNameAt(history, tenure.organisationId, day), post: tenure.post, from: start.data.from, certainty });
  history.postsOfPerson.forEachHolding(personId, day, 'certain', visit);
  return sortBy(posts, (p) => p.organisationId, (p) => p.post);
}

/**
 * Group chairs are held over time (and only while the group exists); a meeting chair
 * belongs to one occasion, so it is listed once it was named, whatever ended it.
 */
function chairsAt(history: HistoryReader, personId: string, day: number): { chairs: GroupChairHeldView[]; meetingsChaired: MeetingChairedView[] } {
  const chairs: GroupChairHeldView[] = [];
  const meetingsChaired: MeetingChairedView[] = [];
  const visitGroupChair: EpisodeVisitor<ChairTenure, ChairNamed, ChairEnded> = (tenure, start, _end, certainty) => {
    const d = start.data;
    chairs.push({ groupId: tenure.target.id, groupName: groupName(history, tenure.target.id), role: d.role, onBehalfOf: d.onBehalfOf ?? null, from: d.from, certainty });
  };
  for (const tenure of history.chairsOfPerson.get(personId)) {
    const targetId = tenure.target.id;
    if (tenure.target.kind === 'group') {
      const existence = groupExistence(history.groups.get(targetId), day);
      forEachEpisodeHolding(tenure, day, existence, visitGroupChair);
      continue;
    }
    for (const { start } of pairEpisodes(tenure)) {
      const certainty = certaintyOf(happenedBy(start.date, day));
      if (!certainty) continue;
      const d = start.data;
      meetingsChaired.push({ meetingId: targetId, title: meetingTitle(history, targetId), role: d.role, onBehalfOf: d.onBehalfOf ?? null, from: d.from, certainty });
    }
  }
  return { chairs: sortBy(chairs, (c) => c.groupId, (c) => c.from), meetingsChaired: sortBy(meetingsChaired, (m) => m.meetingId, (m) => m.from) };
}
