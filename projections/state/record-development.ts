import type { ConcordEvent } from '../../events/decode-event.js';
import type { EntityHistory } from './entity-history.js';
import type { Original } from './amendments.js';
import { firstIndexWhere, withItemAt } from './sorted-arrays.js';
import { addEnd, addStart, compareRows, factAdded, factReplaced, type StoredTenure, type VersionSummary } from './stored-facts.js';
import { withItem } from './tight-list.js';
import type { VersionRow, VersionTable } from './version-table.js';

/** The developments that start or end a relation (a tenure). */
type TenureVersion = Extract<Original, { type: 'PostHolderAppointed' | 'PostHolderLeft' | 'MemberJoined' | 'MemberLeft' | 'ChairNamed' | 'ChairEnded' }>;

/** A version's development, `{type, data}`, read from its row. */
function developmentAt(versions: VersionTable, row: VersionRow): Original {
  return { type: versions.type(row), data: versions.data(row) } as Original;
}

/**
 * Files a version as a fact of the entity or relation it concerns: the version itself,
 * which the timeline and the amendments keep too (see Version). Only appends: what holds
 * on a day is decided at query time from valid dates, so the result does not depend on
 * the order developments arrive in; which version is known at a position is decided
 * from `since`/`until` (see historyAt).
 */
function placeFact(history: EntityHistory, versions: VersionTable, version: VersionRow, development: Original): StoredTenure | undefined {
  switch (development.type) {
    case 'OrganisationRegistered': {
      const record = history.organisation(development.data.organisationId);
      record.registrations = withItem(record.registrations, version);
      return;
    }
    case 'OrganisationRenamed': {
      const record = history.organisation(development.data.organisationId);
      record.renames = withItem(record.renames, version);
      // After every rename not later than it, and its first day at the same index.
      const at = firstIndexWhere(record.renamesByDate, (other) => compareRows(versions, other, version) > 0);
      record.renamesByDate = withItemAt(record.renamesByDate, at, version);
      record.renameLos = withItemAt(record.renameLos, at, versions.date(version)!.lo);
      factAdded(record, versions.since(version));
      return;
    }
    case 'PostHolderAppointed':
    case 'MemberJoined':
    case 'ChairNamed': {
      const tenure = tenureOf(history, development);
      addStart(versions, tenure, version);
      return tenure;
    }
    case 'PostHolderLeft':
    case 'MemberLeft':
    case 'ChairEnded': {
      const tenure = tenureOf(history, development);
      addEnd(versions, tenure, version);
      return tenure;
    }
    case 'PersonRegistered': {
      const record = history.person(development.data.personId);
      record.registrations = withItem(record.registrations, version);
      return;
    }
    case 'StatementMade': {
      const record = history.person(development.data.personId);
      record.statements = withItem(record.statements, version);
      return;
    }
    case 'GroupFormed': {
      const d = development.data;
      const record = history.group(d.groupId);
      record.formations = withItem(record.formations, version);
      if (d.parentGroupId !== undefined) history.workingGroupsOf.add(d.parentGroupId, d.groupId);
      return;
    }
    case 'GroupDissolved': {
      const record = history.group(development.data.groupId);
      record.dissolutions = withItem(record.dissolutions, version);
      return;
    }
    case 'MeetingHeld': {
      const d = development.data;
      const record = history.meeting(d.meetingId);
      record.helds = withItem(record.helds, version);
      if (d.groupId !== undefined) history.fileOnce(history.meetingsOfGroup, d.groupId, record);
      return;
    }
    case 'AgreementSigned': {
      const d = development.data;
      const record = history.agreement(d.agreementId);
      record.signings = withItem(record.signings, version);
      for (const party of d.parties) history.fileOnce(history.agreementsOfParty, party, record);
      if (d.supersedes !== undefined) history.fileOnce(history.successorsOf, d.supersedes, record);
      return;
    }
    case 'AgreementEnded': {
      const record = history.agreement(development.data.agreementId);
      record.endings = withItem(record.endings, version);
      return;
    }
    default: {
      // A type added to the catalogue without a rule here fails the build, not silently.
      const unknownType: never = development;
      throw new Error(`no entity-state rule for ${(unknownType as { type: string }).type}`);
    }
  }
}

/**
 * Adds one event to the history. A development places its fact; a correction or
 * retraction closes the version known so far (the amendments set its `until` to the
 * amendment's position) and places the development's next version, so earlier positions
 * keep answering as they did.
 */
export function recordDevelopment(history: EntityHistory, event: ConcordEvent): void {
  const change = history.amendments.apply(event);
  if (!change) return;
  const { replaced, next } = change;
  const { versions } = history.amendments;
  if (replaced !== undefined) {
    // The relation the replaced version named (its own data: a correction may have moved it).
    const holder = summaryOf(history, developmentAt(versions, replaced));
    if (holder !== undefined) factReplaced(holder);
  }
  if (next !== undefined) placed(history, versions, next);
}

/**
 * The relation (tenure) a version of a development belongs to: the one place that names
 * each type's relation, for filing a version (placeFact) and for marking a replaced one;
 * undefined for developments that are not about a relation. A replaced version's tenure
 * stops answering "whole" (see wholeAt) without a look at its facts.
 */
function tenureOf(history: EntityHistory, version: TenureVersion): StoredTenure;
function tenureOf(history: EntityHistory, version: Original): StoredTenure | undefined;
function tenureOf(history: EntityHistory, version: Original): StoredTenure | undefined {
  switch (version.type) {
    case 'PostHolderAppointed':
    case 'PostHolderLeft':
      return history.post(version.data.organisationId, version.data.personId, version.data.post);
    case 'MemberJoined':
    case 'MemberLeft':
      return history.membership(version.data.groupId, version.data.organisationId);
    case 'ChairNamed':
    case 'ChairEnded':
      return history.chair(version.data.target, version.data.personId);
    default:
      return undefined;
  }
}

/** What keeps the version summary of a version's facts (see wholeAt): its tenure, or its organisation for a rename. */
function summaryOf(history: EntityHistory, version: Original): VersionSummary | undefined {
  return version.type === 'OrganisationRenamed' ? history.organisation(version.data.organisationId) : tenureOf(history, version);
}

/** Places a version and notes the dates it can give a change (for /changes), with the tenure it was filed in, if any. */
function placed(history: EntityHistory, versions: VersionTable, version: VersionRow): void {
  const development = developmentAt(versions, version);
  const tenure = placeFact(history, versions, version, development);
  history.changeDates.place(history, development, versions, version, tenure);
}
