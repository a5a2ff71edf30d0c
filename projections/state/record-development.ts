import type { DateRange } from '../../events/dates.js';
import type { ConcordEvent } from '../../events/decode-event.js';
import { addEnd, addStart, factAdded, factReplaced, type DatedFact, type Tenure, type VersionSummary, type Versioned } from './certainty.js';
import { parseDateOnce } from './valid-dates.js';
import type { EntityHistory } from './entity-history.js';
import { effectiveVersion, type Original } from './amendments.js';
import { withItem } from './tight-list.js';

function dated<T>(data: T, text: string, { eventId, position, since }: Place): DatedFact<T> {
  return { data, date: parseDateOnce(text), position, eventId, since, until: undefined };
}

function optionalDate(text: string | undefined): DateRange | undefined {
  return text === undefined ? undefined : parseDateOnce(text);
}

/**
 * Places one version of a development's fact in the history and returns it. Only appends:
 * what holds on a day is decided at query time from valid dates, so the result does not
 * depend on the order developments arrive in; which version is known at a position is
 * decided from `since`/`until` (see historyAt).
 */
interface Place {
  readonly eventId: string;
  readonly position: bigint;
  readonly since: bigint;
}

/** The developments that start or end a relation (a tenure). */
type TenureVersion = Extract<Original, { type: 'PostHolderAppointed' | 'PostHolderLeft' | 'MemberJoined' | 'MemberLeft' | 'ChairNamed' | 'ChairEnded' }>;

/** A version of a tenure's start (an appointment, a joining, a chair named), filed under its relation. */
function started(history: EntityHistory, version: TenureVersion, day: string, place: Place): Versioned {
  const fact = dated(version.data, day, place);
  addStart(tenureOf(history, version), fact);
  return fact;
}

/** A version of a tenure's end, filed under its relation. */
function ended(history: EntityHistory, version: TenureVersion, day: string, place: Place): Versioned {
  const fact = dated(version.data, day, place);
  addEnd(tenureOf(history, version), fact);
  return fact;
}

function placeFact(history: EntityHistory, development: Original, place: Place): Versioned {
  const { eventId, position, since } = place;
  switch (development.type) {
    case 'OrganisationRegistered': {
      const d = development.data;
      const fact = { data: d, position, eventId, since, until: undefined, foundedOn: optionalDate(d.foundedOn) };
      {
        const record = history.organisation(d.organisationId);
        record.registrations = withItem(record.registrations, fact);
      }
      return fact;
    }
    case 'OrganisationRenamed': {
      const d = development.data;
      const fact = dated(d, d.on, place);
      {
        const record = history.organisation(d.organisationId);
        record.renames = withItem(record.renames, fact);
        factAdded(record, fact);
      }
      return fact;
    }
    case 'PostHolderAppointed':
      return started(history, development, development.data.from, place);
    case 'PostHolderLeft':
      return ended(history, development, development.data.on, place);
    case 'PersonRegistered': {
      const d = development.data;
      const fact = { data: d, position, eventId, since, until: undefined };
      {
        const record = history.person(d.personId);
        record.registrations = withItem(record.registrations, fact);
      }
      return fact;
    }
    case 'StatementMade': {
      const d = development.data;
      const fact = dated(d, d.on, place);
      {
        const record = history.person(d.personId);
        record.statements = withItem(record.statements, fact);
      }
      return fact;
    }
    case 'GroupFormed': {
      const d = development.data;
      const fact = dated(d, d.formedOn, place);
      {
        const record = history.group(d.groupId);
        record.formations = withItem(record.formations, fact);
      }
      if (d.parentGroupId !== undefined) history.workingGroupsOf.add(d.parentGroupId, d.groupId);
      return fact;
    }
    case 'GroupDissolved': {
      const d = development.data;
      const fact = dated(d, d.on, place);
      {
        const record = history.group(d.groupId);
        record.dissolutions = withItem(record.dissolutions, fact);
      }
      return fact;
    }
    case 'MemberJoined':
      return started(history, development, development.data.on, place);
    case 'MemberLeft':
      return ended(history, development, development.data.on, place);
    case 'ChairNamed':
      return started(history, development, development.data.from, place);
    case 'ChairEnded':
      return ended(history, development, development.data.on, place);
    case 'MeetingHeld': {
      const d = development.data;
      const fact = dated(d, d.on, place);
      {
        const record = history.meeting(d.meetingId);
        record.helds = withItem(record.helds, fact);
      }
      if (d.groupId !== undefined) history.meetingsOfGroup.add(d.groupId, d.meetingId);
      return fact;
    }
    case 'AgreementSigned': {
      const d = development.data;
      const fact = { ...dated(d, d.signedOn, place), validFrom: optionalDate(d.validFrom), validUntil: optionalDate(d.validUntil) };
      {
        const record = history.agreement(d.agreementId);
        record.signings = withItem(record.signings, fact);
      }
      for (const party of d.parties) history.agreementsOfParty.add(party, d.agreementId);
      if (d.supersedes !== undefined) history.successorsOf.add(d.supersedes, d.agreementId);
      return fact;
    }
    case 'AgreementEnded': {
      const d = development.data;
      const fact = dated(d, d.on, place);
      {
        const record = history.agreement(d.agreementId);
        record.endings = withItem(record.endings, fact);
      }
      return fact;
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
 * retraction closes the version known so far (at the amendment's position) and places
 * the development's next version, so earlier positions keep answering as they did.
 */
export function recordDevelopment(history: EntityHistory, event: ConcordEvent): void {
  const amended = history.amendments.apply(event);
  if (!amended) return;
  if (amended.currentFact === undefined && amended.corrections.length === 0 && !amended.retracted) {
    amended.currentFact = placed(history, amended.event.development, { eventId: event.eventId, position: event.position, since: event.position });
    return;
  }
  if (amended.currentFact) {
    amended.currentFact.until = event.position;
    // The relation the replaced version named (its own data: a correction may have moved it).
    const version = { type: amended.event.development.type, data: (amended.currentFact as DatedFact<unknown>).data } as Original;
    const holder = summaryOf(history, version);
    if (holder !== undefined) factReplaced(holder);
  }
  const next = effectiveVersion(amended);
  amended.currentFact = next && placed(history, next, { eventId: amended.event.eventId, position: amended.event.position, since: event.position });
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

/** Places a version and notes the dates it can give a change (for /changes). */
function placed(history: EntityHistory, development: Original, place: Place): Versioned {
  const fact = placeFact(history, development, place);
  history.changeDates.place(history, development, fact);
  return fact;
}
