import { z } from 'zod';
import { validDate } from '../dates.js';
import { defineEvent, refs, type Reference } from '../event-definition.js';
import { slug, type EntityRef } from '../identifiers.js';
import { sources } from '../sources.js';

export const GROUP_KINDS = ['interagency-group', 'working-group', 'partnership', 'network', 'other'] as const;

export const groupFormed = z.strictObject({
  groupId: slug,
  name: z.string().trim().min(1).max(300),
  acronym: z.string().trim().min(1).max(40).optional(),
  kind: z.enum(GROUP_KINDS),
  parentGroupId: slug.optional(),
  /** The organisation that convened (created) the group. */
  convenedBy: slug.optional(),
  formedOn: validDate,
  purpose: z.string().trim().min(1).max(2000).optional(),
  sources,
});
export type GroupFormed = z.infer<typeof groupFormed>;

export const memberJoined = z.strictObject({ groupId: slug, organisationId: slug, on: validDate, sources });
export type MemberJoined = z.infer<typeof memberJoined>;

export const memberLeft = z.strictObject({ groupId: slug, organisationId: slug, on: validDate, sources });
export type MemberLeft = z.infer<typeof memberLeft>;

export const groupDissolved = z.strictObject({ groupId: slug, on: validDate, sources });
export type GroupDissolved = z.infer<typeof groupDissolved>;

/** A chair sits on a group or on a single meeting; the event lives in the target's stream. */
export const chairTarget = z.strictObject({ kind: z.enum(['group', 'meeting']), id: slug });
export type ChairTarget = z.infer<typeof chairTarget>;

export const chairNamed = z.strictObject({
  target: chairTarget,
  personId: slug,
  role: z.enum(['chair', 'co-chair']),
  /** The organisation the person chairs for. */
  onBehalfOf: slug.optional(),
  from: validDate,
  sources,
});
export type ChairNamed = z.infer<typeof chairNamed>;

export const chairEnded = z.strictObject({ target: chairTarget, personId: slug, on: validDate, sources });
export type ChairEnded = z.infer<typeof chairEnded>;

const group = (id: string): EntityRef => ({ category: 'group', id });
const organisation = (id: string): EntityRef => ({ category: 'organisation', id });
const targetRef = (t: ChairTarget): EntityRef => ({ category: t.kind, id: t.id });

export const groupEvents = [
  defineEvent({
    type: 'GroupFormed',
    schemaVersion: 1,
    schema: groupFormed,
    subject: (d) => group(d.groupId),
    references: (d) =>
      refs(
        d.parentGroupId !== undefined && { path: ['parentGroupId'], ref: group(d.parentGroupId) },
        d.convenedBy !== undefined && { path: ['convenedBy'], ref: organisation(d.convenedBy) },
      ),
    happenedOn: (d) => d.formedOn,
    summary: (d) => `${d.name}${d.acronym ? ` (${d.acronym})` : ''} formed${d.convenedBy ? ` by ${d.convenedBy}` : ''}${d.parentGroupId ? ` under ${d.parentGroupId}` : ''}`,
  }),
  defineEvent({
    type: 'MemberJoined',
    schemaVersion: 1,
    schema: memberJoined,
    subject: (d) => group(d.groupId),
    references: (d) => refs({ path: ['organisationId'], ref: organisation(d.organisationId) }),
    happenedOn: (d) => d.on,
    summary: (d) => `${d.organisationId} joined ${d.groupId}`,
  }),
  defineEvent({
    type: 'MemberLeft',
    schemaVersion: 1,
    schema: memberLeft,
    subject: (d) => group(d.groupId),
    references: (d) => refs({ path: ['organisationId'], ref: organisation(d.organisationId) }),
    happenedOn: (d) => d.on,
    summary: (d) => `${d.organisationId} left ${d.groupId}`,
  }),
  defineEvent({
    type: 'GroupDissolved',
    schemaVersion: 1,
    schema: groupDissolved,
    subject: (d) => group(d.groupId),
    references: () => [],
    happenedOn: (d) => d.on,
    summary: (d) => `${d.groupId} dissolved`,
  }),
  defineEvent({
    type: 'ChairNamed',
    schemaVersion: 1,
    schema: chairNamed,
    subject: (d) => targetRef(d.target),
    references: (d): Reference[] =>
      refs(
        { path: ['personId'], ref: { category: 'person', id: d.personId } },
        d.onBehalfOf !== undefined && { path: ['onBehalfOf'], ref: organisation(d.onBehalfOf) },
      ),
    happenedOn: (d) => d.from,
    summary: (d) => `${d.personId} named ${d.role} of ${d.target.kind} ${d.target.id}${d.onBehalfOf ? ` for ${d.onBehalfOf}` : ''}`,
  }),
  defineEvent({
    type: 'ChairEnded',
    schemaVersion: 1,
    schema: chairEnded,
    subject: (d) => targetRef(d.target),
    references: (d) => refs({ path: ['personId'], ref: { category: 'person', id: d.personId } }),
    happenedOn: (d) => d.on,
    summary: (d) => `${d.personId} no longer chairs ${d.target.kind} ${d.target.id}`,
  }),
] as const;
