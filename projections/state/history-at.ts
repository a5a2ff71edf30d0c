import type { AgreementEnded, AgreementSigned } from '../../events/catalogue/agreement-events.js';
import type { GroupDissolved, GroupFormed } from '../../events/catalogue/group-events.js';
import type { MeetingHeld } from '../../events/catalogue/meeting-events.js';
import type { OrganisationRegistered, OrganisationRenamed } from '../../events/catalogue/organisation-events.js';
import type { PersonRegistered, StatementMade } from '../../events/catalogue/person-events.js';
import type { HappenedStatus } from '../../events/dates.js';
import { forEachEpisodeHolding, type DatedFact, type EpisodeVisitor, type Tenure } from './certainty.js';
import type {
  AgreementRecord,
  OrganisationRegistration,
  PersonRegistration,
  CurrentRenames,
  EntityHistory,
  GroupRecord,
  HistoryReader,
  Lookup,
  MeetingRecord,
  OrganisationRecord,
  PersonRecord,
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
import { ChairAt, firstKnown, firstKnownRow, known, MembershipAt, PostAt, tenuresAt } from './facts-at.js';
import { wholeAt, type StoredTenure } from './stored-facts.js';
import type { VersionRow, VersionTable } from './version-table.js';

/*
 * The entity history as known at one log position: each record and index read through
 * here shows the versions of its facts recorded by then and not yet replaced, as objects
 * made from the versions' rows for this question (see facts-at.ts).
 */

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

/** The tenures of one index key as known at `position`. */
class TenuresAt<Stored extends StoredTenure, T extends Tenure<S, E>, S, E> implements TenureIndex<T, S, E> {
  constructor(
    private readonly type: new (versions: VersionTable, stored: Stored, position: number | undefined) => T,
    private readonly versions: VersionTable,
    private readonly index: RelationIndex<Stored>,
    private readonly position: number | undefined,
  ) {}

  get(key: string): readonly T[] {
    return tenuresAt(this.type, this.versions, this.index.get(key), this.position);
  }

  forEachHolding(key: string, day: number, context: HappenedStatus, visit: EpisodeVisitor<T, S, E>): void {
    if (context === 'absent') return;
    const { position } = this;
    const stored = this.index.get(key);
    for (let i = 0; i < stored.length; i++) {
      const tenure = stored[i]!;
      // The reach, as the tenure read would give it (see TenureAt): known only while every version is.
      if (wholeAt(tenure, position) && (day < tenure.reachLo || day >= tenure.reachHi)) continue;
      forEachEpisodeHolding<T, S, E>(new this.type(this.versions, tenure, position), day, context, visit);
    }
  }
}

/*
 * Records as known at one position, each field resolved when read. Most reads want one
 * field of another entity (a chair's name, a member's name, whether a group exists), and
 * at a million events resolving the rest touches facts scattered over the heap: resolving
 * a person's statements to read a chair's name cost a cache miss per statement.
 */
class OrganisationAt implements OrganisationRecord {
  constructor(private readonly versions: VersionTable, private readonly stored: StoredOrganisation, private readonly position: number | undefined) {}
  get registration() {
    return firstKnown<OrganisationRegistration>(this.versions, this.stored.registrations, this.position);
  }
  get registered() {
    const row = firstKnownRow(this.versions, this.stored.registrations, this.position);
    return row === undefined ? undefined : (this.versions.data(row) as OrganisationRegistered);
  }
  get renames() {
    return known<DatedFact<OrganisationRenamed>>(this.versions, this.stored.renames, this.position);
  }
  /** The rows of the renames known then, in date order: the stored list itself while whole. */
  private rowsByDate(): readonly VersionRow[] {
    const stored = this.stored;
    if (wholeAt(stored, this.position)) return stored.renamesByDate;
    if (this.position === undefined) return currentRenames(this.versions, stored).rows;
    return stored.renamesByDate.filter((row) => this.versions.knownAt(row, this.position));
  }
  get renamesByDate() {
    return this.rowsByDate().map((row) => this.versions.fact(row) as DatedFact<OrganisationRenamed>);
  }
  renameByDate(index: number) {
    return this.versions.fact(this.rowsByDate()[index]!) as DatedFact<OrganisationRenamed>;
  }
  get renameLos() {
    const stored = this.stored;
    if (wholeAt(stored, this.position)) return stored.renameLos;
    if (this.position === undefined) return currentRenames(this.versions, stored).renameLos;
    return this.rowsByDate().map((row) => this.versions.date(row)!.lo);
  }
}

/**
 * The rows of the renames known now of an organisation one of whose renames was
 * corrected, in date order: kept on the record while its renames stand as they are. A
 * name is asked for every member of a group, and a fresh filtered copy each time, sorted
 * again, was a tenth of a group's view (about half the organisations have a corrected
 * rename at 100,000 events). Row numbers, not facts: the record is written to snapshots.
 */
function currentRenames(versions: VersionTable, stored: StoredOrganisation): CurrentRenames {
  const cached = stored.currentRenames;
  const replaced = stored.replacedFacts;
  if (cached !== undefined && cached.of === stored.renamesByDate && cached.replaced === replaced) return cached;
  const rows = stored.renamesByDate.filter((row) => versions.knownAt(row, undefined));
  return (stored.currentRenames = { of: stored.renamesByDate, replaced, rows, renameLos: rows.map((row) => versions.date(row)!.lo) });
}

class PersonAt implements PersonRecord {
  constructor(private readonly versions: VersionTable, private readonly stored: StoredPerson, private readonly position: number | undefined) {}
  get registration() {
    return firstKnown<PersonRegistration>(this.versions, this.stored.registrations, this.position);
  }
  get registered() {
    const row = firstKnownRow(this.versions, this.stored.registrations, this.position);
    return row === undefined ? undefined : (this.versions.data(row) as PersonRegistered);
  }
  get statements() {
    return known<DatedFact<StatementMade>>(this.versions, this.stored.statements, this.position);
  }
}

class GroupAt implements GroupRecord {
  constructor(private readonly versions: VersionTable, private readonly stored: StoredGroup, private readonly position: number | undefined) {}
  get formation() {
    return firstKnown<DatedFact<GroupFormed>>(this.versions, this.stored.formations, this.position);
  }
  get dissolutions() {
    return known<DatedFact<GroupDissolved>>(this.versions, this.stored.dissolutions, this.position);
  }
}

class MeetingAt implements MeetingRecord {
  constructor(private readonly versions: VersionTable, private readonly stored: StoredMeeting, private readonly position: number | undefined) {}
  get held() {
    return firstKnown<DatedFact<MeetingHeld>>(this.versions, this.stored.helds, this.position);
  }
  get chairs() {
    return tenuresAt(ChairAt, this.versions, this.stored.chairs, this.position);
  }
}

class AgreementAt implements AgreementRecord {
  /** Read several times per agreement (its view, whether it is in force): found once. */
  private signingKnown: DatedFact<AgreementSigned> | null | undefined;
  constructor(private readonly versions: VersionTable, private readonly stored: StoredAgreement, private readonly position: number | undefined) {}
  get id() {
    return this.stored.id;
  }
  get signing() {
    if (this.signingKnown === undefined) this.signingKnown = firstKnown<DatedFact<AgreementSigned>>(this.versions, this.stored.signings, this.position) ?? null;
    return this.signingKnown ?? undefined;
  }
  get endings() {
    return known<DatedFact<AgreementEnded>>(this.versions, this.stored.endings, this.position);
  }
}

/**
 * The history as known at log position `at` (undefined: everything applied so far): each
 * record shows the versions of its facts recorded by then and not yet replaced. Records
 * are resolved as they are read, so a question costs what it reads, whatever position it
 * asks about. Every stored position is below 2^53 (see VersionTable), so a position at or
 * beyond it, rounded, still knows all of them.
 */
export function historyAt(history: EntityHistory, at: bigint | undefined): HistoryReader {
  const position = at === undefined ? undefined : Number(at);
  const { versions } = history.amendments;
  return {
    organisations: new LookupAt(history.organisations, (s) => new OrganisationAt(versions, s, position)),
    people: new LookupAt(history.people, (s) => new PersonAt(versions, s, position)),
    groups: new LookupAt(history.groups, (s) => new GroupAt(versions, s, position)),
    meetings: new LookupAt(history.meetings, (s) => new MeetingAt(versions, s, position)),
    agreements: new LookupAt(history.agreements, (s) => new AgreementAt(versions, s, position)),
    posts: new LookupAt(history.posts, (t) => new PostAt(versions, t, position)),
    memberships: new LookupAt(history.memberships, (t) => new MembershipAt(versions, t, position)),
    chairs: new LookupAt(history.chairs(), (t) => new ChairAt(versions, t, position)),
    postsOfOrganisation: new TenuresAt(PostAt, versions, history.postsOfOrganisation, position),
    postsOfPerson: new TenuresAt(PostAt, versions, history.postsOfPerson, position),
    membershipsOfGroup: new TenuresAt(MembershipAt, versions, history.membershipsOfGroup, position),
    membershipsOfOrganisation: new TenuresAt(MembershipAt, versions, history.membershipsOfOrganisation, position),
    chairsOfGroup: new TenuresAt(ChairAt, versions, history.chairsOfGroup, position),
    chairsOfPerson: new TenuresAt(ChairAt, versions, history.chairsOfPerson, position),
    organisationAt: (stored) => new OrganisationAt(versions, stored, position),
    personAt: (stored) => new PersonAt(versions, stored, position),
    meetingAt: (stored) => new MeetingAt(versions, stored, position),
    agreementAt: (stored) => new AgreementAt(versions, stored, position),
    meetingsOfGroup: history.meetingsOfGroup,
    workingGroupsOf: history.workingGroupsOf,
    agreementsOfParty: history.agreementsOfParty,
    successorsOf: history.successorsOf,
  };
}
