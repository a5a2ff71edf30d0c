import { dayFromParts, isoDay, type DateRange } from '../../events/dates.js';
import { entryIntoForce, pastValidity } from './agreement-validity.js';
import type { Original } from './amendments.js';
import { relationKey, type AgreementRecord, type EntityHistory, type StoredChairTenure, type StoredMembershipTenure } from './entity-history.js';
import type { StoredTenure } from './stored-facts.js';
import type { VersionRow, VersionTable } from './version-table.js';
import { DateColumns, DatesKnownBlocks, SortedDates } from './date-columns.js';
import { mergeByKey, sequenceOf, type SortKey } from './timeline-sort-keys.js';
import { firstIndexWhere } from './sorted-arrays.js';
import { compareNumbers, compareText } from './ordering.js';

/**
 * The dates on which changes may fall, so that /changes can start at its window instead of
 * walking every fact. Each date names the source whose changes it can be (a group, a
 * membership, a chair, an agreement, an organisation's renames); the walk recomputes that
 * source's changes as known at the asked position, so this index only has to hold every
 * date a change could take, never to know which versions are current.
 */

/**
 * One source of changes: an entity by id, or a relation by its tenure (the history's own
 * object, so the index holds no key of its own for the many relations).
 */
export type ChangeSource =
  | { readonly kind: 'group' | 'agreement' | 'organisation'; readonly of: string }
  | { readonly kind: 'membership'; readonly of: StoredMembershipTenure }
  | { readonly kind: 'chair'; readonly of: StoredChairTenure };

export type ChangeSourceKind = ChangeSource['kind'];

/** A date a change can take; `position` is that of the version noted (its `since`), not of the development. */
export type ChangeDate = SortKey & ChangeSource;

/** The source's key in the history's maps. */
export function sourceKey(source: ChangeSource): string {
  switch (source.kind) {
    case 'membership':
      return relationKey(source.of.groupId, source.of.organisationId);
    case 'chair':
      return relationKey(source.of.target.kind, source.of.target.id, source.of.personId);
    default:
      return source.of;
  }
}

/**
 * Answers order dates by their ISO texts; from year 10000 (only the day after a validUntil
 * in 9999) the text no longer sorts with the number, so those dates are compared as text.
 */
const FIRST_FIVE_DIGIT_DAY = dayFromParts(10000, 1, 1);

const earliestText = (lo: number) => (Number.isFinite(lo) ? isoDay(lo) : '');

/** The order of dates in answers: by earliest day, then latest, as their texts sort. */
export function compareChangeDates(a: { lo: number; hi: number }, b: { lo: number; hi: number }): number {
  if (a.hi < FIRST_FIVE_DIGIT_DAY && b.hi < FIRST_FIVE_DIGIT_DAY) return compareNumbers(a.lo, b.lo) || compareNumbers(a.hi, b.hi);
  return compareText(earliestText(a.lo), earliestText(b.lo)) || compareText(isoDay(a.hi), isoDay(b.hi));
}

const KINDS: readonly ChangeSourceKind[] = ['group', 'agreement', 'organisation', 'membership', 'chair'];

/** Every noted date, as columns shared by the width classes (see DateColumns). */
type ChangeDateColumns = DateColumns<ChangeSourceKind, ChangeSource['of']>;

/** The date numbered `date` as the object walks hand out (made when walked, not kept). */
function changeDateOf(columns: ChangeDateColumns, date: number): ChangeDate {
  const position = columns.positionOf(date);
  return { lo: columns.loOf(date), hi: columns.hiOf(date), position, seq: sequenceOf(position), kind: columns.kindOf(date), of: columns.ofOf(date) } as ChangeDate;
}

/**
 * Dates of one class of widths, sorted by earliest day. A date overlaps a window starting
 * after `from` only if it ends after `from`, so it starts after `from - widest`: the walk
 * enters there by binary search, and keeping narrow and wide dates apart keeps the few
 * wide ones from pulling every window's start back by years. Open starts ("../B") sort by
 * their end, and the rare dates past year 9999 are read whole.
 */
export class DateClass {
  readonly entries: SortedDates<ChangeSourceKind, ChangeSource['of']>;
  widest = 0;
  /** Where the dates known at an earlier position are, in each run (a date's `position` is its version's). */
  private readonly baseKnown: DatesKnownBlocks<ChangeSourceKind, ChangeSource['of']>;
  private readonly recentKnown: DatesKnownBlocks<ChangeSourceKind, ChangeSource['of']>;

  constructor(
    private readonly shape: 'finite' | 'open' | 'past-9999',
    private readonly columns: ChangeDateColumns,
  ) {
    this.baseKnown = new DatesKnownBlocks(columns);
    this.recentKnown = new DatesKnownBlocks(columns);
    this.entries = new SortedDates(columns, { base: [this.baseKnown], recent: [this.recentKnown] });
  }

  within(from: number, to: number, after: { lo: number; hi: number } | undefined, knownAt: bigint | undefined): Generator<ChangeDate> {
    const { base, recent } = this.entries.runs();
    const walk = this.withinRun(base, this.baseKnown, from, to, after, knownAt);
    return recent.length === 0 ? walk : mergeByKey(walk, this.withinRun(recent, this.recentKnown, from, to, after, knownAt));
  }

  private *withinRun(sorted: readonly number[], known: DatesKnownBlocks<ChangeSourceKind, ChangeSource['of']>, from: number, to: number, after: { lo: number; hi: number } | undefined, knownAt: bigint | undefined): Generator<ChangeDate> {
    const { columns } = this;
    let i = 0;
    if (this.shape === 'open') {
      // An open start sorts before every other date.
      if (after !== undefined && after.lo !== Number.NEGATIVE_INFINITY) return;
      const least = Math.max(from + 1, after?.hi ?? Number.NEGATIVE_INFINITY);
      i = firstIndexWhere(sorted, (date) => columns.hiOf(date) >= least);
    } else if (this.shape === 'finite') {
      // After a date past 9999 (sorted as text among the 1000s), numbers cannot narrow the start.
      const afterLo = after !== undefined && after.hi < FIRST_FIVE_DIGIT_DAY ? after.lo : Number.NEGATIVE_INFINITY;
      const earliest = Math.max(from - this.widest + 1, afterLo);
      i = firstIndexWhere(sorted, (date) => columns.loOf(date) >= earliest);
    }
    for (; i < sorted.length; i++) {
      if (knownAt !== undefined) i = known.nextKnownBy(sorted, i, knownAt);
      const date = sorted[i];
      if (date === undefined) return;
      const lo = columns.loOf(date);
      const hi = columns.hiOf(date);
      if (this.shape === 'finite' && lo > to) return;
      if (hi <= from || lo > to) continue;
      if (after !== undefined && compareChangeDates({ lo, hi }, after) < 0) continue;
      yield changeDateOf(columns, date);
    }
  }
}

/** Width classes: exact days, months, years, a few years, wider; open starts; past year 9999. */
const WIDTHS = [0, 31, 366, 1500, Number.POSITIVE_INFINITY];

export class ChangeDates {
  private readonly columns: ChangeDateColumns = new DateColumns(KINDS);
  private readonly classes = [...WIDTHS.map(() => new DateClass('finite', this.columns)), new DateClass('open', this.columns), new DateClass('past-9999', this.columns)];
  /** Sorts what was noted so far: once caught up, so the first /changes request does not pay for the catch-up. */
  sortNoted(): void {
    for (const dates of this.classes) dates.entries.runs();
  }

  private add(date: DateRange, position: bigint, source: ChangeSource): void {
    const { lo, hi } = date;
    const width = hi - lo;
    const index = hi >= FIRST_FIVE_DIGIT_DAY ? WIDTHS.length + 1 : lo === Number.NEGATIVE_INFINITY ? WIDTHS.length : WIDTHS.findIndex((w) => width <= w);
    const dates = this.classes[index]!;
    dates.entries.add(this.columns.add(lo, hi, position, source.kind, source.of));
    if (Number.isFinite(width) && width > dates.widest) dates.widest = width;
  }

  /**
   * Notes the dates a fact just placed in `history` can give a change (every version,
   * current or not); a relation's fact names its tenure, which placing it created.
   * `tenure`: that tenure, when the caller has it at hand (else looked up again).
   */
  place(history: EntityHistory, development: Original, versions: VersionTable, row: VersionRow, tenure?: StoredTenure): void {
    // Keyed by the version's own position: a walk as known earlier skips the versions recorded after.
    const position = BigInt(versions.since(row));
    const date = versions.date(row)!;
    switch (development.type) {
      case 'GroupFormed':
      case 'GroupDissolved':
        return this.add(date, position, { kind: 'group', of: development.data.groupId });
      case 'MemberJoined':
      case 'MemberLeft': {
        const { groupId, organisationId } = development.data;
        return this.add(date, position, { kind: 'membership', of: (tenure as StoredMembershipTenure | undefined) ?? history.memberships.find(groupId, organisationId)! });
      }
      case 'ChairNamed':
      case 'ChairEnded': {
        const { target, personId } = development.data;
        // A meeting's chair changes no standing state (see chairChanges).
        if (target.kind !== 'group') return;
        return this.add(date, position, { kind: 'chair', of: (tenure as StoredChairTenure | undefined) ?? history.groupChairs.find(target.id, personId)! });
      }
      case 'AgreementEnded':
        return this.add(date, position, { kind: 'agreement', of: development.data.agreementId });
      case 'AgreementSigned': {
        const signing = versions.version(row) as NonNullable<AgreementRecord['signing']>;
        const start = entryIntoForce({ signing })!;
        const agreement = { kind: 'agreement', of: development.data.agreementId } as const;
        this.add(start, position, agreement);
        const past = pastValidity(signing);
        if (past) this.add(past, position, agreement);
        // Its entry into force ends the agreement it supersedes.
        if (development.data.supersedes !== undefined) this.add(start, position, { kind: 'agreement', of: development.data.supersedes });
        return;
      }
      case 'OrganisationRenamed':
        return this.add(date, position, { kind: 'organisation', of: development.data.organisationId });
      default:
        return;
    }
  }

  /**
   * Every noted date that may fall in (from, to], in the order of answers (see
   * compareChangeDates), from `after` on when given, leaving out versions recorded after
   * `knownAt`; a source appears once per fact noted on that date.
   */
  *within(from: number, to: number, after?: { lo: number; hi: number }, knownAt?: bigint): Generator<ChangeDate> {
    const walks = this.classes.map((c) => c.within(from, to, after, knownAt));
    const heads = walks.map((w) => w.next());
    for (;;) {
      let next = -1;
      for (let i = 0; i < heads.length; i++) {
        const head = heads[i]!;
        if (head.done) continue;
        if (next < 0 || compareChangeDates(head.value, (heads[next] as IteratorYieldResult<ChangeDate>).value) < 0) next = i;
      }
      if (next < 0) return;
      yield (heads[next] as IteratorYieldResult<ChangeDate>).value;
      heads[next] = walks[next]!.next();
    }
  }
}
