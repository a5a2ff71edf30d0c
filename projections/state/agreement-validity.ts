import type { DateRange, HappenedStatus } from '../../events/dates.js';
import { holdsUntilAny } from './certainty.js';
import { successorsOf } from './lookups.js';
import { dayAfter, exactDay, parseDateOnce } from './valid-dates.js';
import type { AgreementRecord, HistoryReader } from './entity-history.js';

/**
 * When an agreement is in force.
 *
 * - It enters into force on validFrom's first day (a period is read granularly: "2024"
 *   means from 2024-01-01, known exactly) or, without validFrom, on its signing, whose
 *   day may be uncertain (signedOn is read as "happened on one day of the range").
 * - It stays in force through validUntil's last day, inclusive.
 * - An AgreementEnded ends it on its day (half-open: not in force on the end day).
 * - A superseded agreement leaves force the day its successor enters into force.
 *
 * Each end is independent; the earliest that has (certainly or possibly) happened wins.
 */

export function entryIntoForce(record: Pick<AgreementRecord, 'signing'>): DateRange | undefined {
  const signing = record.signing;
  if (!signing) return undefined;
  const validFrom = signing.data.validFrom;
  if (validFrom === undefined) return signing.date;
  const from = parseDateOnce(validFrom);
  return exactDay(from.lo, from.text);
}

/** The first day an agreement is no longer in force by its own terms (the day after validUntil), if it gives one. */
export function pastValidity(signing: NonNullable<AgreementRecord['signing']>): DateRange | undefined {
  const { validUntil } = signing.data;
  return validUntil === undefined ? undefined : dayAfter(parseDateOnce(validUntil));
}

/** The ends an agreement's own terms and its successors give it (its endings are read in place, see holdsUntilAny). */
function endsOf(history: HistoryReader, record: AgreementRecord): DateRange[] {
  const ends: DateRange[] = [];
  const past = record.signing && pastValidity(record.signing);
  if (past) ends.push(past);
  for (const successor of successorsOf(history, record.id)) {
    const successorStart = entryIntoForce(successor);
    if (successorStart) ends.push(successorStart);
  }
  return ends;
}

/** `record`: the agreement as the caller read it (an organisation's view reads a few dozen). */
export function inForceOn(history: HistoryReader, record: AgreementRecord, day: number): HappenedStatus {
  const start = entryIntoForce(record);
  if (!start) return 'absent';
  return holdsUntilAny(start, endsOf(history, record), day, record.endings);
}
