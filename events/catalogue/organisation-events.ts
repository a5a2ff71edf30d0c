import { z } from 'zod';
import { validDate } from '../dates.js';
import { defineEvent, refs } from '../event-definition.js';
import { slug } from '../identifiers.js';
import { sources } from '../sources.js';

const name = z.string().trim().min(1).max(300);
const acronym = z.string().trim().min(1).max(40);

export const organisationRegistered = z.strictObject({
  organisationId: slug,
  name,
  acronym: acronym.optional(),
  classification: z.string().trim().min(1).max(100).optional(),
  foundedOn: validDate.optional(),
  sources,
});
export type OrganisationRegistered = z.infer<typeof organisationRegistered>;

export const organisationRenamed = z.strictObject({
  organisationId: slug,
  name,
  acronym: acronym.optional(),
  on: validDate,
  sources,
});
export type OrganisationRenamed = z.infer<typeof organisationRenamed>;

const post = z.string().trim().min(1).max(200);

export const postHolderAppointed = z.strictObject({
  organisationId: slug,
  personId: slug,
  post,
  from: validDate,
  sources,
});
export type PostHolderAppointed = z.infer<typeof postHolderAppointed>;

export const postHolderLeft = z.strictObject({
  organisationId: slug,
  personId: slug,
  post,
  on: validDate,
  sources,
});
export type PostHolderLeft = z.infer<typeof postHolderLeft>;

const organisation = (id: string) => ({ category: 'organisation' as const, id });
const person = (id: string) => ({ category: 'person' as const, id });

export const organisationEvents = [
  defineEvent({
    type: 'OrganisationRegistered',
    schemaVersion: 1,
    schema: organisationRegistered,
    subject: (d) => organisation(d.organisationId),
    references: () => [],
    happenedOn: (d) => d.foundedOn,
    summary: (d) => `${d.name}${d.acronym ? ` (${d.acronym})` : ''} registered${d.foundedOn ? `, founded ${d.foundedOn}` : ''}`,
  }),
  defineEvent({
    type: 'OrganisationRenamed',
    schemaVersion: 1,
    schema: organisationRenamed,
    subject: (d) => organisation(d.organisationId),
    references: () => [],
    happenedOn: (d) => d.on,
    summary: (d) => `${d.organisationId} renamed ${d.name}${d.acronym ? ` (${d.acronym})` : ''}`,
  }),
  defineEvent({
    type: 'PostHolderAppointed',
    schemaVersion: 1,
    schema: postHolderAppointed,
    subject: (d) => organisation(d.organisationId),
    references: (d) => refs({ path: ['personId'], ref: person(d.personId) }),
    happenedOn: (d) => d.from,
    summary: (d) => `${d.personId} holds the post of ${d.post} at ${d.organisationId}`,
  }),
  defineEvent({
    type: 'PostHolderLeft',
    schemaVersion: 1,
    schema: postHolderLeft,
    subject: (d) => organisation(d.organisationId),
    references: (d) => refs({ path: ['personId'], ref: person(d.personId) }),
    happenedOn: (d) => d.on,
    summary: (d) => `${d.personId} left the post of ${d.post} at ${d.organisationId}`,
  }),
] as const;
