import { z } from 'zod';
import { validDate } from '../dates.js';
import { defineEvent, refs } from '../event-definition.js';
import { slug } from '../identifiers.js';
import { sources } from '../sources.js';

export const personRegistered = z.strictObject({
  personId: slug,
  name: z.string().trim().min(1).max(300),
  sources,
});
export type PersonRegistered = z.infer<typeof personRegistered>;

export const statementMade = z.strictObject({
  statementId: slug,
  personId: slug,
  quote: z.string().trim().min(1).max(10_000),
  on: validDate,
  /** The meeting at which the statement was made. */
  occasion: slug.optional(),
  sources,
});
export type StatementMade = z.infer<typeof statementMade>;

export const personEvents = [
  defineEvent({
    type: 'PersonRegistered',
    schemaVersion: 1,
    schema: personRegistered,
    subject: (d) => ({ category: 'person', id: d.personId }),
    references: () => [],
    happenedOn: () => undefined,
    summary: (d) => `${d.name} registered`,
  }),
  defineEvent({
    type: 'StatementMade',
    schemaVersion: 1,
    schema: statementMade,
    subject: (d) => ({ category: 'person', id: d.personId }),
    references: (d) => refs(d.occasion !== undefined && { path: ['occasion'], ref: { category: 'meeting', id: d.occasion } }),
    happenedOn: (d) => d.on,
    summary: (d) => `${d.personId}: “${d.quote.length > 80 ? `${d.quote.slice(0, 79)}…` : d.quote}”`,
  }),
] as const;
