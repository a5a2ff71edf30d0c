import { describeDate, type DateRange } from '../events/dates.js';
import { entryIntoForce } from './state/agreement-validity.js';
import { pairEpisodes, type Tenure } from './state/certainty.js';
import type { EntityHistory } from './state/entity-history.js';
import { historyAt, type HistoryReader } from './state/entity-history.js';
import { successorsOf } from './state/lookups.js';
import { sortBy } from './state/ordering.js';
import { dayAfter } from './state/valid-dates.js';
import type { ChangeView, ChangesView } from './views.js';

/**
 * What changed between the state on valid day `from` and the state on valid day `to`:
 * every start or end of a fact whose day may fall in (from, to]. A change whose date
 * lies wholly in that window is certain; one whose date only overlaps it is possible.
 * Uses the same pairing and in-force rules as the state answers.
 */
export function changesBetween(stored: EntityHistory, from: number, to: number, knownAt?: bigint): ChangesView {
  const history = historyAt(stored, knownAt);
  const changes: ChangeView[] = [];
  const note = (kind: ChangeView['kind'], entity: string, related: string | null, date: DateRange, eventId: string) => {
    if (date.hi <= from || date.lo > to) return;
    const certainty = date.lo > from && date.hi <= to ? 'certain' : 'possible';
    changes.push({ kind, entity, related, date: describeDate(date), certainty, eventId });
  };
  groupChanges(history, note);
  tenureChanges(history, note);
  agreementChanges(history, note);
  for (const id of history.organisations.keys()) {
    const record = history.organisations.get(id);
    if (!record?.registration) continue;
    for (const rename of record.renames) note('organisation-renamed', `organisation:${id}`, null, rename.date, rename.eventId);
  }
  return { changes: sortBy(changes, (c) => c.date.earliest ?? '', (c) => c.date.latest, (c) => c.kind, (c) => c.entity, (c) => c.related ?? '') };
}

type Note = (kind: ChangeView['kind'], entity: string, related: string | null, date: DateRange, eventId: string) => void;

function groupChanges(history: HistoryReader, note: Note): void {
  for (const id of history.groups.keys()) {
    const record = history.groups.get(id);
    if (!record?.formation) continue;
    note('group-formed', `group:${id}`, null, record.formation.date, record.formation.eventId);
    for (const dissolution of record.dissolutions) note('group-dissolved', `group:${id}`, null, dissolution.date, dissolution.eventId);
  }
}

function episodes(tenure: Tenure<unknown, unknown>, started: (date: DateRange, eventId: string) => void, ended: (date: DateRange, eventId: string) => void): void {
  for (const { start, end } of pairEpisodes(tenure)) {
    started(start.date, start.eventId);
    if (end) ended(end.date, end.eventId);
  }
}

function tenureChanges(history: HistoryReader, note: Note): void {
  for (const key of history.memberships.keys()) {
    const t = history.memberships.get(key)!;
    if (!history.groups.get(t.groupId)?.formation) continue;
    const group = `group:${t.groupId}`;
    const member = `organisation:${t.organisationId}`;
    episodes(t, (date, id) => note('member-joined', group, member, date, id), (date, id) => note('member-left', group, member, date, id));
  }
  for (const key of history.chairs.keys()) {
    const t = history.chairs.get(key)!;
    // A meeting's chair belongs to that one occasion: not a change of standing state.
    if (t.target.kind !== 'group' || !history.groups.get(t.target.id)?.formation) continue;
    const group = `group:${t.target.id}`;
    const person = `person:${t.personId}`;
    episodes(t, (date, id) => note('chair-named', group, person, date, id), (date, id) => note('chair-ended', group, person, date, id));
  }
}

function agreementChanges(history: HistoryReader, note: Note): void {
  for (const id of history.agreements.keys()) {
    const record = history.agreements.get(id);
    const signing = record?.signing;
    const start = record && entryIntoForce(record);
    if (!record || !signing || !start) continue;
    note('agreement-in-force', `agreement:${id}`, null, start, signing.eventId);
    const ends: { date: DateRange; eventId: string; by: string | null }[] = record.endings.map((e) => ({ date: e.date, eventId: e.eventId, by: null }));
    if (signing.validUntil) ends.push({ date: dayAfter(signing.validUntil), eventId: signing.eventId, by: null });
    for (const successorId of successorsOf(history, id)) {
      const successor = history.agreements.get(successorId)!;
      const successorStart = entryIntoForce(successor);
      if (successorStart) ends.push({ date: successorStart, eventId: successor.signing!.eventId, by: `agreement:${successorId}` });
    }
    // Only ends that can be the first: one certainly after another end changes nothing.
    for (const end of ends) {
      if (ends.some((other) => other !== end && other.date.hi < end.date.lo)) continue;
      if (end.date.hi < start.lo) continue;
      note('agreement-out-of-force', `agreement:${id}`, end.by, end.date, end.eventId);
    }
  }
}
