import type { DateRange } from '../../events/dates.js';
import { DomainError } from './domain-error.js';
import { describeIntervals, heldThroughout, readEnd, restatedBy, type Tenure } from './intervals.js';

/**
 * The rules shared by memberships, posts and chairs: a tenure cannot start while it
 * certainly holds, nor end where it certainly does not. Each kind of tenure brings its
 * own codes and words.
 */
export interface TenureTerms {
  /** Code for a start inside a running tenure, e.g. `already-member`. */
  readonly alreadyCode: string;
  /** Code for an end outside any tenure, e.g. `not-a-member`. */
  readonly notHeldCode: string;
  /** Who holds it, e.g. `organisation unesco`. */
  readonly holder: string;
  /** What they hold, e.g. `a member of group iag-tvet`. */
  readonly role: string;
}

export interface TenureFields {
  /** Pointer to the holder field (e.g. `/organisationId`), blamed when there is no tenure at all. */
  readonly holder: string;
  /** Pointer to the date field, blamed when the date puts the development outside the tenure. */
  readonly date: string;
  /** Facts that identify the tenure, for the error context. */
  readonly context: Record<string, unknown>;
}

/**
 * Rejects a start inside a tenure that certainly runs on its date, or that repeats a
 * recorded start. Ends are half-open, so a start on the day of an earlier end is accepted.
 */
export function checkTenureStart(tenure: Tenure<unknown>, on: DateRange, terms: TenureTerms, fields: TenureFields): DomainError | undefined {
  const running = heldThroughout(tenure, on) ?? restatedBy(tenure, on);
  if (!running) return undefined;
  const until = running.until ? ` until ${running.until.text}` : '';
  return new DomainError(
    terms.alreadyCode,
    `${terms.holder} is already ${terms.role} on ${on.text} (since ${running.from.text}${until})`,
    fields.date,
    { ...fields.context, date: on.text, periods: describeIntervals(tenure) },
  );
}

export function checkTenureEnd(tenure: Tenure<unknown>, on: DateRange, terms: TenureTerms, fields: TenureFields): DomainError | undefined {
  const reading = readEnd(tenure, on);
  const context = { ...fields.context, date: on.text, periods: describeIntervals(tenure) };
  switch (reading.kind) {
    case 'closes':
      return undefined;
    case 'never-held':
      return new DomainError(terms.notHeldCode, `${terms.holder} has never been ${terms.role}`, fields.holder, context);
    case 'before-start':
      return new DomainError(
        'end-before-start',
        `${terms.holder} became ${terms.role} on ${reading.interval.from.text}, certainly after ${on.text}`,
        fields.date,
        context,
      );
    case 'not-held':
      return new DomainError(terms.notHeldCode, `${terms.holder} is not ${terms.role} on ${on.text}`, fields.date, context);
  }
}
