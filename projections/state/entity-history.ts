import type { DateRange } from '../../events/dates.js';
import type { AgreementEnded, AgreementSigned } from '../../events/catalogue/agreement-events.js';
import type { ChairEnded, ChairNamed, GroupDissolved, GroupFormed, MemberJoined, MemberLeft } from '../../events/catalogue/group-events.js';
import type { MeetingHeld } from '../../events/catalogue/meeting-events.js';
import type {
  OrganisationRegistered,
  OrganisationRenamed,
  PostHolderAppointed,
  PostHolderLeft,
} from '../../events/catalogue/organisation-events.js';
import type { PersonRegistered, StatementMade } from '../../events/catalogue/person-events.js';
import { Amendments } from './amendments.js';
import { ChangeDates } from './change-dates.js';
import type { DatedFact, Tenure, VersionSummary, Versioned } from './certainty.js';
import { MultiIndex } from './multi-index.js';
import { RelationIndex } from './relation-index.js';
import { relationKey } from './relation-key.js';
import { RelationStores, RelationTable } from './relation-table.js';
import { sortedKeysOf } from './sorted-keys.js';
import { itemsOf, NO_ITEMS, withItem, type TightList } from './tight-list.js';

/**
 * The full history of facts about every entity, kept as recorded (never collapsed into
 * "current" values) so that the state on any valid date can be derived at query time.
 *
 * For speed at a million events the reducer mutates these Maps in place instead of
 * copying an immutable model per event; it stays deterministic because the same events
 * in the same order always produce the same Maps.
 *
 * Records are created by the first event that mentions an entity, so facts recorded
 * before the entity's own registration (backfill) are kept; an entity exists for the
 * answers only once its registering event is known.
 */

export interface Recorded<T> extends Versioned {
  readonly data: T;
  readonly position: bigint;
}

// The records as views read them: one recorded time (see HistoryAt), one version per fact.

/** A registration as filed: its date is the organisation's founding, when the registration gives one. */
export type OrganisationRegistration = Recorded<OrganisationRegistered> & { readonly date: DateRange | undefined };
export type PersonRegistration = Recorded<PersonRegistered>;

export interface OrganisationRecord {
  registration?: OrganisationRegistration;
  readonly renames: readonly DatedFact<OrganisationRenamed>[];
  /** The same renames in date order (compareFacts): what a name on a day is read from. */
  readonly renamesByDate: readonly DatedFact<OrganisationRenamed>[];
  /** The first day of each of `renamesByDate`, at the same index: searched without visiting each rename. */
  readonly renameLos: readonly number[];
}

export interface PersonRecord {
  registration?: PersonRegistration;
  readonly statements: readonly DatedFact<StatementMade>[];
}

export interface GroupRecord {
  formation?: DatedFact<GroupFormed>;
  readonly dissolutions: readonly DatedFact<GroupDissolved>[];
}

export interface MeetingRecord {
  held?: DatedFact<MeetingHeld>;
  /** Its chairs' tenures, in no particular order (views sort what they list). */
  readonly chairs: readonly ChairTenure[];
}

export interface AgreementRecord {
  readonly id: string;
  signing?: DatedFact<AgreementSigned>;
  readonly endings: readonly DatedFact<AgreementEnded>[];
}

// The records as stored: every version of every fact, each with its recorded-time life.

/** `latestSince`, `replacedFacts`: the version summary of its renames (see wholeAt), read for a name on every member of a group. */
export interface StoredOrganisation extends VersionSummary {
  registrations: TightList<NonNullable<OrganisationRecord['registration']>>;
  renames: TightList<DatedFact<OrganisationRenamed>>;
  /**
   * The renames in date order, kept so as they are filed: a group's view asks the name of
   * every member, and sorting each organisation's renames on its first ask (then finding
   * the sorted copy again in a side table on every other) showed in first visits at 1M.
   */
  renamesByDate: readonly DatedFact<OrganisationRenamed>[];
  renameLos: readonly number[];
  /** The renames known now, once a rename was replaced (see currentRenames). */
  currentRenames: CurrentRenames | undefined;
}

/** `renamesByDate` as known now, worked out from the record's `renamesByDate` when it held `replaced` replaced versions. */
export interface CurrentRenames {
  readonly of: readonly DatedFact<OrganisationRenamed>[];
  readonly replaced: number;
  readonly renames: readonly DatedFact<OrganisationRenamed>[];
  readonly renameLos: readonly number[];
}

export interface StoredPerson {
  registrations: TightList<NonNullable<PersonRecord['registration']>>;
  statements: TightList<DatedFact<StatementMade>>;
}
export interface StoredGroup {
  formations: TightList<DatedFact<GroupFormed>>;
  dissolutions: TightList<DatedFact<GroupDissolved>>;
}
/**
 * `chairs`: the tenures of the meeting's chairs, kept on the record itself. A group's
 * view lists every meeting of the group with its chairs, and looking them up by meeting
 * id in an index of every meeting's chairs cost a probe of a map of 10^5 keys per meeting.
 */
export interface StoredMeeting {
  readonly id: string;
  helds: TightList<DatedFact<MeetingHeld>>;
  chairs: TightList<ChairTenure>;
}
export interface StoredAgreement {
  readonly id: string;
  signings: TightList<NonNullable<AgreementRecord['signing']>>;
  endings: TightList<DatedFact<AgreementEnded>>;
}

export type PostTenure = Tenure<PostHolderAppointed, PostHolderLeft> & { readonly organisationId: string; readonly personId: string; readonly post: string };
/**
 * `organisation` (a membership) and `person` (a chair): the member's or chair's stored
 * record itself, once there is one, so a group's view reads its members' and chairs'
 * names without looking each up by id. At a million events lookups by id were 41% of a
 * group view; holding the record skips the probe of a map of 10^5 entries, not the read
 * of the record and its facts (measured: a group asked again about a fifth faster, a
 * first visit within noise). Set when the tenure is filed if the record exists, else
 * when the record is (a backfilled registration).
 */
export type MembershipTenure = Tenure<MemberJoined, MemberLeft> & { readonly groupId: string; readonly organisationId: string; organisation: StoredOrganisation | undefined };
export type ChairTenure = Tenure<ChairNamed, ChairEnded> & { readonly target: ChairNamed['target']; readonly personId: string; person: StoredPerson | undefined };

export { relationKey } from './relation-key.js';

/** An index of records by another entity's id, each answer in record id order (see RelationIndex). */
export interface RecordIndex<R> {
  get(key: string): readonly R[];
}

/** A relation index as read at one recorded time: each tenure as known then. */
export interface TenureIndex<T> {
  get(key: string): readonly T[];
}

/** What views read: records as known at one recorded time, and the indexes. */
export interface Lookup<R> {
  get(key: string): R | undefined;
  /** Every key, in text order. */
  sortedKeys(): readonly string[];
}

export interface HistoryReader {
  readonly organisations: Lookup<OrganisationRecord>;
  readonly people: Lookup<PersonRecord>;
  readonly groups: Lookup<GroupRecord>;
  readonly meetings: Lookup<MeetingRecord>;
  readonly agreements: Lookup<AgreementRecord>;
  readonly posts: Lookup<PostTenure>;
  readonly memberships: Lookup<MembershipTenure>;
  readonly chairs: Lookup<ChairTenure>;
  readonly postsOfOrganisation: TenureIndex<PostTenure>;
  readonly postsOfPerson: TenureIndex<PostTenure>;
  readonly membershipsOfGroup: TenureIndex<MembershipTenure>;
  readonly membershipsOfOrganisation: TenureIndex<MembershipTenure>;
  readonly chairsOfGroup: TenureIndex<ChairTenure>;
  readonly chairsOfPerson: TenureIndex<ChairTenure>;
  /** A stored record (as a tenure or an index holds it) as known at this reader's position. */
  organisationAt(stored: StoredOrganisation): OrganisationRecord;
  personAt(stored: StoredPerson): PersonRecord;
  meetingAt(stored: StoredMeeting): MeetingRecord;
  agreementAt(stored: StoredAgreement): AgreementRecord;
  // Records any version of a development named, by id: views check the version they read.
  /** Meetings by the group their MeetingHeld names. */
  readonly meetingsOfGroup: RecordIndex<StoredMeeting>;
  readonly workingGroupsOf: MultiIndex;
  /** Agreements by party. */
  readonly agreementsOfParty: RecordIndex<StoredAgreement>;
  /** Agreements by the agreement they supersede. */
  readonly successorsOf: RecordIndex<StoredAgreement>;
}

export class EntityHistory {
  readonly organisations = new Map<string, StoredOrganisation>();
  readonly people = new Map<string, StoredPerson>();
  readonly groups = new Map<string, StoredGroup>();
  readonly meetings = new Map<string, StoredMeeting>();
  readonly agreements = new Map<string, StoredAgreement>();
  /**
   * Which version of each development is current, to place the next one on an amendment.
   * Shared with the timeline in ReadModels (see Amendments.apply).
   */
  constructor(readonly amendments = new Amendments()) {}

  /** By organisation, then "person\npost". */
  readonly posts = new RelationTable<PostTenure>();
  /** By group, then organisation. */
  readonly memberships = new RelationTable<MembershipTenure>();
  /** By the chaired group, then person (keys "group\n…"). */
  readonly groupChairs = new RelationTable<ChairTenure>('group');
  /** By joined key ("meeting\n…"): a meeting has a chair or two, too few for a table of its own. */
  readonly meetingChairs = new Map<string, ChairTenure>();

  // Derived indexes (rebuilt with the records, so left out of the digest). They hold every
  // value any version named; views check the version they read still names it.
  readonly postsOfOrganisation = new RelationIndex<PostTenure>();
  readonly postsOfPerson = new RelationIndex<PostTenure>();
  readonly membershipsOfGroup = new RelationIndex<MembershipTenure>();
  readonly membershipsOfOrganisation = new RelationIndex<MembershipTenure>();
  /** By the chaired group's own id (a meeting keeps its chairs itself, see StoredMeeting). */
  readonly chairsOfGroup = new RelationIndex<ChairTenure>();
  readonly chairsOfPerson = new RelationIndex<ChairTenure>();
  /** The records themselves, not their ids: a group's view reads every one. */
  readonly meetingsOfGroup = new RelationIndex<StoredMeeting>();
  /** Chairs named for a meeting not held yet (backfill), until its record is made. */
  private readonly chairsAwaitingMeeting = new Map<string, TightList<ChairTenure>>();
  readonly workingGroupsOf = new MultiIndex();
  readonly agreementsOfParty = new RelationIndex<StoredAgreement>();
  readonly successorsOf = new RelationIndex<StoredAgreement>();
  /** Every date a change can take, to enter /changes at its window (see change-dates.ts). */
  readonly changeDates = new ChangeDates();

  /**
   * The structures a snapshot writes first (see ReadModels.snapshotLayout): a group's view
   * reads its memberships, each member's record and the versions they hold, its chairs and
   * its meetings with theirs, so these go first, group by group.
   */
  layoutOrder(): readonly unknown[] {
    return [this.membershipsOfGroup, this.chairsOfGroup, this.meetingsOfGroup, this.groups];
  }

  /** After a catch-up: the work deferred while events streamed in, and the spare slots of the indexes dropped. */
  caughtUp(): void {
    this.changeDates.sortNoted();
    for (const index of [this.postsOfOrganisation, this.postsOfPerson, this.membershipsOfGroup, this.membershipsOfOrganisation, this.chairsOfGroup, this.chairsOfPerson]) index.compact();
    for (const index of [this.meetingsOfGroup, this.agreementsOfParty, this.successorsOf]) index.compact();
    this.workingGroupsOf.compact();
  }

  // Written out rather than through a get-or-create helper: these run once or twice per
  // event of a million-event catch-up, where a closure per call shows in the profile.

  organisation(id: string): StoredOrganisation {
    let record = this.organisations.get(id);
    if (record === undefined) {
      this.organisations.set(id, (record = { registrations: NO_ITEMS, renames: NO_ITEMS, renamesByDate: [], renameLos: [], currentRenames: undefined, latestSince: -1n, replacedFacts: 0 }));
      for (const tenure of this.membershipsOfOrganisation.filed(id)) tenure.organisation = record;
    }
    return record;
  }

  person(id: string): StoredPerson {
    let record = this.people.get(id);
    if (record === undefined) {
      this.people.set(id, (record = { registrations: NO_ITEMS, statements: NO_ITEMS }));
      for (const tenure of this.chairsOfPerson.filed(id)) tenure.person = record;
    }
    return record;
  }

  group(id: string): StoredGroup {
    let record = this.groups.get(id);
    if (record === undefined) this.groups.set(id, (record = { formations: NO_ITEMS, dissolutions: NO_ITEMS }));
    return record;
  }

  meeting(id: string): StoredMeeting {
    let record = this.meetings.get(id);
    if (record === undefined) {
      this.meetings.set(id, (record = { id, helds: NO_ITEMS, chairs: this.chairsAwaitingMeeting.get(id) ?? NO_ITEMS }));
      this.chairsAwaitingMeeting.delete(id);
    }
    return record;
  }

  /** Files a record under `key` in one of the record indexes, once whatever the number of versions naming it. */
  fileOnce<R extends { readonly id: string }>(index: RelationIndex<R>, key: string, record: R): void {
    if (!index.filed(key).includes(record)) index.add(key, record, record.id);
  }

  agreement(id: string): StoredAgreement {
    let record = this.agreements.get(id);
    if (record === undefined) this.agreements.set(id, (record = { id, signings: NO_ITEMS, endings: NO_ITEMS }));
    return record;
  }

  // The relation indexes order each key's tenures by the relation's key. Where all of a
  // bucket's keys share their first part, the rest orders them alike (ids are slugs, every
  // character above the line break that joins the parts), so a part the event already holds
  // serves, and no key string is made and kept per tenure.

  post(organisationId: string, personId: string, post: string): PostTenure {
    const second = relationKey(personId, post);
    let tenure = this.posts.find(organisationId, second);
    if (tenure === undefined) {
      this.posts.add(organisationId, second, (tenure = { organisationId, personId, post, starts: NO_ITEMS, ends: NO_ITEMS, episodes: undefined, latestSince: -1n, replacedFacts: 0 }));
      this.postsOfOrganisation.add(organisationId, tenure, second);
      this.postsOfPerson.add(personId, tenure, relationKey(organisationId, personId, post));
    }
    return tenure;
  }

  membership(groupId: string, organisationId: string): MembershipTenure {
    let tenure = this.memberships.find(groupId, organisationId);
    if (tenure === undefined) {
      this.memberships.add(groupId, organisationId, (tenure = { groupId, organisationId, organisation: this.organisations.get(organisationId), starts: NO_ITEMS, ends: NO_ITEMS, episodes: undefined, latestSince: -1n, replacedFacts: 0 }));
      this.membershipsOfGroup.add(groupId, tenure, organisationId);
      this.membershipsOfOrganisation.add(organisationId, tenure, groupId);
    }
    return tenure;
  }

  chair(target: ChairNamed['target'], personId: string): ChairTenure {
    return target.kind === 'group' ? this.groupChair(target, personId) : this.meetingChair(target, personId);
  }

  private groupChair(target: ChairNamed['target'], personId: string): ChairTenure {
    let tenure = this.groupChairs.find(target.id, personId);
    if (tenure === undefined) {
      this.groupChairs.add(target.id, personId, (tenure = this.newChair(target, personId)));
      this.chairsOfGroup.add(target.id, tenure, personId);
      this.chairsOfPerson.add(personId, tenure, relationKey(target.kind, target.id, personId));
    }
    return tenure;
  }

  private meetingChair(target: ChairNamed['target'], personId: string): ChairTenure {
    const key = relationKey(target.kind, target.id, personId);
    let tenure = this.meetingChairs.get(key);
    if (tenure === undefined) {
      this.meetingChairs.set(key, (tenure = this.newChair(target, personId)));
      this.fileMeetingChair(target.id, tenure);
      this.chairsOfPerson.add(personId, tenure, key);
    }
    return tenure;
  }

  private newChair(target: ChairNamed['target'], personId: string): ChairTenure {
    return { target, personId, person: this.people.get(personId), starts: NO_ITEMS, ends: NO_ITEMS, episodes: undefined, latestSince: -1n, replacedFacts: 0 };
  }

  private fileMeetingChair(meetingId: string, tenure: ChairTenure): void {
    const meeting = this.meetings.get(meetingId);
    if (meeting !== undefined) meeting.chairs = withItem(meeting.chairs, tenure);
    else this.chairsAwaitingMeeting.set(meetingId, withItem(this.chairsAwaitingMeeting.get(meetingId) ?? NO_ITEMS, tenure));
  }

  /** Every chair, of groups and of meetings, by joined key. */
  chairs(): RelationStores<ChairTenure> {
    return new RelationStores<ChairTenure>([this.groupChairs, this.meetingChairs]);
  }

  /** Every record in a canonical order (collection, then key) for the read-model digest. */
  *canonicalEntries(): Generator<unknown> {
    const collections: [string, Map<string, object>][] = [
      ['organisations', this.organisations],
      ['people', this.people],
      ['groups', this.groups],
      ['meetings', this.meetings],
      ['agreements', this.agreements],
    ];
    for (const [name, map] of collections) {
      for (const key of sortedKeysOf(map)) yield [name, key, recordedFacts(map.get(key)!)];
    }
    // The relations as they were digested when kept in Maps by their joined keys: same keys, same order.
    const relations: [string, RelationStores<object>][] = [
      ['posts', new RelationStores([this.posts])],
      ['memberships', new RelationStores([this.memberships])],
      ['chairs', this.chairs()],
    ];
    for (const [name, relation] of relations) {
      for (const key of relation.sortedKeys()) yield [name, key, recordedFacts(relation.get(key)!)];
    }
  }
}

/*
 * Records and tenures are written out as whole literals, not spread from a template: V8
 * sizes an object literal by the properties it names, and properties spread in beyond them
 * went to a separate property array (about 60 bytes more per tenure). Their lists of facts
 * start as the one shared empty list (see TightList).
 */

/** The fields that hold a list of facts, stored tightly (a single fact as itself): the digest lists them as arrays whatever their form. */
const FACT_LISTS: ReadonlySet<string> = new Set(['registrations', 'renames', 'statements', 'formations', 'dissolutions', 'helds', 'signings', 'endings', 'starts', 'ends']);

/** Fields worked out from a record's facts, or references to other records, not recorded: the digest leaves them out. */
const DERIVED_FIELDS: ReadonlySet<string> = new Set(['episodes', 'latestSince', 'replacedFacts', 'renamesByDate', 'renameLos', 'currentRenames', 'organisation', 'person', 'id', 'chairs']);

function isRecorded(value: unknown): value is Recorded<unknown> {
  return typeof value === 'object' && value !== null && 'data' in value && 'position' in value;
}

/** A record as its recorded facts (position and data); dates parsed from the data are left out. */
function recordedFacts(record: object): Record<string, unknown> {
  const fact = ({ position, data, since, until }: Recorded<unknown>) => ({ position: position.toString(), data, since: since.toString(), until: until?.toString() ?? null });
  const facts: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(record)) {
    if (DERIVED_FIELDS.has(field)) continue;
    facts[field] = FACT_LISTS.has(field) ? itemsOf(value as TightList<Recorded<unknown>>).map(fact) : isRecorded(value) ? fact(value) : value;
  }
  return facts;
}
