import type { DatePrecision, HappenedStatus } from '../events/dates.js';
import type { Source } from '../events/sources.js';

/**
 * The answer shapes of the read models. Every view is JSON-ready: strings, numbers,
 * booleans, null, arrays and plain objects only; positions travel as decimal strings and
 * valid-time dates as the text they were recorded with (e.g. "2008", "../2023-12-07").
 */

/** How sure a fact holds on the asked day; facts that certainly do not hold are left out. */
export type Certainty = 'certain' | 'possible';

/** A valid-time date for answers (see describeDate in events/dates.ts). */
export interface DateView {
  readonly text: string;
  /** First possible day (ISO), null for an open start. */
  readonly earliest: string | null;
  /** Last possible day (ISO). */
  readonly latest: string;
  readonly precision: DatePrecision;
}

// ---------------------------------------------------------------------------
// Timeline

export interface TimelineItem {
  readonly position: string;
  readonly eventId: string;
  readonly type: string;
  readonly stream: string;
  /** Entity keys ("group:iag-tvet"): the subject first, then every referenced entity. */
  readonly entities: readonly string[];
  /** When the development happened; null for undated developments (registrations). */
  readonly date: DateView | null;
  readonly summary: string;
  readonly data: unknown;
  readonly sources: readonly Source[];
  readonly recordedAt: string;
  readonly recordedBy: string;
  /**
   * Present once the development was corrected or retracted (as known at the asked
   * position): the original, then each amendment, oldest first. `data` and `date` are
   * the development as corrected by then.
   */
  readonly history?: readonly AmendmentView[];
}

/** One step of a development's recorded history: who recorded what, when and why. */
export interface AmendmentView {
  readonly kind: 'original' | 'correction' | 'retraction';
  readonly position: string;
  readonly eventId: string;
  readonly recordedAt: string;
  readonly recordedBy: string;
  readonly reason: string | null;
  /** A correction's changed fields (null removes an optional field). */
  readonly changes: Record<string, unknown> | null;
  /** The event a correction or retraction targets. */
  readonly amends: string | null;
}

/**
 * The sort key of a timeline item, passed back as `after` to get the next page.
 * Null days stand for "no bound": an open start has no earliest day, an undated item
 * has neither (undated items sort first, then open starts, then dated items).
 */
export interface TimelineCursorKey {
  readonly earliestDay: number | null;
  readonly latestDay: number | null;
  readonly position: string;
}

export interface TimelinePage {
  readonly items: TimelineItem[];
  /** Present when more items may follow: pass it as `after` for the next page. */
  readonly nextKey?: TimelineCursorKey;
}

// ---------------------------------------------------------------------------
// Entity state at a valid date

export interface NameView {
  readonly name: string;
  readonly acronym: string | null;
  /** The rename date, or the founding date (null if unknown) for the registered name. */
  readonly since: string | null;
}

export interface OrganisationPostView {
  readonly personId: string;
  readonly personName: string | null;
  readonly post: string;
  readonly from: string;
  readonly certainty: Certainty;
}

export interface GroupMembershipView {
  readonly groupId: string;
  readonly groupName: string | null;
  readonly since: string;
  readonly certainty: Certainty;
}

export interface PartyToView {
  readonly agreementId: string;
  readonly title: string;
  readonly signedOn: string;
  readonly inForce: boolean;
  readonly inForceCertainty: Certainty | null;
}

export interface OrganisationView {
  readonly category: 'organisation';
  readonly id: string;
  /** The name in force on the asked day. */
  readonly name: string;
  readonly acronym: string | null;
  /** 'possible' when a rename may or may not have happened by the asked day. */
  readonly nameCertainty: Certainty;
  /** Every name over time, oldest first. */
  readonly names: readonly NameView[];
  readonly classification: string | null;
  readonly foundedOn: string | null;
  readonly existence: HappenedStatus;
  readonly posts: readonly OrganisationPostView[];
  readonly groups: readonly GroupMembershipView[];
  /** Agreements signed (certainly or possibly) by the asked day. */
  readonly agreements: readonly PartyToView[];
}

export interface PersonPostView {
  readonly organisationId: string;
  readonly organisationName: string | null;
  readonly post: string;
  readonly from: string;
  readonly certainty: Certainty;
}

export interface GroupChairHeldView {
  readonly groupId: string;
  readonly groupName: string | null;
  readonly role: 'chair' | 'co-chair';
  readonly onBehalfOf: string | null;
  readonly from: string;
  readonly certainty: Certainty;
}

export interface MeetingChairedView {
  readonly meetingId: string;
  readonly title: string | null;
  readonly role: 'chair' | 'co-chair';
  readonly onBehalfOf: string | null;
  readonly from: string;
  readonly certainty: Certainty;
}

export interface StatementView {
  readonly statementId: string;
  readonly quote: string;
  readonly on: string;
  readonly occasion: string | null;
  readonly certainty: Certainty;
}

export interface PersonView {
  readonly category: 'person';
  readonly id: string;
  readonly name: string;
  readonly posts: readonly PersonPostView[];
  readonly chairs: readonly GroupChairHeldView[];
  /** Meetings the person was named to chair by the asked day. */
  readonly meetingsChaired: readonly MeetingChairedView[];
  /** Statements made on or before the asked day, oldest first. */
  readonly statements: readonly StatementView[];
}

export interface MemberView {
  readonly organisationId: string;
  readonly name: string | null;
  readonly since: string;
  readonly certainty: Certainty;
}

export interface WorkingGroupView {
  readonly groupId: string;
  readonly name: string;
  readonly acronym: string | null;
  readonly formedOn: string;
  readonly dissolvedOn: string | null;
  /** How sure it is that the working group was formed by the asked day. */
  readonly certainty: Certainty;
}

export interface ChairView {
  readonly personId: string;
  readonly name: string | null;
  readonly role: 'chair' | 'co-chair';
  readonly onBehalfOf: string | null;
  readonly from: string;
  readonly certainty: Certainty;
}

export interface GroupMeetingView {
  readonly meetingId: string;
  readonly title: string;
  readonly kind: string;
  readonly on: string;
  readonly until: string | null;
  /** The meeting's chairs and co-chairs: they belong to that one occasion. */
  readonly chairs: readonly MeetingChairView[];
}

export interface GroupView {
  readonly category: 'group';
  readonly id: string;
  readonly name: string;
  readonly acronym: string | null;
  readonly kind: string;
  readonly parentGroupId: string | null;
  readonly convenedBy: string | null;
  readonly formedOn: string;
  readonly purpose: string | null;
  readonly dissolvedOn: string | null;
  readonly existence: HappenedStatus;
  readonly members: readonly MemberView[];
  readonly workingGroups: readonly WorkingGroupView[];
  readonly chairs: readonly ChairView[];
  /** Every meeting of the group, whatever the asked day, oldest first. */
  readonly meetings: readonly GroupMeetingView[];
}

export interface MeetingChairView {
  readonly personId: string;
  readonly name: string | null;
  readonly role: 'chair' | 'co-chair';
  readonly onBehalfOf: string | null;
  readonly from: string;
  readonly until: string | null;
}

export interface MeetingView {
  readonly category: 'meeting';
  readonly id: string;
  readonly title: string;
  readonly kind: string;
  readonly on: string;
  readonly until: string | null;
  readonly groupId: string | null;
  readonly hostId: string | null;
  readonly location: string | null;
  readonly participants: readonly { readonly organisationId: string; readonly name: string | null }[];
  readonly topics: readonly string[];
  readonly theme: string | null;
  readonly sources: readonly Source[];
  /** Whether the meeting has taken place by the asked day. */
  readonly happened: HappenedStatus;
  /** Every chair of the meeting: a meeting's chairs are facts of that one occasion. */
  readonly chairs: readonly MeetingChairView[];
}

export interface AgreementView {
  readonly category: 'agreement';
  readonly id: string;
  readonly title: string;
  readonly kind: string | null;
  readonly parties: readonly { readonly organisationId: string; readonly name: string | null }[];
  readonly signatories: readonly { readonly personId: string; readonly name: string | null }[];
  readonly signedOn: string;
  readonly validFrom: string | null;
  readonly validUntil: string | null;
  /** The earliest recorded end (AgreementEnded), if any. */
  readonly endedOn: string | null;
  readonly endReason: string | null;
  readonly supersedes: string | null;
  readonly supersededBy: readonly string[];
  readonly signed: HappenedStatus;
  readonly inForce: boolean;
  readonly inForceCertainty: Certainty | null;
  readonly sources: readonly Source[];
}

export type EntityView = OrganisationView | PersonView | GroupView | MeetingView | AgreementView;

/** Everything that exists (certainly or possibly) on a day, each list ordered by id. */
export interface StateView {
  readonly at: string;
  readonly organisations: readonly OrganisationView[];
  readonly people: readonly PersonView[];
  readonly groups: readonly GroupView[];
  readonly meetings: readonly MeetingView[];
  readonly agreements: readonly AgreementView[];
}

// ---------------------------------------------------------------------------
// Changes between two valid dates

export type ChangeKind =
  | 'group-formed'
  | 'group-dissolved'
  | 'member-joined'
  | 'member-left'
  | 'chair-named'
  | 'chair-ended'
  | 'agreement-in-force'
  | 'agreement-out-of-force'
  | 'organisation-renamed';

export interface ChangeView {
  readonly kind: ChangeKind;
  /** The entity whose state changed ("group:iag-tvet"). */
  readonly entity: string;
  /** The other party: the member, the chair, the superseding agreement; null if none. */
  readonly related: string | null;
  /** When the change happened (the event's date; for agreements, the day in or out of force). */
  readonly date: DateView;
  /** Certain when the date lies wholly between the two days, possible when it overlaps. */
  readonly certainty: Certainty;
  /** The development that makes the change (for an expiry, the agreement's signing). */
  readonly eventId: string;
}

export interface ChangesView {
  readonly changes: readonly ChangeView[];
}
