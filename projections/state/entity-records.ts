import type { DateRange, HappenedStatus } from '../../events/dates.js';
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
import type { DatedFact, EpisodeVisitor, Tenure, Versioned } from './certainty.js';
import type { MultiIndex } from './multi-index.js';
import type { StoredTenure, VersionSummary } from './stored-facts.js';
import type { TightList } from './tight-list.js';
import type { VersionRow } from './version-table.js';

/**
 * The records the entity history keeps (EntityHistory, entity-history.ts) and what views
 * read of them (HistoryReader): one record per entity, its facts as recorded, and the
 * tenures of the relations between entities.
 */
export interface Recorded<T> extends Versioned {
  readonly data: T;
  readonly position: number;
}

// The records as views read them: one recorded time (see HistoryAt), one version per fact.

/** A registration as filed: its date is the organisation's founding, when the registration gives one. */
export type OrganisationRegistration = Recorded<OrganisationRegistered> & { readonly date: DateRange | undefined };
export type PersonRegistration = Recorded<PersonRegistered>;

export interface OrganisationRecord {
  registration?: OrganisationRegistration;
  /** The registration's data alone (what a name reads), without the fact. */
  readonly registered: OrganisationRegistered | undefined;
  readonly renames: readonly DatedFact<OrganisationRenamed>[];
  /** The same renames in date order (compareFacts): what a name on a day is read from. */
  readonly renamesByDate: readonly DatedFact<OrganisationRenamed>[];
  /** The first day of each of `renamesByDate`, at the same index: searched without visiting each rename. */
  readonly renameLos: readonly number[];
  /** `renamesByDate[index]` alone: a name on a day reads one or two renames, not all of them. */
  renameByDate(index: number): DatedFact<OrganisationRenamed>;
}

export interface PersonRecord {
  registration?: PersonRegistration;
  /** The registration's data alone (what a name reads), without the fact. */
  readonly registered: PersonRegistered | undefined;
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

// The records as stored: every version of every fact, each a row of the amendments'
// version table (see VersionTable), read as versions through HistoryReader.

export interface StoredOrganisation extends VersionSummary {
  registrations: TightList<VersionRow>;
  renames: TightList<VersionRow>;
  /** The renames in valid-time order (see compareRows), and each one's first day at the same index. */
  renamesByDate: readonly VersionRow[];
  renameLos: readonly number[];
  currentRenames: CurrentRenames | undefined;
}

/** The renames known now of an organisation one of whose renames was replaced (see history-at.ts). */
export interface CurrentRenames {
  readonly of: readonly VersionRow[];
  readonly replaced: number;
  readonly rows: readonly VersionRow[];
  readonly renameLos: readonly number[];
}

export interface StoredPerson {
  registrations: TightList<VersionRow>;
  statements: TightList<VersionRow>;
}
export interface StoredGroup {
  formations: TightList<VersionRow>;
  dissolutions: TightList<VersionRow>;
}
export interface StoredMeeting {
  readonly id: string;
  helds: TightList<VersionRow>;
  chairs: TightList<StoredChairTenure>;
}
export interface StoredAgreement {
  readonly id: string;
  signings: TightList<VersionRow>;
  endings: TightList<VersionRow>;
}

interface PostParties {
  readonly organisationId: string;
  readonly personId: string;
  readonly post: string;
}
interface MembershipParties {
  readonly groupId: string;
  readonly organisationId: string;
  organisation: StoredOrganisation | undefined;
}
interface ChairParties {
  readonly target: ChairNamed['target'];
  readonly personId: string;
  person: StoredPerson | undefined;
}

export type StoredPostTenure = StoredTenure & PostParties;
export type StoredMembershipTenure = StoredTenure & MembershipParties;
export type StoredChairTenure = StoredTenure & ChairParties;

// The tenures as views read them: their versions known at one position, as objects.

export type PostTenure = Tenure<PostHolderAppointed, PostHolderLeft> & PostParties;
export type MembershipTenure = Tenure<MemberJoined, MemberLeft> & MembershipParties;
export type ChairTenure = Tenure<ChairNamed, ChairEnded> & ChairParties;

export interface RecordIndex<R> {
  get(key: string): readonly R[];
}

/** A relation index as read at one recorded time: each tenure as known then. */
export interface TenureIndex<T extends Tenure<S, E>, S = StartOf<T>, E = EndOf<T>> {
  get(key: string): readonly T[];
  /**
   * Visits the episodes of the key's tenures that hold on `day` (see forEachEpisodeHolding),
   * passing over a tenure whose reach leaves the day out before it is read: a group's view
   * asks some 180 tenures, about half of which hold nothing on the day.
   */
  forEachHolding(key: string, day: number, context: HappenedStatus, visit: EpisodeVisitor<T, S, E>): void;
}

/** The data of a tenure's starts and ends. */
export type StartOf<T> = T extends Tenure<infer S, unknown> ? S : never;
export type EndOf<T> = T extends Tenure<unknown, infer E> ? E : never;

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
