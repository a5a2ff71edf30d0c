import { z } from 'zod';
import { DEVELOPMENT_TYPES, definitionOf } from '../../../events/catalogue.js';
import { ENTITY_CATEGORIES, SLUG_PATTERN } from '../../../events/identifiers.js';
import { IDEMPOTENCY_KEY } from '../development-routes.js';
import { CORRELATION_ID } from '../request-context.js';

/** Headers and path parameters, with the same patterns the routes check. */

export const correlationIdHeader = z
  .string()
  .regex(CORRELATION_ID)
  .describe('Echoed on every answer; give your own (1 to 200 of letters, digits and . _ : -) to follow a request through the logs, else the server makes one.');

export const idempotencyKeyHeader = z
  .string()
  .regex(IDEMPOTENCY_KEY)
  .describe(
    'Makes a retry safe: the event id is derived from the caller and this key, so a retry answers with the stored result (Idempotent-Replayed: true) and writes nothing; the same key with a different development is 422 idempotency-key-reused.',
  );

export const ifMatchHeader = z
  .string()
  .describe('Append only if the stream is at this revision: an ETag from GET /entities/{category}/{id} ("12"), a list of them, or * (the stream exists). Else 412, nothing written. Weak tags never match.');

export const lastEventIdHeader = z.string().regex(/^\d{1,20}$/).describe('Resume after the item with this id (a position): the items after it are sent first, none twice and none missed.');

export const entityPath = z.strictObject({
  category: z.enum(ENTITY_CATEGORIES).describe('Unknown categories answer 404 unknown-category'),
  id: z.string().max(64).regex(SLUG_PATTERN).describe('The entity id, e.g. iag-tvet'),
});

export const verificationPath = z.strictObject({ id: z.string().describe('The id a POST /audit/verifications answered') });

/**
 * A development as POST /developments takes it: `{type, ...fields}`, one variant per
 * catalogue entry, built from the catalogue's own schemas.
 */
export function developmentBodySchema(): z.ZodType {
  const variants = DEVELOPMENT_TYPES.map((type) => {
    const schema = definitionOf(type)!.schema;
    if (!(schema instanceof z.ZodObject)) throw new Error(`the schema of ${type} is not an object; the document cannot describe it`);
    return schema.extend({ type: z.literal(type) }).meta({ id: `${type}Development` });
  });
  return z
    .discriminatedUnion('type', variants as unknown as [z.ZodObject, ...z.ZodObject[]])
    .meta({ id: 'Development', description: 'A development: its type and its fields. Unknown types and unknown fields are refused (400 invalid-development).' });
}
