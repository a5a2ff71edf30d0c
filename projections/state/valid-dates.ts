import { parseDate, type DateRange } from '../../events/dates.js';
import { compareNumbers } from './ordering.js';

/** Valid dates as the read models use them: parsed once, compared, and read granularly. */

const parsedDates = new Map<string, DateRange>();

/**
 * parseDate, memoized: a log repeats the same few thousand date texts ("2009", …) and
 * parsing shows up in catch-up profiles. Bounded by the distinct texts in the log.
 */
export function parseDateOnce(text: string): DateRange {
  let range = parsedDates.get(text);
  if (range === undefined) parsedDates.set(text, (range = parseDate(text)));
  return range;
}

/** A start that has always happened: for facts whose beginning is unconstrained. */
export const SINCE_ALWAYS: DateRange = { text: '..', lo: Number.NEGATIVE_INFINITY, hi: Number.NEGATIVE_INFINITY, precision: 'open-start' };

export function compareRanges(a: DateRange, b: DateRange): number {
  return compareNumbers(a.lo, b.lo) || compareNumbers(a.hi, b.hi);
}

/** A single day known exactly (granular dates such as validFrom's first day). */
export function exactDay(day: number, text: string): DateRange {
  return { text, lo: day, hi: day, precision: 'day' };
}

/** The first day after a period: an end on that day makes the period's last day inclusive. */
export function dayAfter(period: DateRange): DateRange {
  return exactDay(period.hi + 1, period.text);
}
