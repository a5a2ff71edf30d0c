import { parseData, type Development, type DevelopmentType } from '../../events/catalogue.js';
import type { DevelopmentCorrected, DevelopmentRetracted } from '../../events/catalogue/correction-events.js';
import { entityKey, type EntityRef } from '../../events/identifiers.js';
import { pointerOf } from '../../events/validation.js';
import { DomainError } from './domain-error.js';

/**
 * Corrections and retractions as the deciders see them. A stream's *effective*
 * developments are its developments with every live correction merged in and every
 * retracted one left out; deciders fold and check those, so a correction is held to the
 * same rules as a new development.
 */

export type Amendment = Extract<Development, { type: 'DevelopmentCorrected' | 'DevelopmentRetracted' }>;

export function isAmendment(development: Development): development is Amendment {
  return development.type === 'DevelopmentCorrected' || development.type === 'DevelopmentRetracted';
}

/**
 * Fields that say *what* a development is about rather than what happened: the entity
 * ids (and a chair's target, a post's title, a statement's id). Changing one would move
 * the fact to another entity or relation, so it is retracted and recorded anew instead.
 */
export const IDENTITY_FIELDS: Record<Exclude<DevelopmentType, Amendment['type']>, readonly string[]> = {
  OrganisationRegistered: ['organisationId'],
  OrganisationRenamed: ['organisationId'],
  PostHolderAppointed: ['organisationId', 'personId', 'post'],
  PostHolderLeft: ['organisationId', 'personId', 'post'],
  PersonRegistered: ['personId'],
  StatementMade: ['personId', 'statementId'],
  GroupFormed: ['groupId'],
  MemberJoined: ['groupId', 'organisationId'],
  MemberLeft: ['groupId', 'organisationId'],
  GroupDissolved: ['groupId'],
  ChairNamed: ['target', 'personId'],
  ChairEnded: ['target', 'personId'],
  MeetingHeld: ['meetingId'],
  AgreementSigned: ['agreementId'],
  AgreementEnded: ['agreementId'],
};

/** An event of a stream in log order, as the recording layer holds it. */
export interface StreamEvent {
  readonly eventId: string;
  readonly development: Development;
}

/** One development of a stream with every live correction applied. */
export interface EffectiveDevelopment {
  readonly eventId: string;
  /** Index in the stream's events, so callers can tell what came before a change. */
  readonly index: number;
  readonly development: Development;
}

/**
 * Merges changes into a development's data: a `null` value removes an optional field.
 * The result is not validated here (see `correctedDevelopment`).
 */
export function mergeChanges(data: object, changes: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...(data as Record<string, unknown>) };
  for (const [field, value] of Object.entries(changes)) {
    if (value === null) delete merged[field];
    else merged[field] = value;
  }
  return merged;
}

interface AmendmentLedger {
  /** Developments (not amendments) by event id, with their place in the stream. */
  readonly originals: Map<string, { development: Exclude<Development, Amendment>; index: number }>;
  /** Correction event id → the original development it amends. */
  readonly rootOf: Map<string, string>;
  /** Live corrections per original, in log order. */
  readonly corrections: Map<string, { eventId: string; changes: Record<string, unknown> }[]>;
  /** Retracted event ids (developments or corrections). */
  readonly retracted: Set<string>;
  readonly kinds: Map<string, Development['type']>;
}

function ledgerOf(events: readonly StreamEvent[]): AmendmentLedger {
  const ledger: AmendmentLedger = { originals: new Map(), rootOf: new Map(), corrections: new Map(), retracted: new Set(), kinds: new Map() };
  events.forEach(({ eventId, development }, index) => {
    ledger.kinds.set(eventId, development.type);
    if (development.type === 'DevelopmentCorrected') {
      const root = ledger.rootOf.get(development.data.correctsEventId) ?? development.data.correctsEventId;
      ledger.rootOf.set(eventId, root);
      const list = ledger.corrections.get(root) ?? [];
      list.push({ eventId, changes: development.data.changes });
      ledger.corrections.set(root, list);
    } else if (development.type === 'DevelopmentRetracted') {
      ledger.retracted.add(development.data.retractsEventId);
    } else {
      ledger.originals.set(eventId, { development, index });
    }
  });
  return ledger;
}

function effectiveOf(ledger: AmendmentLedger, eventId: string, original: Exclude<Development, Amendment>): Development {
  const live = (ledger.corrections.get(eventId) ?? []).filter((c) => !ledger.retracted.has(c.eventId));
  if (live.length === 0) return original;
  const merged = live.reduce<Record<string, unknown>>((data, c) => mergeChanges(data, c.changes), { ...original.data });
  const parsed = parseData(original.type, merged);
  // Every correction was validated against the merged data when it was decided.
  return parsed.ok ? parsed.value : original;
}

/** The stream's developments as they now stand: corrected, retracted ones left out, in log order. */
export function effectiveDevelopments(events: readonly StreamEvent[]): EffectiveDevelopment[] {
  const ledger = ledgerOf(events);
  const result: EffectiveDevelopment[] = [];
  for (const [eventId, { development, index }] of ledger.originals) {
    if (ledger.retracted.has(eventId)) continue;
    result.push({ eventId, index, development: effectiveOf(ledger, eventId, development) });
  }
  return result;
}

function amendmentError(code: string, message: string, pointer: string, context: Record<string, unknown>): DomainError {
  return new DomainError(code, message, pointer, context);
}

/** What an amendment does to its stream, once its target and changes are checked. */
export interface AmendmentPlan {
  /** The original development the amendment concerns. */
  readonly rootEventId: string;
  readonly root: Exclude<Development, Amendment>;
  /** The stream's effective developments with the amendment applied. */
  readonly after: readonly EffectiveDevelopment[];
  /** Index (in the stream's events) of the first development whose check may change. */
  readonly firstAffected: number;
}

/**
 * Checks an amendment's target and, for a correction, its changes; answers the stream
 * as it would stand (to be re-decided by the caller) or the broken rule.
 */
export function planAmendment(amendment: Amendment, events: readonly StreamEvent[], stream: EntityRef): AmendmentPlan | DomainError {
  const ledger = ledgerOf(events);
  const targetId = amendment.type === 'DevelopmentCorrected' ? amendment.data.correctsEventId : amendment.data.retractsEventId;
  const targetPointer = amendment.type === 'DevelopmentCorrected' ? '/correctsEventId' : '/retractsEventId';
  const context = { eventId: targetId, entity: entityKey(stream) };
  const kind = ledger.kinds.get(targetId);
  if (kind === undefined) {
    return amendmentError('unknown-event', `no event ${targetId} in the stream of ${entityKey(stream)}`, targetPointer, context);
  }
  if (kind === 'DevelopmentRetracted') {
    return amendmentError('not-amendable', 'a retraction cannot be corrected or retracted; record the development anew', targetPointer, context);
  }
  const rootEventId = ledger.rootOf.get(targetId) ?? targetId;
  if (ledger.retracted.has(targetId) || ledger.retracted.has(rootEventId)) {
    return amendmentError('already-retracted', `event ${targetId} is retracted; nothing of it is left to amend`, targetPointer, context);
  }
  const { development: root, index } = ledger.originals.get(rootEventId)!;
  const amendedEvents = [...events, { eventId: '(amendment)', development: amendment }];
  if (amendment.type === 'DevelopmentCorrected') {
    const error = checkChanges(root, amendment.data, ledger, rootEventId);
    if (error) return error;
  }
  return { rootEventId, root, after: effectiveDevelopments(amendedEvents), firstAffected: index };
}

function checkChanges(root: Exclude<Development, Amendment>, correction: DevelopmentCorrected, ledger: AmendmentLedger, rootEventId: string): DomainError | undefined {
  const identity = IDENTITY_FIELDS[root.type];
  for (const field of Object.keys(correction.changes)) {
    const pointer = pointerOf(['changes', field]);
    if (field === 'type') return amendmentError('not-correctable', 'the type of a development cannot be corrected; retract it and record the right one', pointer, { field });
    if (identity.includes(field)) {
      return amendmentError('identity-field', `${field} says which entity ${root.type} is about and cannot be corrected; retract the development and record it anew`, pointer, { field, type: root.type });
    }
  }
  const current = effectiveOf(ledger, rootEventId, root);
  const parsed = parseData(root.type, mergeChanges(current.data, correction.changes), ['changes']);
  if (!parsed.ok) {
    const issue = parsed.issues[0]!;
    return amendmentError('invalid-correction', `the corrected ${root.type} is not valid: ${issue.message}`, issue.pointer, { type: root.type, issues: parsed.issues });
  }
  return undefined;
}

export type { DevelopmentCorrected, DevelopmentRetracted };
