import { z } from 'zod';

/**
 * Valid-time dates. A date names a closed range of whole UTC days; days are counted
 * as integers since 1970-01-01 so that every comparison in deciders and read models is
 * a plain number comparison. An open start (`../B`) has `lo = -Infinity`.
 *
 * Syntax (EDTF level 0 plus the level-1 open start):
 *   YYYY-MM-DD | YYYY-MM | YYYY | A/B (A, B any of those) | ../B
 */
export type DatePrecision = 'day' | 'month' | 'year' | 'interval' | 'open-start';

export interface DateRange {
  /** The text as written, e.g. `2008` or `../2023-12-07`. */
  readonly text: string;
  /** First day of the range (days since epoch), `-Infinity` for an open start. */
  readonly lo: number;
  /** Last day of the range (days since epoch), inclusive. */
  readonly hi: number;
  readonly precision: DatePrecision;
}

const MS_PER_DAY = 86_400_000;
const SINGLE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

export class InvalidDateError extends Error {
  readonly code = 'invalid-date';
  constructor(readonly text: string, reason: string) {
    super(`"${text}" is not a valid date: ${reason}`);
  }
}

export function dayFromParts(year: number, month: number, day: number): number {
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 onto 1900-1999.
  const t = new Date(0);
  t.setUTCFullYear(year, month - 1, day);
  return Math.floor(t.getTime() / MS_PER_DAY);
}

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

/** isoDay computes the years 0000-10000 (the syntax's, plus the day after 9999-12-31); the Date object any other. */
const FIRST_FAST_DAY = -719_528; // 0000-01-01
const LAST_FAST_DAY = 2_933_262; // 10000-12-31
const TWO_DIGITS = Array.from({ length: 32 }, (_, n) => String(n).padStart(2, '0'));

/** ISO `YYYY-MM-DD` of a day number. */
export function isoDay(day: number): string {
  if (!Number.isFinite(day)) return '..';
  if (day < FIRST_FAST_DAY || day > LAST_FAST_DAY || !Number.isInteger(day)) return isoDayByDate(day);
  // Days to civil date in integer arithmetic (H. Hinnant, "chrono-compatible low-level date
  // algorithms"), with eras of 400 years from 0000-03-01. Every answer serialises a
  // page of dates, and a Date object plus three padStart calls per day showed in the
  // profile of GET /timeline.
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const date = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${year >= 1000 ? year : String(year).padStart(4, '0')}-${TWO_DIGITS[month]}-${TWO_DIGITS[date]}`;
}

/** Any other day, as the Date object writes it (kept exactly, for days no date text can name). */
function isoDayByDate(day: number): string {
  const d = new Date(day * MS_PER_DAY);
  const y = d.getUTCFullYear();
  return `${String(y).padStart(4, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
}

/** Today as a day number (UTC). */
export function today(now: Date = new Date()): number {
  return Math.floor(now.getTime() / MS_PER_DAY);
}

function parseSingle(text: string, whole: string): { lo: number; hi: number; precision: 'day' | 'month' | 'year' } {
  const m = SINGLE.exec(text);
  if (!m) throw new InvalidDateError(whole, 'expected YYYY, YYYY-MM, YYYY-MM-DD, A/B or ../B');
  const year = Number(m[1]);
  if (year < 1) throw new InvalidDateError(whole, 'year must be 0001 or later');
  if (m[2] === undefined) {
    return { lo: dayFromParts(year, 1, 1), hi: dayFromParts(year, 12, 31), precision: 'year' };
  }
  const month = Number(m[2]);
  if (month < 1 || month > 12) throw new InvalidDateError(whole, `month ${m[2]} does not exist`);
  if (m[3] === undefined) {
    return { lo: dayFromParts(year, month, 1), hi: dayFromParts(year, month, daysInMonth(year, month)), precision: 'month' };
  }
  const day = Number(m[3]);
  if (day < 1 || day > daysInMonth(year, month)) throw new InvalidDateError(whole, `${m[1]}-${m[2]} has no day ${m[3]}`);
  const n = dayFromParts(year, month, day);
  return { lo: n, hi: n, precision: 'day' };
}

/** Parses a valid-time date; throws InvalidDateError with the reason. */
export function parseDate(text: string): DateRange {
  if (typeof text !== 'string' || text.length === 0) throw new InvalidDateError(String(text), 'empty');
  const slash = text.indexOf('/');
  if (slash < 0) {
    // Named, not spread: a spread adds the fields one by one, past the literal's own room.
    const { lo, hi, precision } = parseSingle(text, text);
    return { text, lo, hi, precision };
  }
  const [a, b, ...rest] = text.split('/');
  if (rest.length > 0 || a === undefined || b === undefined) throw new InvalidDateError(text, 'an interval has exactly one "/"');
  if (b === '..') throw new InvalidDateError(text, 'an open end ("A/..") is not supported; give the last day known');
  const end = parseSingle(b, text);
  if (a === '..') return { text, lo: Number.NEGATIVE_INFINITY, hi: end.hi, precision: 'open-start' };
  const start = parseSingle(a, text);
  if (start.lo > end.hi) throw new InvalidDateError(text, 'the interval ends before it starts');
  return { text, lo: start.lo, hi: end.hi, precision: 'interval' };
}

/**
 * parseDate, remembered: the deciders parse the dates of every development they decide
 * and of the state they check it against, the same few thousand texts over and over (an
 * import of 300,000 developments allocated 100 MB in parseDate, 2026-12-02), and every
 * event read back validates its dates (validDate). The ranges are read-only, so one
 * object serves every caller. Bounded, so odd inputs cannot grow it: past MEMO_LIMIT
 * texts it starts afresh. Invalid texts are not kept.
 */
export function parseDateMemo(text: string): DateRange {
  let range = parsedDates.get(text);
  if (range === undefined) {
    range = parseDate(text);
    if (parsedDates.size >= MEMO_LIMIT) parsedDates.clear();
    parsedDates.set(text, range);
  }
  return range;
}

const MEMO_LIMIT = 100_000;
const parsedDates = new Map<string, DateRange>();

export function tryParseDate(text: string): DateRange | undefined {
  try {
    return parseDate(text);
  } catch {
    return undefined;
  }
}

/** A single calendar day range, e.g. for defaults such as "today". */
export function dayRange(day: number): DateRange {
  return { text: isoDay(day), lo: day, hi: day, precision: 'day' };
}

/** zod schema for a valid-time date field (kept as its text in events). */
export const validDate = z.string().superRefine((value, ctx) => {
  // Every event read back is validated, and dates repeat (days, months, years of a few
  // decades): a text once parsed is remembered (parseDateMemo), and its range is at hand
  // for the deciders after.
  try {
    parseDateMemo(value);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: e instanceof Error ? e.message : 'invalid date' });
  }
});

/** A date's description for answers: its range and precision. */
export function describeDate(range: DateRange): { text: string; earliest: string | null; latest: string; precision: DatePrecision } {
  return {
    text: range.text,
    earliest: Number.isFinite(range.lo) ? isoDay(range.lo) : null,
    latest: isoDay(range.hi),
    precision: range.precision,
  };
}

// ---------------------------------------------------------------------------
// The two readings of a date.

/** "When something happened": it happened on one unknown day of the range. */
export type HappenedStatus = 'certain' | 'possible' | 'absent';

/** Has something that happened within `range` happened by day `d` (inclusive)? */
export function happenedBy(range: DateRange, d: number): HappenedStatus {
  if (d >= range.hi) return 'certain';
  if (d >= range.lo) return 'possible';
  return 'absent';
}

/**
 * A fact that starts with one event and may end with another (the end day itself is no
 * longer covered: intervals are half-open at their end events).
 */
export function holdsOn(start: DateRange, end: DateRange | undefined, d: number): HappenedStatus {
  const started = happenedBy(start, d);
  if (started === 'absent') return 'absent';
  const ended = end ? happenedBy(end, d) : 'absent';
  if (ended === 'certain') return 'absent';
  return started === 'certain' && ended === 'absent' ? 'certain' : 'possible';
}

/** Combines independent conditions: absent wins, then possible. */
export function bothHold(a: HappenedStatus, b: HappenedStatus): HappenedStatus {
  if (a === 'absent' || b === 'absent') return 'absent';
  return a === 'certain' && b === 'certain' ? 'certain' : 'possible';
}

/** Is `a` certainly before `b` (every day of a before every day of b)? */
export function certainlyBefore(a: DateRange, b: DateRange): boolean {
  return a.hi < b.lo;
}

/** Is `a` certainly on or after `b` (a's earliest day not before b's latest)? */
export function certainlyOnOrAfter(a: DateRange, b: DateRange): boolean {
  return a.lo >= b.hi;
}

// Granular reading, for validFrom / validUntil.
export function periodStartDay(range: DateRange): number {
  return range.lo;
}
export function periodEndDay(range: DateRange): number {
  return range.hi;
}
