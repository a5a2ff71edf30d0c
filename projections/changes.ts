import { describeDate, type DateRange } from '../events/dates.js';
import { entryIntoForce, pastValidity } from './state/agreement-validity.js';
import type { Amendments } from './state/amendments.js';
import { pairEpisodes, type Tenure, type Versioned } from './state/certainty.js';
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
  const note = windowNote(from, to, stored.amendments, (change) => changes.push(change));
  for (const id of history.groups.sortedKeys()) groupChanges(history, id, note);
  for (const key of history.memberships.sortedKeys()) membershipChanges(history, key, note);
  for (const key of history.chairs.sortedKeys()) chairChanges(history, key, note);
  for (const id of history.agreements.sortedKeys()) agreementChanges(history, id, note);
  for (const id of history.organisations.sortedKeys()) renameChanges(history, id, note);
  return { changes: sortBy(changes, (c) => c.date.earliest ?? '', (c) => c.date.latest, (c) => c.kind, (c) => c.entity, (c) => c.related ?? '') };
}

/** `fact`: the version of the development that made the change. */
export type Note = (kind: ChangeView['kind'], entity: string, related: string | null, date: DateRange, fact: Versioned) => void;

/** Keeps the changes whose date may fall in (from, to], judging their certainty; `ids` names each one's development. */
export function windowNote(from: number, to: number, ids: Pick<Amendments, 'eventIdAt'>, keep: (change: ChangeView, date: DateRange) => void): Note {
  return (kind, entity, related, date, fact) => {
    if (date.hi <= from || date.lo > to) return;
    const certainty = date.lo > from && date.hi <= to ? 'certain' : 'possible';
    keep({ kind, entity, related, date: describeDate(date), certainty, eventId: ids.eventIdAt(fact.eventIndex) }, date);
  };
}

export function groupChanges(history: HistoryReader, id: string, note: Note): void {
  const record = history.groups.get(id);
  if (!record?.formation) return;
  note('group-formed', `group:${id}`, null, record.formation.date, record.formation);
  for (const dissolution of record.dissolutions) note('group-dissolved', `group:${id}`, null, dissolution.date, dissolution);
}

function episodes(tenure: Tenure<unknown, unknown>, started: (date: DateRange, fact: Versioned) => void, ended: (date: DateRange, fact: Versioned) => void): void {
  for (const { start, end } of pairEpisodes(tenure)) {
    started(start.date, start);
    if (end) ended(end.date, end);
  }
}

export function membershipChanges(history: HistoryReader, key: string, note: Note): void {
  const t = history.memberships.get(key);
  if (!t || !history.groups.get(t.groupId)?.formation) return;
  const group = `group:${t.groupId}`;
  const member = `organisation:${t.organisationId}`;
  episodes(t, (date, fact) => note('member-joined', group, member, date, fact), (date, fact) => note('member-left', group, member, date, fact));
}

export function chairChanges(history: HistoryReader, key: string, note: Note): void {
  const t = history.chairs.get(key);
  // A meeting's chair belongs to that one occasion: not a change of standing state.
  if (!t || t.target.kind !== 'group' || !history.groups.get(t.target.id)?.formation) return;
  const group = `group:${t.target.id}`;
  const person = `person:${t.personId}`;
  episodes(t, (date, fact) => note('chair-named', group, person, date, fact), (date, fact) => note('chair-ended', group, person, date, fact));
}

export function agreementChanges(history: HistoryReader, id: string, note: Note): void {
  const record = history.agreements.get(id);
  const signing = record?.signing;
  const start = record && entryIntoForce(record);
  if (!record || !signing || !start) return;
  note('agreement-in-force', `agreement:${id}`, null, start, signing);
  const ends: { date: DateRange; fact: Versioned; by: string | null }[] = record.endings.map((e) => ({ date: e.date, fact: e, by: null }));
  const past = pastValidity(signing);
  if (past) ends.push({ date: past, fact: signing, by: null });
  for (const successor of successorsOf(history, id)) {
    const successorStart = entryIntoForce(successor);
    if (successorStart) ends.push({ date: successorStart, fact: successor.signing!, by: `agreement:${successor.id}` });
  }
  // Only ends that can be the first: one certainly after another end changes nothing.
  for (const end of ends) {
    if (ends.some((other) => other !== end && other.date.hi < end.date.lo)) continue;
    if (end.date.hi < start.lo) continue;
    note('agreement-out-of-force', `agreement:${id}`, end.by, end.date, end.fact);
  }
}

export function renameChanges(history: HistoryReader, id: string, note: Note): void {
  const record = history.organisations.get(id);
  if (!record?.registration) return;
  for (const rename of record.renames) note('organisation-renamed', `organisation:${id}`, null, rename.date, rename);
}
