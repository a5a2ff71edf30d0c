import { describeDate, type DateRange } from '../events/dates.js';
import { entryIntoForce, pastValidity } from './state/agreement-validity.js';
import { pairEpisodes, type Tenure } from './state/certainty.js';
import type { EntityHistory } from './state/entity-history.js';
import type { HistoryReader } from './state/entity-history.js';
import { historyAt } from './state/history-at.js';
import { successorsOf } from './state/lookups.js';
import { sortBy } from './state/ordering.js';
import type { ChangeView, ChangesView } from './views.js';

/**
 * What changed between the state on valid day `from` and the state on valid day `to`:
 * every start or end of a fact whose day may fall in (from, to]. A change whose date
 * lies wholly in that window is certain; one whose date only overlaps it is possible.
 * Uses the same pairing and in-force rules as the state answers.
 *
 * This walks the whole history and sorts: it is the reference the indexed walk
 * (change-entries.ts) is tested against, and both take their rules from the functions
 * below, one per source of changes (a group, a membership, a chair, an agreement, an
 * organisation's renames).
 */
export function changesBetween(stored: EntityHistory, from: number, to: number, knownAt?: bigint): ChangesView {
  const history = historyAt(stored, knownAt);
  const changes: ChangeView[] = [];
  const note = windowNote(from, to, (change) => changes.push(change));
  for (const id of history.groups.sortedKeys()) groupChanges(history, id, note);
  for (const key of history.memberships.sortedKeys()) membershipChanges(history, key, note);
  for (const key of history.chairs.sortedKeys()) chairChanges(history, key, note);
  for (const id of history.agreements.sortedKeys()) agreementChanges(history, id, note);
  for (const id of history.organisations.sortedKeys()) renameChanges(history, id, note);
  return { changes: sortBy(changes, (c) => c.date.earliest ?? '', (c) => c.date.latest, (c) => c.kind, (c) => c.entity, (c) => c.related ?? '') };
}

export type Note = (kind: ChangeView['kind'], entity: string, related: string | null, date: DateRange, eventId: string) => void;

/** Keeps the changes whose date may fall in (from, to], judging their certainty. */
export function windowNote(from: number, to: number, keep: (change: ChangeView, date: DateRange) => void): Note {
  return (kind, entity, related, date, eventId) => {
    if (date.hi <= from || date.lo > to) return;
    const certainty = date.lo > from && date.hi <= to ? 'certain' : 'possible';
    keep({ kind, entity, related, date: describeDate(date), certainty, eventId }, date);
  };
}

export function groupChanges(history: HistoryReader, id: string, note: Note): void {
  const record = history.groups.get(id);
  if (!record?.formation) return;
  note('group-formed', `group:${id}`, null, record.formation.date, record.formation.eventId);
  for (const dissolution of record.dissolutions) note('group-dissolved', `group:${id}`, null, dissolution.date, dissolution.eventId);
}

function episodes(tenure: Tenure<unknown, unknown>, started: (date: DateRange, eventId: string) => void, ended: (date: DateRange, eventId: string) => void): void {
  for (const { start, end } of pairEpisodes(tenure)) {
    started(start.date, start.eventId);
    if (end) ended(end.date, end.eventId);
  }
}

export function membershipChanges(history: HistoryReader, key: string, note: Note): void {
  const t = history.memberships.get(key);
  if (!t || !history.groups.get(t.groupId)?.formation) return;
  const group = `group:${t.groupId}`;
  const member = `organisation:${t.organisationId}`;
  episodes(t, (date, id) => note('member-joined', group, member, date, id), (date, id) => note('member-left', group, member, date, id));
}

export function chairChanges(history: HistoryReader, key: string, note: Note): void {
  const t = history.chairs.get(key);
  // A meeting's chair belongs to that one occasion: not a change of standing state.
  if (!t || t.target.kind !== 'group' || !history.groups.get(t.target.id)?.formation) return;
  const group = `group:${t.target.id}`;
  const person = `person:${t.personId}`;
  episodes(t, (date, id) => note('chair-named', group, person, date, id), (date, id) => note('chair-ended', group, person, date, id));
}

export function agreementChanges(history: HistoryReader, id: string, note: Note): void {
  const record = history.agreements.get(id);
  const signing = record?.signing;
  const start = record && entryIntoForce(record);
  if (!record || !signing || !start) return;
  note('agreement-in-force', `agreement:${id}`, null, start, signing.eventId);
  const ends: { date: DateRange; eventId: string; by: string | null }[] = record.endings.map((e) => ({ date: e.date, eventId: e.eventId, by: null }));
  const past = pastValidity(signing);
  if (past) ends.push({ date: past, eventId: signing.eventId, by: null });
  for (const successor of successorsOf(history, id)) {
    const successorStart = entryIntoForce(successor);
    if (successorStart) ends.push({ date: successorStart, eventId: successor.signing!.eventId, by: `agreement:${successor.id}` });
  }
  // Only ends that can be the first: one certainly after another end changes nothing.
  for (const end of ends) {
    if (ends.some((other) => other !== end && other.date.hi < end.date.lo)) continue;
    if (end.date.hi < start.lo) continue;
    note('agreement-out-of-force', `agreement:${id}`, end.by, end.date, end.eventId);
  }
}

export function renameChanges(history: HistoryReader, id: string, note: Note): void {
  const record = history.organisations.get(id);
  if (!record?.registration) return;
  for (const rename of record.renames) note('organisation-renamed', `organisation:${id}`, null, rename.date, rename.eventId);
}
