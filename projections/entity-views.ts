import type { HappenedStatus } from '../events/dates.js';
import type { Source } from '../events/sources.js';
import type { Certainty } from './views.js';

/**
 * The entity state at a valid date, as the read models answer it: one view per entity
 * kind, and the whole state of a day (see views.ts for the conventions every view keeps).
 */

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
