import { happenedBy, type HappenedStatus } from '../../events/dates.js';
import type { Certainty, NameView } from '../views.js';
import { holdsUntilAny, inDateOrder } from './certainty.js';
import { firstIndexWhere } from './sorted-arrays.js';
import { NO_ITEMS } from './tight-list.js';
import { SINCE_ALWAYS } from './valid-dates.js';
import type { AgreementRecord, HistoryReader, GroupRecord, OrganisationRecord, StoredOrganisation, StoredPerson } from './entity-history.js';

/**
 * Questions several views ask about other entities: names on a day and whether a group
 * exists. Unknown entities answer null (or "unconstrained") instead of failing, because
 * a reference may be read before the referenced entity's own events (backfill).
 */

export interface NameInForce {
  readonly name: string;
  readonly acronym: string | null;
  readonly certainty: Certainty;
}

/**
 * The name in force on `day`: the latest name whose rename has certainly happened; a
 * later rename that possibly happened makes it only 'possible'. A rename replaces the
 * acronym too (a rename recorded without one leaves the organisation without acronym).
 *
 * Asked for every member of a group, of organisations renamed a dozen times at a million
 * events: the renames in date order are entered by binary search at the day and read
 * backwards to the last one certainly made, instead of read whole (at a million events
 * each rename read is a cache miss or two).
 */
export function nameInForce(record: OrganisationRecord, day: number): NameInForce | undefined {
  const registration = record.registered;
  if (!registration) return undefined;
  let certainty: Certainty = 'certain';
  // Sorted by first day: the renames from the first starting after the day on cannot have happened by it.
  for (let i = firstIndexWhere(record.renameLos, (lo) => lo > day) - 1; i >= 0; i--) {
    const rename = record.renameByDate(i);
    if (happenedBy(rename.date, day) === 'certain') return { name: rename.data.name, acronym: rename.data.acronym ?? null, certainty };
    certainty = 'possible';
  }
  return { name: registration.name, acronym: registration.acronym ?? null, certainty };
}

export function namesOverTime(record: OrganisationRecord): NameView[] {
  const registration = record.registration;
  if (!registration) return [];
  return [
    { name: registration.data.name, acronym: registration.data.acronym ?? null, since: registration.data.foundedOn ?? null },
    ...record.renamesByDate.map((r) => ({ name: r.data.name, acronym: r.data.acronym ?? null, since: r.data.on })),
  ];
}

/** `stored`: the organisation's stored record, where the caller holds it (a membership does), instead of a lookup by id. */
export function organisationNameAt(history: HistoryReader, id: string, day: number, stored?: StoredOrganisation): string | null {
  const record = stored === undefined ? history.organisations.get(id) : history.organisationAt(stored);
  return (record && nameInForce(record, day)?.name) ?? null;
}

/** `stored`: the person's stored record, where the caller holds it (a chair does), instead of a lookup by id. */
export function personName(history: HistoryReader, id: string, stored?: StoredPerson): string | null {
  const record = stored === undefined ? history.people.get(id) : history.personAt(stored);
  return record?.registered?.name ?? null;
}

export function groupName(history: HistoryReader, id: string): string | null {
  return history.groups.get(id)?.formation?.data.name ?? null;
}

export function meetingTitle(history: HistoryReader, id: string): string | null {
  return history.meetings.get(id)?.held?.data.title ?? null;
}

/** Whether the group exists on `day`: from its formation until its first dissolution. */
export function groupExistence(record: GroupRecord | undefined, day: number): HappenedStatus {
  // Without a GroupFormed (not read yet) the group's own dates cannot narrow facts about it.
  const start = record?.formation?.date ?? SINCE_ALWAYS;
  return holdsUntilAny(start, NO_ITEMS, day, record?.dissolutions);
}

/**
 * Agreements that supersede `agreementId` as known, in id order: the index holds every
 * agreement any version named, so a corrected `supersedes` is checked against the version read.
 */
export function successorsOf(history: HistoryReader, agreementId: string): AgreementRecord[] {
  const successors: AgreementRecord[] = [];
  for (const stored of history.successorsOf.get(agreementId)) {
    const successor = history.agreementAt(stored);
    if (successor.signing?.data.supersedes === agreementId) successors.push(successor);
  }
  return successors;
}

export function firstDissolution(record: GroupRecord): string | null {
  return inDateOrder(record.dissolutions)[0]?.data.on ?? null;
}
