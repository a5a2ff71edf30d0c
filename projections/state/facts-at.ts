import type { ChairEnded, ChairNamed, MemberJoined, MemberLeft } from '../../events/catalogue/group-events.js';
import type { PostHolderAppointed, PostHolderLeft } from '../../events/catalogue/organisation-events.js';
import type { DatedFact, Episode, Tenure, Versioned } from './certainty.js';
import type { ChairTenure, MembershipTenure, PostTenure, Recorded, StoredChairTenure, StoredMembershipTenure, StoredPostTenure } from './entity-records.js';
import { wholeAt, type StoredTenure } from './stored-facts.js';
import { itemsOf, type TightList } from './tight-list.js';
import type { VersionRow, VersionTable } from './version-table.js';

/*
 * Stored facts (rows of the amendments' version table) as a question at one log position
 * reads them: the versions known then, as objects made for the question (see
 * VersionTable.fact), and tenures whose versions are made only when a view reads them.
 */

const NONE: readonly never[] = Object.freeze([]);

/** The row of the first registration known at `position` (a registering event recorded twice keeps the first). */
export function firstKnownRow(versions: VersionTable, rows: TightList<VersionRow>, position: number | undefined): VersionRow | undefined {
  if (!Array.isArray(rows)) return versions.knownAt(rows as VersionRow, position) ? (rows as VersionRow) : undefined;
  let first: VersionRow | undefined;
  for (const row of rows as readonly VersionRow[]) if (versions.knownAt(row, position) && (first === undefined || versions.seq(row) < versions.seq(first))) first = row;
  return first;
}

/** The first registration known at `position`, as a fact. */
export function firstKnown<F extends Recorded<unknown>>(versions: VersionTable, rows: TightList<VersionRow>, position: number | undefined): F | undefined {
  const row = firstKnownRow(versions, rows, position);
  return row === undefined ? undefined : (versions.fact(row) as unknown as F);
}

/** The versions of `rows` known at `position`, in the rows' order. */
export function known<F extends Versioned>(versions: VersionTable, rows: TightList<VersionRow>, position: number | undefined): readonly F[] {
  if (!Array.isArray(rows)) return versions.knownAt(rows as VersionRow, position) ? [versions.fact(rows as VersionRow) as unknown as F] : NONE;
  const all = rows as readonly VersionRow[];
  if (all.length === 0) return NONE;
  const facts: F[] = [];
  for (const row of all) if (versions.knownAt(row, position)) facts.push(versions.fact(row) as unknown as F);
  return facts;
}

/** As `known`, but tightly (see TightList): a tenure's single start or end as the fact itself, without an array. */
function knownTightly<F extends Versioned>(versions: VersionTable, rows: TightList<VersionRow>, position: number | undefined): TightList<F> {
  if (Array.isArray(rows)) return known(versions, rows, position);
  return versions.knownAt(rows as VersionRow, position) ? (versions.fact(rows as VersionRow) as unknown as F) : NONE;
}

/**
 * A stored tenure as known at one position. Its starts and ends are made when first read:
 * a group's view asks each of its members' tenures (some 180 at 1M), and about half hold
 * nothing on the asked day, which the reach tells without them (see episodesHolding). The
 * reach is passed on only while every version is known (a copy with one hidden passes over
 * nothing). One class per kind of tenure, so that each view's reads of the parties stay
 * monomorphic; a copy made by spreading the stored tenure cost a group's view 40% more.
 */
abstract class TenureAt<T extends StoredTenure, S, E> implements Tenure<S, E> {
  episodes: readonly Episode<S, E>[] | undefined = undefined;

  constructor(
    private readonly versions: VersionTable,
    protected readonly stored: T,
    private readonly position: number | undefined,
  ) {}

  // Made on each read, not kept: the views read them once, through pairEpisodes, whose
  // episodes are kept. Every field of a tenure read is allocated per question.
  get starts(): TightList<DatedFact<S>> {
    return knownTightly<DatedFact<S>>(this.versions, this.stored.starts, this.position);
  }

  get ends(): TightList<DatedFact<E>> {
    return knownTightly<DatedFact<E>>(this.versions, this.stored.ends, this.position);
  }

  get reachLo(): number | undefined {
    return wholeAt(this.stored, this.position) ? this.stored.reachLo : undefined;
  }

  get reachHi(): number | undefined {
    return wholeAt(this.stored, this.position) ? this.stored.reachHi : undefined;
  }
}

export class PostAt extends TenureAt<StoredPostTenure, PostHolderAppointed, PostHolderLeft> implements PostTenure {
  get organisationId() {
    return this.stored.organisationId;
  }
  get personId() {
    return this.stored.personId;
  }
  get post() {
    return this.stored.post;
  }
}

export class MembershipAt extends TenureAt<StoredMembershipTenure, MemberJoined, MemberLeft> implements MembershipTenure {
  get groupId() {
    return this.stored.groupId;
  }
  get organisationId() {
    return this.stored.organisationId;
  }
  get organisation() {
    return this.stored.organisation;
  }
}

export class ChairAt extends TenureAt<StoredChairTenure, ChairNamed, ChairEnded> implements ChairTenure {
  get target() {
    return this.stored.target;
  }
  get personId() {
    return this.stored.personId;
  }
  get person() {
    return this.stored.person;
  }
}

type TenureAtClass<S, T> = new (versions: VersionTable, stored: S, position: number | undefined) => T;

/** The tenures of a stored list as known at `position`. */
export function tenuresAt<S extends StoredTenure, T>(type: TenureAtClass<S, T>, versions: VersionTable, list: TightList<S>, position: number | undefined): readonly T[] {
  const stored = itemsOf(list);
  const read = new Array<T>(stored.length);
  for (let i = 0; i < stored.length; i++) read[i] = new type(versions, stored[i]!, position);
  return read;
}
