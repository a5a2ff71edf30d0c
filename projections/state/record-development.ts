import type { DateRange } from '../../events/dates.js';
import type { ConcordEvent } from '../../events/decode-event.js';
import { addEnd, addStart, type DatedFact } from './certainty.js';
import { parseDateOnce } from './valid-dates.js';
import type { EntityHistory } from './entity-history.js';

function dated<T>(data: T, text: string, position: bigint): DatedFact<T> {
  return { data, date: parseDateOnce(text), position };
}

function optionalDate(text: string | undefined): DateRange | undefined {
  return text === undefined ? undefined : parseDateOnce(text);
}

/**
 * Adds one development to the history. Only appends facts: what holds on a day is
 * decided at query time from valid dates, so the result does not depend on the order
 * developments arrive in. A registering event recorded twice keeps the first one.
 */
export function recordDevelopment(history: EntityHistory, event: ConcordEvent): void {
  const { development, position } = event;
  switch (development.type) {
    case 'OrganisationRegistered': {
      const d = development.data;
      history.organisation(d.organisationId).registration ??= { data: d, position, foundedOn: optionalDate(d.foundedOn) };
      return;
    }
    case 'OrganisationRenamed': {
      const d = development.data;
      history.organisation(d.organisationId).renames.push(dated(d, d.on, position));
      return;
    }
    case 'PostHolderAppointed': {
      const d = development.data;
      addStart(history.post(d.organisationId, d.personId, d.post), dated(d, d.from, position));
      return;
    }
    case 'PostHolderLeft': {
      const d = development.data;
      addEnd(history.post(d.organisationId, d.personId, d.post), dated(d, d.on, position));
      return;
    }
    case 'PersonRegistered': {
      const d = development.data;
      history.person(d.personId).registration ??= { data: d, position };
      return;
    }
    case 'StatementMade': {
      const d = development.data;
      history.person(d.personId).statements.push(dated(d, d.on, position));
      return;
    }
    case 'GroupFormed': {
      const d = development.data;
      const group = history.group(d.groupId);
      if (group.formation) return;
      group.formation = dated(d, d.formedOn, position);
      if (d.parentGroupId !== undefined) history.workingGroupsOf.add(d.parentGroupId, d.groupId);
      return;
    }
    case 'GroupDissolved': {
      const d = development.data;
      history.group(d.groupId).dissolutions.push(dated(d, d.on, position));
      return;
    }
    case 'MemberJoined': {
      const d = development.data;
      addStart(history.membership(d.groupId, d.organisationId), dated(d, d.on, position));
      return;
    }
    case 'MemberLeft': {
      const d = development.data;
      addEnd(history.membership(d.groupId, d.organisationId), dated(d, d.on, position));
      return;
    }
    case 'ChairNamed': {
      const d = development.data;
      addStart(history.chair(d.target, d.personId), dated(d, d.from, position));
      return;
    }
    case 'ChairEnded': {
      const d = development.data;
      addEnd(history.chair(d.target, d.personId), dated(d, d.on, position));
      return;
    }
    case 'MeetingHeld': {
      const d = development.data;
      const meeting = history.meeting(d.meetingId);
      if (meeting.held) return;
      meeting.held = dated(d, d.on, position);
      if (d.groupId !== undefined) history.meetingsOfGroup.add(d.groupId, d.meetingId);
      return;
    }
    case 'AgreementSigned': {
      const d = development.data;
      const agreement = history.agreement(d.agreementId);
      if (agreement.signing) return;
      agreement.signing = { ...dated(d, d.signedOn, position), validFrom: optionalDate(d.validFrom), validUntil: optionalDate(d.validUntil) };
      for (const party of d.parties) history.agreementsOfParty.add(party, d.agreementId);
      if (d.supersedes !== undefined) history.successorsOf.add(d.supersedes, d.agreementId);
      return;
    }
    case 'AgreementEnded': {
      const d = development.data;
      history.agreement(d.agreementId).endings.push(dated(d, d.on, position));
      return;
    }
    default: {
      // A type added to the catalogue without a rule here fails the build, not silently.
      const unknownType: never = development;
      throw new Error(`no entity-state rule for ${(unknownType as { type: string }).type}`);
    }
  }
}
