import type { Development } from '../../events/catalogue.js';
import type { AgreementSigned } from '../../events/catalogue/agreement-events.js';
import { parseDateMemo, periodEndDay, periodStartDay, type DateRange } from '../../events/dates.js';
import type { StreamDecider } from './decider.js';
import { checkDistinct } from './distinct-entries.js';
import { DomainError } from './domain-error.js';
import { checkLifespan, type Lifespan } from './lifespan.js';
import { notInStream, unknownEntity } from './registration.js';

export interface SignedAgreement {
  readonly agreementId: string;
  readonly title: string;
  readonly parties: readonly string[];
  readonly signedOn: DateRange;
  readonly validFrom?: DateRange;
  readonly validUntil?: DateRange;
  readonly supersedes?: string;
}

export interface AgreementState {
  readonly signed?: SignedAgreement;
  readonly endedOn?: DateRange;
}

/**
 * An agreement exists from its signing. Its end does not bound it: an ended agreement can
 * still be superseded by a later one.
 */
function lifespan(state: AgreementState): Lifespan {
  if (!state.signed) return {};
  return { begins: { on: state.signed.signedOn, code: 'before-signing', field: 'signedOn', phrase: 'was signed' } };
}

function evolve(state: AgreementState, development: Development): AgreementState {
  switch (development.type) {
    case 'AgreementSigned': {
      const { agreementId, title, parties, signedOn, validFrom, validUntil, supersedes } = development.data;
      const signed: SignedAgreement = {
        agreementId,
        title,
        parties,
        signedOn: parseDateMemo(signedOn),
        ...(validFrom !== undefined && { validFrom: parseDateMemo(validFrom) }),
        ...(validUntil !== undefined && { validUntil: parseDateMemo(validUntil) }),
        ...(supersedes !== undefined && { supersedes }),
      };
      return { ...state, signed };
    }
    case 'AgreementEnded':
      return { ...state, endedOn: parseDateMemo(development.data.on) };
    default:
      return state;
  }
}

function invalidPeriod(data: AgreementSigned, message: string, context: Record<string, string>): DomainError {
  return new DomainError('invalid-validity-period', message, '/validUntil', { agreementId: data.agreementId, ...context });
}

/**
 * validFrom and validUntil are read granularly (`2020` runs from its first day to its
 * last), so only a period that certainly ends before it starts is rejected. An agreement
 * may take effect before its signing (retroactively) but cannot lapse before it.
 */
function checkValidity(data: AgreementSigned): DomainError | undefined {
  if (data.validUntil === undefined) return undefined;
  const until = parseDateMemo(data.validUntil);
  if (data.validFrom !== undefined) {
    const from = parseDateMemo(data.validFrom);
    if (periodEndDay(until) < periodStartDay(from)) {
      return invalidPeriod(data, `validUntil ${until.text} is before validFrom ${from.text}`, { validFrom: from.text, validUntil: until.text });
    }
  }
  const signedOn = parseDateMemo(data.signedOn);
  if (periodEndDay(until) < signedOn.lo) {
    return invalidPeriod(data, `validUntil ${until.text} is before the signing (${signedOn.text})`, { signedOn: signedOn.text, validUntil: until.text });
  }
  return undefined;
}

function checkSigning(data: AgreementSigned): DomainError | undefined {
  const distinct = new Set(data.parties);
  if (distinct.size < 2) {
    return new DomainError('too-few-parties', `agreement ${data.agreementId} needs two or more distinct parties`, '/parties', {
      agreementId: data.agreementId,
      parties: data.parties,
    });
  }
  // Parties, signatories and the superseded agreement exist and existed then: checked
  // with the references (an agreement cannot supersede one signed after it).
  return (
    checkDistinct(data.parties, 'parties', 'duplicate-party') ??
    checkDistinct(data.signatories, 'signatories', 'duplicate-signatory') ??
    checkValidity(data)
  );
}

function checkEnd(on: DateRange, state: AgreementState, signed: SignedAgreement): DomainError | undefined {
  if (state.endedOn) {
    return new DomainError('already-ended', `agreement ${signed.agreementId} already ended on ${state.endedOn.text}`, '/on', {
      agreementId: signed.agreementId,
      endedOn: state.endedOn.text,
    });
  }
  return checkLifespan(lifespan(state), { category: 'agreement', id: signed.agreementId }, on, { pointer: '/on', what: 'AgreementEnded' });
}

function decide(development: Development, state: AgreementState): Development[] | DomainError {
  if (development.type === 'AgreementSigned') return checkSigning(development.data) ?? [development];
  const signed = state.signed;
  if (!signed) return unknownEntity(development);
  if (development.type !== 'AgreementEnded') return notInStream('agreement', development);
  return checkEnd(parseDateMemo(development.data.on), state, signed) ?? [development];
}

export const agreementDecider: StreamDecider<AgreementState> = {
  category: 'agreement',
  registeredBy: 'AgreementSigned',
  initialState: {},
  evolve,
  exists: (state) => state.signed !== undefined,
  lifespan,
  decide,
};
