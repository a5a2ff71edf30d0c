import { parseDevelopment, type DevelopmentOf, type DevelopmentType } from '../../events/catalogue.js';
import type { ChairTarget } from '../../events/catalogue/group-events.js';

/**
 * Builders of valid developments for specifications. Each goes through the catalogue's
 * parser so that a specification can only state developments the API would accept.
 */
function development<T extends DevelopmentType>(type: T, fields: Record<string, unknown>): DevelopmentOf<T> {
  const parsed = parseDevelopment({ type, ...withoutUndefined(fields) });
  if (!parsed.ok) throw new Error(`invalid ${type} in a specification: ${JSON.stringify(parsed.issues)}`);
  return parsed.value as DevelopmentOf<T>;
}

function withoutUndefined(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

type Extra = Record<string, unknown>;

export const organisationRegistered = (organisationId: string, extra: Extra = {}) =>
  development('OrganisationRegistered', { organisationId, name: `Organisation ${organisationId}`, ...extra });
export const organisationRenamed = (organisationId: string, name: string, on: string) =>
  development('OrganisationRenamed', { organisationId, name, on });
export const postHolderAppointed = (organisationId: string, personId: string, post: string, from: string) =>
  development('PostHolderAppointed', { organisationId, personId, post, from });
export const postHolderLeft = (organisationId: string, personId: string, post: string, on: string) =>
  development('PostHolderLeft', { organisationId, personId, post, on });

export const personRegistered = (personId: string) => development('PersonRegistered', { personId, name: `Person ${personId}` });
export const statementMade = (statementId: string, personId: string, on: string, extra: Extra = {}) =>
  development('StatementMade', { statementId, personId, on, quote: 'We will work together.', ...extra });

export const groupFormed = (groupId: string, formedOn: string, extra: Extra = {}) =>
  development('GroupFormed', { groupId, name: `Group ${groupId}`, kind: 'interagency-group', formedOn, ...extra });
export const memberJoined = (groupId: string, organisationId: string, on: string) =>
  development('MemberJoined', { groupId, organisationId, on });
export const memberLeft = (groupId: string, organisationId: string, on: string) =>
  development('MemberLeft', { groupId, organisationId, on });
export const groupDissolved = (groupId: string, on: string) => development('GroupDissolved', { groupId, on });

export const group = (id: string): ChairTarget => ({ kind: 'group', id });
export const meeting = (id: string): ChairTarget => ({ kind: 'meeting', id });
export const chairNamed = (target: ChairTarget, personId: string, from: string, extra: Extra = {}) =>
  development('ChairNamed', { target, personId, role: 'chair', from, ...extra });
export const chairEnded = (target: ChairTarget, personId: string, on: string) => development('ChairEnded', { target, personId, on });

export const meetingHeld = (meetingId: string, on: string, extra: Extra = {}) =>
  development('MeetingHeld', { meetingId, title: `Meeting ${meetingId}`, kind: 'meeting', on, ...extra });

export const agreementSigned = (agreementId: string, parties: string[], signedOn: string, extra: Extra = {}) =>
  development('AgreementSigned', { agreementId, title: `Agreement ${agreementId}`, parties, signedOn, ...extra });
export const agreementEnded = (agreementId: string, on: string) => development('AgreementEnded', { agreementId, on });

export const developmentCorrected = (entity: string, correctsEventId: string, changes: Record<string, unknown>, reason = 'a better source') =>
  development('DevelopmentCorrected', { entity, correctsEventId, changes, reason });
export const developmentRetracted = (entity: string, retractsEventId: string, reason = 'recorded in error') =>
  development('DevelopmentRetracted', { entity, retractsEventId, reason });
