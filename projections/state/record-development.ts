import type { AgreementEnded, AgreementSigned } from '../../events/catalogue/agreement-events.js';
import type { GroupDissolved, GroupFormed } from '../../events/catalogue/group-events.js';
import type { MeetingHeld } from '../../events/catalogue/meeting-events.js';
import type { OrganisationRenamed } from '../../events/catalogue/organisation-events.js';
import type { StatementMade } from '../../events/catalogue/person-events.js';
import type { ConcordEvent } from '../../events/decode-event.js';
import { addEnd, addStart, compareFacts, factAdded, factReplaced, type DatedFact, type Tenure, type VersionSummary } from './certainty.js';
import type { EntityHistory, OrganisationRegistration, PersonRegistration } from './entity-history.js';
import type { Original } from './amendments.js';
import { firstIndexWhere, withItemAt } from './sorted-arrays.js';
import { withItem } from './tight-list.js';
import { developmentOf, type Version } from './version.js';

/** The developments that start or end a relation (a tenure). */
type TenureVersion = Extract<Original, { type: 'PostHolderAppointed' | 'PostHolderLeft' | 'MemberJoined' | 'MemberLeft' | 'ChairNamed' | 'ChairEnded' }>;

/** A version of a dated development as a fact: its date is the one the development's type gives (see Version). */
function asFact<T>(version: Version): DatedFact<T> {
  return version as unknown as DatedFact<T>;
}

/**
 * Files a version as a fact of the entity or relation it concerns: the version itself,
 * which the timeline and the amendments keep too (see Version). Only appends: what holds
 * on a day is decided at query time from valid dates, so the result does not depend on
 * the order developments arrive in; which version is known at a position is decided
 * from `since`/`until` (see historyAt).
 */
function placeFact(history: EntityHistory, version: Version): Tenure<unknown, unknown> | undefined {
  const development = developmentOf(version) as Original;
  switch (development.type) {
    case 'OrganisationRegistered': {
      const record = history.organisation(development.data.organisationId);
      record.registrations = withItem(record.registrations, version as OrganisationRegistration);
      return;
    }
    case 'OrganisationRenamed': {
      const record = history.organisation(development.data.organisationId);
      const rename = asFact<OrganisationRenamed>(version);
      record.renames = withItem(record.renames, rename);
      // After every rename not later than it, and its first day at the same index.
      const at = firstIndexWhere(record.renamesByDate, (other) => compareFacts(other, rename) > 0);
      record.renamesByDate = withItemAt(record.renamesByDate, at, rename);
      record.renameLos = withItemAt(record.renameLos, at, rename.date.lo);
      factAdded(record, version);
      return;
    }
    case 'PostHolderAppointed':
    case 'MemberJoined':
    case 'ChairNamed': {
      const tenure = tenureOf(history, development);
      addStart(tenure, asFact(version));
      return tenure;
    }
    case 'PostHolderLeft':
    case 'MemberLeft':
    case 'ChairEnded': {
      const tenure = tenureOf(history, development);
      addEnd(tenure, asFact(version));
      return tenure;
    }
    case 'PersonRegistered': {
      const record = history.person(development.data.personId);
      record.registrations = withItem(record.registrations, version as PersonRegistration);
      return;
    }
    case 'StatementMade': {
      const record = history.person(development.data.personId);
      record.statements = withItem(record.statements, asFact<StatementMade>(version));
      return;
    }
    case 'GroupFormed': {
      const d = development.data;
      const record = history.group(d.groupId);
      record.formations = withItem(record.formations, asFact<GroupFormed>(version));
      if (d.parentGroupId !== undefined) history.workingGroupsOf.add(d.parentGroupId, d.groupId);
      return;
    }
    case 'GroupDissolved': {
      const record = history.group(development.data.groupId);
      record.dissolutions = withItem(record.dissolutions, asFact<GroupDissolved>(version));
      return;
    }
    case 'MeetingHeld': {
      const d = development.data;
      const record = history.meeting(d.meetingId);
      record.helds = withItem(record.helds, asFact<MeetingHeld>(version));
      if (d.groupId !== undefined) history.fileOnce(history.meetingsOfGroup, d.groupId, record);
      return;
    }
    case 'AgreementSigned': {
      const d = development.data;
      const record = history.agreement(d.agreementId);
      record.signings = withItem(record.signings, asFact<AgreementSigned>(version));
      for (const party of d.parties) history.fileOnce(history.agreementsOfParty, party, record);
      if (d.supersedes !== undefined) history.fileOnce(history.successorsOf, d.supersedes, record);
      return;
    }
    case 'AgreementEnded': {
      const record = history.agreement(development.data.agreementId);
      record.endings = withItem(record.endings, asFact<AgreementEnded>(version));
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
  if (replaced) {
    // The relation the replaced version named (its own data: a correction may have moved it).
    const holder = summaryOf(history, developmentOf(replaced) as Original);
    if (holder !== undefined) factReplaced(holder);
  }
  if (next) placed(history, next);
}

/**
 * The relation (tenure) a version of a development belongs to: the one place that names
 * each type's relation, for filing a version (placeFact) and for marking a replaced one;
 * undefined for developments that are not about a relation. A replaced version's tenure
 * stops answering "whole" (see wholeAt) without a look at its facts.
 */
function tenureOf(history: EntityHistory, version: TenureVersion): Tenure<unknown, unknown>;
function tenureOf(history: EntityHistory, version: Original): Tenure<unknown, unknown> | undefined;
function tenureOf(history: EntityHistory, version: Original): Tenure<unknown, unknown> | undefined {
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
function placed(history: EntityHistory, version: Version): void {
  const tenure = placeFact(history, version);
  history.changeDates.place(history, developmentOf(version) as Original, version, tenure);
}
