import { z } from 'zod';
import { validDate } from '../dates.js';
import { defineEvent, refs } from '../event-definition.js';
import { slug } from '../identifiers.js';
import { sources } from '../sources.js';

export const agreementSigned = z.strictObject({
  agreementId: slug,
  title: z.string().trim().min(1).max(500),
  kind: z.string().trim().min(1).max(100).optional(),
  /** Organisations bound by the agreement; distinctness is a domain rule. */
  parties: z.array(slug).min(2, 'an agreement has two or more parties').max(500),
  /** People who signed it. */
  signatories: z.array(slug).max(500).optional(),
  signedOn: validDate,
  validFrom: validDate.optional(),
  validUntil: validDate.optional(),
  /** The agreement this one replaces. */
  supersedes: slug.optional(),
  sources,
});
export type AgreementSigned = z.infer<typeof agreementSigned>;

export const agreementEnded = z.strictObject({
  agreementId: slug,
  on: validDate,
  reason: z.string().trim().min(1).max(2000).optional(),
  sources,
});
export type AgreementEnded = z.infer<typeof agreementEnded>;

export const agreementEvents = [
  defineEvent({
    type: 'AgreementSigned',
    schemaVersion: 1,
    schema: agreementSigned,
    subject: (d) => ({ category: 'agreement', id: d.agreementId }),
    references: (d) =>
      refs(
        ...d.parties.map((id, i) => ({ path: ['parties', i], ref: { category: 'organisation' as const, id } })),
        ...(d.signatories ?? []).map((id, i) => ({ path: ['signatories', i], ref: { category: 'person' as const, id } })),
        d.supersedes !== undefined && { path: ['supersedes'], ref: { category: 'agreement', id: d.supersedes } },
      ),
    happenedOn: (d) => d.signedOn,
    summary: (d) => `${d.title} signed by ${d.parties.join(', ')}`,
  }),
  defineEvent({
    type: 'AgreementEnded',
    schemaVersion: 1,
    schema: agreementEnded,
    subject: (d) => ({ category: 'agreement', id: d.agreementId }),
    references: () => [],
    happenedOn: (d) => d.on,
    summary: (d) => `${d.agreementId} ended${d.reason ? `: ${d.reason}` : ''}`,
  }),
] as const;
