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
import type { DatedFact, Tenure, VersionSummary, Versioned } from './certainty.js';
import type { MultiIndex } from './multi-index.js';
import type { TightList } from './tight-list.js';

/**
 * The records the entity history keeps (EntityHistory, entity-history.ts) and what views
 * read of them (HistoryReader): one record per entity, its facts as recorded, and the
 * tenures of the relations between entities.
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
