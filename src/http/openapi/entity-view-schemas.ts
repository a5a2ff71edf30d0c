import { z } from 'zod';
import type * as V from '../../../projections/views.js';
import { describes } from './type-check.js';
import { certainty, chairRole, dateText, happened, orNull, sources } from './view-schema-fields.js';

/**
 * The entities' views as zod schemas (see view-schemas.ts, which re-exports them): the
 * five categories, each with the parts it lists, and their union.
 */

const nameView = z.strictObject({ name: z.string(), acronym: z.string().nullable(), since: z.string().nullable() }).meta({ id: 'Name' });
describes<typeof nameView, V.NameView>(true);

const organisationPost = z.strictObject({ personId: z.string(), personName: z.string().nullable(), post: z.string(), from: dateText, certainty }).meta({ id: 'OrganisationPost' });
describes<typeof organisationPost, V.OrganisationPostView>(true);

const groupMembership = z.strictObject({ groupId: z.string(), groupName: z.string().nullable(), since: dateText, certainty }).meta({ id: 'GroupMembership' });
describes<typeof groupMembership, V.GroupMembershipView>(true);

const partyTo = z
  .strictObject({ agreementId: z.string(), title: z.string(), signedOn: dateText, inForce: z.boolean(), inForceCertainty: orNull(certainty) })
  .meta({ id: 'PartyTo' });
describes<typeof partyTo, V.PartyToView>(true);

export const organisationView = z
  .strictObject({
    category: z.literal('organisation'),
    id: z.string(),
    name: z.string().describe('The name in force on the asked day'),
    acronym: z.string().nullable(),
    nameCertainty: certainty,
    names: z.array(nameView).describe('Every name over time, oldest first'),
    classification: z.string().nullable(),
    foundedOn: dateText.nullable(),
    existence: happened,
    posts: z.array(organisationPost),
    groups: z.array(groupMembership),
    agreements: z.array(partyTo),
  })
  .meta({ id: 'Organisation' });
describes<typeof organisationView, V.OrganisationView>(true);

const personPost = z.strictObject({ organisationId: z.string(), organisationName: z.string().nullable(), post: z.string(), from: dateText, certainty }).meta({ id: 'PersonPost' });
describes<typeof personPost, V.PersonPostView>(true);

const groupChairHeld = z
  .strictObject({ groupId: z.string(), groupName: z.string().nullable(), role: chairRole, onBehalfOf: z.string().nullable(), from: dateText, certainty })
  .meta({ id: 'GroupChairHeld' });
describes<typeof groupChairHeld, V.GroupChairHeldView>(true);

const meetingChaired = z
  .strictObject({ meetingId: z.string(), title: z.string().nullable(), role: chairRole, onBehalfOf: z.string().nullable(), from: dateText, certainty })
  .meta({ id: 'MeetingChaired' });
describes<typeof meetingChaired, V.MeetingChairedView>(true);

const statement = z.strictObject({ statementId: z.string(), quote: z.string(), on: dateText, occasion: z.string().nullable(), certainty }).meta({ id: 'Statement' });
describes<typeof statement, V.StatementView>(true);

export const personView = z
  .strictObject({
    category: z.literal('person'),
    id: z.string(),
    name: z.string(),
    posts: z.array(personPost),
    chairs: z.array(groupChairHeld),
    meetingsChaired: z.array(meetingChaired),
    statements: z.array(statement).describe('Statements made on or before the asked day, oldest first'),
  })
  .meta({ id: 'Person' });
describes<typeof personView, V.PersonView>(true);

const member = z.strictObject({ organisationId: z.string(), name: z.string().nullable(), since: dateText, certainty }).meta({ id: 'Member' });
describes<typeof member, V.MemberView>(true);

const workingGroup = z
  .strictObject({ groupId: z.string(), name: z.string(), acronym: z.string().nullable(), formedOn: dateText, dissolvedOn: dateText.nullable(), certainty })
  .meta({ id: 'WorkingGroup' });
describes<typeof workingGroup, V.WorkingGroupView>(true);

const chair = z
  .strictObject({ personId: z.string(), name: z.string().nullable(), role: chairRole, onBehalfOf: z.string().nullable(), from: dateText, certainty })
  .meta({ id: 'Chair' });
describes<typeof chair, V.ChairView>(true);

const meetingChair = z
  .strictObject({ personId: z.string(), name: z.string().nullable(), role: chairRole, onBehalfOf: z.string().nullable(), from: dateText, until: dateText.nullable() })
  .meta({ id: 'MeetingChair' });
describes<typeof meetingChair, V.MeetingChairView>(true);

const groupMeeting = z
  .strictObject({ meetingId: z.string(), title: z.string(), kind: z.string(), on: dateText, until: dateText.nullable(), chairs: z.array(meetingChair) })
  .meta({ id: 'GroupMeeting' });
describes<typeof groupMeeting, V.GroupMeetingView>(true);

export const groupView = z
  .strictObject({
    category: z.literal('group'),
    id: z.string(),
    name: z.string(),
    acronym: z.string().nullable(),
    kind: z.string(),
    parentGroupId: z.string().nullable(),
    convenedBy: z.string().nullable(),
    formedOn: dateText,
    purpose: z.string().nullable(),
    dissolvedOn: dateText.nullable(),
    existence: happened,
    members: z.array(member),
    workingGroups: z.array(workingGroup),
    chairs: z.array(chair),
    meetings: z.array(groupMeeting).describe('Every meeting of the group, whatever the asked day, oldest first'),
  })
  .meta({ id: 'Group' });
describes<typeof groupView, V.GroupView>(true);

const namedOrganisation = z.strictObject({ organisationId: z.string(), name: z.string().nullable() });

export const meetingView = z
  .strictObject({
    category: z.literal('meeting'),
    id: z.string(),
    title: z.string(),
    kind: z.string(),
    on: dateText,
    until: dateText.nullable(),
    groupId: z.string().nullable(),
    hostId: z.string().nullable(),
    location: z.string().nullable(),
    participants: z.array(namedOrganisation),
    topics: z.array(z.string()),
    theme: z.string().nullable(),
    sources,
    happened: happened.describe('Whether the meeting has taken place by the asked day'),
    chairs: z.array(meetingChair),
  })
  .meta({ id: 'Meeting' });
describes<typeof meetingView, V.MeetingView>(true);

export const agreementView = z
  .strictObject({
    category: z.literal('agreement'),
    id: z.string(),
    title: z.string(),
    kind: z.string().nullable(),
    parties: z.array(namedOrganisation),
    signatories: z.array(z.strictObject({ personId: z.string(), name: z.string().nullable() })),
    signedOn: dateText,
    validFrom: dateText.nullable(),
    validUntil: dateText.nullable(),
    endedOn: dateText.nullable().describe('The earliest recorded end, if any'),
    endReason: z.string().nullable(),
    supersedes: z.string().nullable(),
    supersededBy: z.array(z.string()),
    signed: happened,
    inForce: z.boolean(),
    inForceCertainty: orNull(certainty),
    sources,
  })
  .meta({ id: 'Agreement' });
describes<typeof agreementView, V.AgreementView>(true);

export const entityView = z
  .discriminatedUnion('category', [organisationView, personView, groupView, meetingView, agreementView])
  .meta({ id: 'Entity', description: 'An entity as it stands on the asked day, as known at the asked recorded time.' });
describes<typeof entityView, V.EntityView>(true);
