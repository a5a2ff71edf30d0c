import { z } from 'zod';
import { source } from '../../../events/sources.js';
import type * as V from '../../../projections/views.js';
import { describes } from './type-check.js';

/**
 * The read models' answer shapes as zod schemas, for the OpenAPI document and the
 * contract test. projections/views.ts stays the TypeScript home of these shapes (the
 * projections are changed in parallel and keep their readonly interfaces); every schema
 * here is checked against its view type at compile time (`describes`), so a field added,
 * removed or retyped on either side fails `npm run typecheck`.
 */

/**
 * Null or a named schema. zod-to-openapi renders `.nullable()` of a named schema as
 * `allOf: [$ref, {type: [..., null]}]`, which refuses null (the $ref does): a union
 * renders as `anyOf: [$ref, {type: null}]`, which the contract test showed to be right.
 */
export function orNull<S extends z.ZodType>(schema: S) {
  return z.union([schema, z.null()]);
}

const certainty = z.enum(['certain', 'possible']).meta({ id: 'Certainty', description: 'How sure a fact holds on the asked day; facts that certainly do not hold are left out.' });
const happened = z.enum(['certain', 'possible', 'absent']).meta({ id: 'HappenedStatus', description: 'Whether something had happened (or holds) by the asked day: certainly, possibly (its date range straddles the day), or not.' });
const isoDay = z.string().describe('An ISO day, YYYY-MM-DD');
const dateText = z.string().describe('A valid-time date as recorded: YYYY, YYYY-MM, YYYY-MM-DD, A/B or ../B');
const entityKey = z.string().describe('An entity key, category:id, e.g. "group:iag-tvet"');
const position = z.string().regex(/^\d+$/).describe('A log position, as a decimal string');
const chairRole = z.enum(['chair', 'co-chair']);
const sources = z.array(source.meta({ id: 'Source', description: 'Where a development was read.' }));

export const dateView = z
  .strictObject({
    text: dateText,
    earliest: isoDay.nullable().describe('First possible day; null for an open start'),
    latest: isoDay.describe('Last possible day'),
    precision: z.enum(['day', 'month', 'year', 'interval', 'open-start']),
  })
  .meta({ id: 'DateView', description: 'A valid-time date with the range of days it may mean.' });
describes<typeof dateView, V.DateView>(true);

export const amendmentView = z
  .strictObject({
    kind: z.enum(['original', 'correction', 'retraction']),
    position,
    eventId: z.string(),
    recordedAt: z.iso.datetime({ offset: true }),
    recordedBy: z.string(),
    reason: z.string().nullable(),
    changes: z.record(z.string(), z.unknown()).nullable().describe("A correction's changed fields (null removes an optional field)"),
    amends: z.string().nullable().describe('The event a correction or retraction targets'),
  })
  .meta({ id: 'Amendment', description: "One step of a development's recorded history." });
describes<typeof amendmentView, V.AmendmentView>(true);

export const timelineItem = z
  .strictObject({
    position,
    eventId: z.string(),
    type: z.string().describe('The development type, e.g. GroupFormed'),
    stream: z.string(),
    entities: z.array(entityKey).describe('The subject first, then every referenced entity'),
    date: orNull(dateView).describe('When the development happened; null for undated developments (registrations)'),
    summary: z.string(),
    data: z.unknown().describe("The development's fields, as corrected by the asked recorded time"),
    sources,
    recordedAt: z.iso.datetime({ offset: true }),
    recordedBy: z.string(),
    history: z.array(amendmentView).optional().describe('Present once the development was corrected or retracted: the original, then each amendment, oldest first'),
  })
  .meta({ id: 'TimelineItem', description: 'One development on the timeline.' });
describes<typeof timelineItem, V.TimelineItem>(true);

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

export const changeView = z
  .strictObject({
    kind: z.enum([
      'group-formed',
      'group-dissolved',
      'member-joined',
      'member-left',
      'chair-named',
      'chair-ended',
      'agreement-in-force',
      'agreement-out-of-force',
      'organisation-renamed',
    ]),
    entity: entityKey.describe('The entity whose state changed'),
    related: z.string().nullable().describe('The other party: the member, the chair, the superseding agreement; null if none'),
    date: dateView,
    certainty: certainty.describe('Certain when the date lies wholly between the two days, possible when it overlaps'),
    eventId: z.string().describe('The development that makes the change'),
  })
  .meta({ id: 'Change' });
describes<typeof changeView, V.ChangeView>(true);

export const stateView = z
  .strictObject({
    at: isoDay,
    organisations: z.array(organisationView),
    people: z.array(personView),
    groups: z.array(groupView),
    meetings: z.array(meetingView),
    agreements: z.array(agreementView),
  })
  .meta({ id: 'State', description: 'Everything that exists (certainly or possibly) on a day, each list ordered by id; a page holds a slice of the five lists in this order.' });
describes<typeof stateView, V.StateView>(true);
