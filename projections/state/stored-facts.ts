import { NO_END_DAY } from './certainty.js';
import { itemAt, sizeOf, withItem, type TightList } from './tight-list.js';
import { compareRanges } from './valid-dates.js';
import { NO_DAY } from './version.js';
import type { VersionRow, VersionTable } from './version-table.js';

/*
 * The stored side of facts over valid time: the entity history files versions as rows of
 * the amendments' table (see VersionTable), and keeps beside them what lets a question
 * pass over them unread (a holder's version summary, a tenure's reach). Questions read
 * them as versions through history-at.ts; certainty.ts holds the rules they are judged by.
 */

/**
 * What a holder of versioned facts keeps about them (derived from the facts, so left out
 * of the read-model digest): the latest `since` among them (-1 before any), and how many
 * a later version replaced. With these a view need not visit each fact to know the holder
 * is whole as known at a position (see wholeAt): at a million events each visit is a
 * cache miss.
 */
export interface VersionSummary {
  latestSince: number;
  replacedFacts: number;
}

/** The start and end versions of one relation between the same parties (e.g. a post), as rows. */
export interface StoredTenure extends VersionSummary {
  /** Stored tightly (see TightList): most tenures have one start and at most one end. */
  readonly starts: TightList<VersionRow>;
  readonly ends: TightList<VersionRow>;
  /** The days any of its episodes can hold on, [reachLo, reachHi) (see setReach). */
  reachLo: number;
  reachHi: number;
}

/** Two versions in valid-time order: by date, then by their development's log position (so answers stay deterministic). */
export function compareRows(versions: VersionTable, a: VersionRow, b: VersionRow): number {
  return compareRanges(versions.date(a)!, versions.date(b)!) || versions.seq(a) - versions.seq(b);
}

export function addStart(versions: VersionTable, tenure: StoredTenure, row: VersionRow): void {
  (tenure as { starts: TightList<VersionRow> }).starts = withItem(tenure.starts, row);
  setReach(versions, tenure);
  factAdded(tenure, versions.since(row));
}

export function addEnd(versions: VersionTable, tenure: StoredTenure, row: VersionRow): void {
  (tenure as { ends: TightList<VersionRow> }).ends = withItem(tenure.ends, row);
  setReach(versions, tenure);
  factAdded(tenure, versions.since(row));
}

/**
 * Sets the days on which any episode of the tenure can hold: from its earliest start's
 * first possible day, until its end's last possible day when it has one start and one end
 * (paired as pairEpisodes pairs them), else without end. A group's view asks every
 * membership of the group (some 180 at 1M, about half holding nothing on the asked day):
 * with the reach on the tenure itself it passes over those without reading their
 * versions. Small integers, so V8 keeps them in the tenure unboxed.
 */
function setReach(versions: VersionTable, tenure: StoredTenure): void {
  let lo = NO_END_DAY;
  for (let i = 0; i < sizeOf(tenure.starts); i++) lo = Math.min(lo, Math.max(versions.date(itemAt(tenure.starts, i)!)!.lo, NO_DAY));
  let hi = NO_END_DAY;
  if (sizeOf(tenure.starts) === 1 && sizeOf(tenure.ends) === 1) {
    const start = versions.date(itemAt(tenure.starts, 0)!)!;
    const end = versions.date(itemAt(tenure.ends, 0)!)!;
    if (!(end.hi < start.lo)) hi = Math.min(end.hi, NO_END_DAY);
  }
  tenure.reachLo = lo;
  tenure.reachHi = hi;
}

/** A version known from `since` was added to the holder (a tenure, an organisation's renames). */
export function factAdded(holder: VersionSummary, since: number): void {
  if (since > holder.latestSince) holder.latestSince = since;
}

/** One of the holder's facts was replaced by a later version (its `until` was set). */
export function factReplaced(holder: VersionSummary): void {
  holder.replacedFacts += 1;
}

/** Whether every fact of a stored holder is known at `position` (undefined: the head), without visiting them. */
export function wholeAt(holder: VersionSummary, position: number | undefined): boolean {
  return holder.replacedFacts === 0 && (position === undefined || holder.latestSince <= position);
}
