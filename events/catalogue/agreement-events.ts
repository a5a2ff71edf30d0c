import { z } from 'zod';
import { validDate } from '../dates.js';
import { defineEvent, refs } from '../event-definition.js';
import { slug } from '../identifiers.js';
import { sources } from '../sources.js';
import { agreementSignedV1ToV2 } from './agreement-upcasters.js';

export const agreementSigned = z.strictObject({
  agreementId: slug,
  title: z.string().trim().min(1).max(500),
  /** Since version 2 a slug such as "memorandum-of-understanding" (version 1 took free text). */
  kind: z
    .string()
    .max(64, 'a kind has at most 64 characters')
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a kind is lowercase letters, digits and single hyphens, e.g. "memorandum-of-understanding"')
    .optional(),
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

/** Version 1, as stored before `kind` became a slug: free text. */
export const agreementSignedV1 = agreementSigned.extend({ kind: z.string().trim().min(1).max(100).optional() });

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
    schemaVersion: 2,
    schema: agreementSigned,
    upcasters: { 1: { schema: agreementSignedV1, upcast: agreementSignedV1ToV2 } },
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
