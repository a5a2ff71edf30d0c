import type { AgreementSigned } from '../../events/catalogue/agreement-events.js';
import { knownAt, wholeAt, type DatedFact, type Tenure, type Versioned } from './certainty.js';
import type {
  AgreementRecord,
  CurrentRenames,
  EntityHistory,
  GroupRecord,
  HistoryReader,
  Lookup,
  MeetingRecord,
  OrganisationRecord,
  PersonRecord,
  Recorded,
  StoredAgreement,
  StoredGroup,
  StoredMeeting,
  StoredOrganisation,
  StoredPerson,
  TenureIndex,
} from './entity-history.js';
import type { RelationIndex } from './relation-index.js';
import type { RelationStores, RelationTable } from './relation-table.js';
import { sortedKeysOf } from './sorted-keys.js';
import { itemsOf, sizeOf, type TightList } from './tight-list.js';

/*
 * The entity history as known at one log position: each record and index read through
 * here shows the versions of its facts recorded by then and not yet replaced.
 */

/** The first registration known at `position` (a registering event recorded twice keeps the first). */
function firstKnown<F extends Recorded<unknown>>(facts: TightList<F>, position: bigint | undefined): F | undefined {
  if (!Array.isArray(facts)) return knownAt(facts as F, position) ? (facts as F) : undefined;
  let first: F | undefined;
  for (const fact of facts as readonly F[]) if (knownAt(fact, position) && (first === undefined || fact.position < first.position)) first = fact;
  return first;
}

/** The facts known at `position`: a stored array itself when all are (the common case), so nothing is copied. */
function known<F extends Versioned>(list: TightList<F>, position: bigint | undefined): readonly F[] {
  const facts = itemsOf(list);
  for (let i = 0; i < facts.length; i++) if (!knownAt(facts[i]!, position)) return facts.filter((f) => knownAt(f, position));
  return facts;
}

/** A tenure as known at `position`; the stored one itself when nothing is hidden, keeping its paired episodes. */
function tenureKnownAt<T extends Tenure<unknown, unknown>>(tenure: T, position: bigint | undefined): T {
  if (wholeAt(tenure, position)) return tenure;
  const starts = known(tenure.starts, position);
  const ends = known(tenure.ends, position);
  if (starts.length === sizeOf(tenure.starts) && ends.length === sizeOf(tenure.ends)) return tenure;
  // A copy for this question only: its own episodes, and nothing to say it is whole.
  return { ...tenure, starts, ends, episodes: undefined, reachLo: undefined, reachHi: undefined, latestSince: undefined, replacedFacts: undefined };
}

/**
 * Records resolved on every read, not remembered: resolving is a scan of a record's few
 * facts, cheaper than the Map a per-question memo needs (a group's view reads each
 * member's organisation, and the memo writes dominated entity p99s).
 */
class LookupAt<S, R> implements Lookup<R> {
  constructor(
    private readonly stored: Map<string, S> | RelationTable<S> | RelationStores<S>,
    private readonly resolve: (stored: S) => R,
  ) {}

  get(key: string): R | undefined {
    const stored = this.stored.get(key);
    return stored === undefined ? undefined : this.resolve(stored);
  }

  sortedKeys(): readonly string[] {
    return this.stored instanceof Map ? sortedKeysOf(this.stored) : this.stored.sortedKeys();
  }
}

/** The tenures of one index key as known at `position`: the stored list itself when none hides a version (the common case). */
class TenuresAt<T extends Tenure<unknown, unknown>> implements TenureIndex<T> {
  constructor(
    private readonly index: RelationIndex<T>,
    private readonly position: bigint | undefined,
  ) {}

  get(key: string): readonly T[] {
    return tenuresKnownAt(this.index.get(key), this.position);
  }
}

function tenuresKnownAt<T extends Tenure<unknown, unknown>>(list: TightList<T>, position: bigint | undefined): readonly T[] {
  const stored = itemsOf(list);
  for (let i = 0; i < stored.length; i++) {
    const tenure = stored[i]!;
    if (tenureKnownAt(tenure, position) !== tenure) return stored.map((t) => tenureKnownAt(t, position));
  }
  return stored;
}

/*
 * Records as known at one position, each field resolved when read. Most reads want one
 * field of another entity (a chair's name, a member's name, whether a group exists), and
 * at a million events resolving the rest touches facts scattered over the heap: resolving
 * a person's statements to read a chair's name cost a cache miss per statement.
 */
class OrganisationAt implements OrganisationRecord {
  constructor(private readonly stored: StoredOrganisation, private readonly position: bigint | undefined) {}
  get registration() {
    return firstKnown(this.stored.registrations, this.position);
  }
  get renames() {
    return wholeAt(this.stored, this.position) ? itemsOf(this.stored.renames) : known(this.stored.renames, this.position);
  }
  get renamesByDate() {
    const stored = this.stored;
    if (wholeAt(stored, this.position)) return stored.renamesByDate;
    return this.position === undefined ? currentRenames(stored).renames : known(stored.renamesByDate, this.position);
  }
  get renameLos() {
    const stored = this.stored;
    if (wholeAt(stored, this.position)) return stored.renameLos;
    return this.position === undefined ? currentRenames(stored).renameLos : known(stored.renamesByDate, this.position).map((rename) => rename.date.lo);
  }
}

/**
 * The renames known now of an organisation one of whose renames was corrected, in date
 * order: kept on the record while its renames stand as they are. A name is asked for every
 * member of a group, and a fresh filtered copy each time, sorted again, was a tenth of a
 * group's view (about half the organisations have a corrected rename at 100,000 events).
 */
function currentRenames(stored: StoredOrganisation): CurrentRenames {
  const cached = stored.currentRenames;
  const replaced = stored.replacedFacts ?? 0;
  if (cached !== undefined && cached.of === stored.renamesByDate && cached.replaced === replaced) return cached;
  const renames = known(stored.renamesByDate, undefined);
  return (stored.currentRenames = { of: stored.renamesByDate, replaced, renames, renameLos: renames.map((rename) => rename.date.lo) });
}

class PersonAt implements PersonRecord {
  constructor(private readonly stored: StoredPerson, private readonly position: bigint | undefined) {}
  get registration() {
    return firstKnown(this.stored.registrations, this.position);
  }
  get statements() {
    return known(this.stored.statements, this.position);
  }
}

class GroupAt implements GroupRecord {
  constructor(private readonly stored: StoredGroup, private readonly position: bigint | undefined) {}
  get formation() {
    return firstKnown(this.stored.formations, this.position);
  }
  get dissolutions() {
    return known(this.stored.dissolutions, this.position);
  }
}

class MeetingAt implements MeetingRecord {
  constructor(private readonly stored: StoredMeeting, private readonly position: bigint | undefined) {}
  get held() {
    return firstKnown(this.stored.helds, this.position);
  }
  get chairs() {
    return tenuresKnownAt(this.stored.chairs, this.position);
  }
}

class AgreementAt implements AgreementRecord {
  /** Read several times per agreement (its view, whether it is in force): found once. */
  private signingKnown: DatedFact<AgreementSigned> | null | undefined;
  constructor(private readonly stored: StoredAgreement, private readonly position: bigint | undefined) {}
  get id() {
    return this.stored.id;
  }
  get signing() {
    if (this.signingKnown === undefined) this.signingKnown = firstKnown(this.stored.signings, this.position) ?? null;
    return this.signingKnown ?? undefined;
  }
  get endings() {
    return known(this.stored.endings, this.position);
  }
}

/**
 * The history as known at log position `position` (undefined: everything applied so far):
 * each record shows the versions of its facts recorded by then and not yet replaced.
 * Records are resolved as they are read, so a question costs what it reads, whatever
 * position it asks about.
 */
export function historyAt(history: EntityHistory, position: bigint | undefined): HistoryReader {
  return {
    organisations: new LookupAt(history.organisations, (s) => new OrganisationAt(s, position)),
    people: new LookupAt(history.people, (s) => new PersonAt(s, position)),
    groups: new LookupAt(history.groups, (s) => new GroupAt(s, position)),
    meetings: new LookupAt(history.meetings, (s) => new MeetingAt(s, position)),
    agreements: new LookupAt(history.agreements, (s) => new AgreementAt(s, position)),
    posts: new LookupAt(history.posts, (t) => tenureKnownAt(t, position)),
    memberships: new LookupAt(history.memberships, (t) => tenureKnownAt(t, position)),
    chairs: new LookupAt(history.chairs(), (t) => tenureKnownAt(t, position)),
    postsOfOrganisation: new TenuresAt(history.postsOfOrganisation, position),
    postsOfPerson: new TenuresAt(history.postsOfPerson, position),
    membershipsOfGroup: new TenuresAt(history.membershipsOfGroup, position),
    membershipsOfOrganisation: new TenuresAt(history.membershipsOfOrganisation, position),
    chairsOfGroup: new TenuresAt(history.chairsOfGroup, position),
    chairsOfPerson: new TenuresAt(history.chairsOfPerson, position),
    organisationAt: (stored) => new OrganisationAt(stored, position),
    personAt: (stored) => new PersonAt(stored, position),
    meetingAt: (stored) => new MeetingAt(stored, position),
    agreementAt: (stored) => new AgreementAt(stored, position),
    meetingsOfGroup: history.meetingsOfGroup,
    workingGroupsOf: history.workingGroupsOf,
    agreementsOfParty: history.agreementsOfParty,
    successorsOf: history.successorsOf,
  };
}
