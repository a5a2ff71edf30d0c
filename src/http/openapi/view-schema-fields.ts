import { z } from 'zod';
import { source } from '../../../events/sources.js';

/** The fields several view schemas share (view-schemas.ts, entity-view-schemas.ts). */

/**
 * Null or a named schema. zod-to-openapi renders `.nullable()` of a named schema as
 * `allOf: [$ref, {type: [..., null]}]`, which refuses null (the $ref does): a union
 * renders as `anyOf: [$ref, {type: null}]`, which the contract test showed to be right.
 */
export function orNull<S extends z.ZodType>(schema: S) {
  return z.union([schema, z.null()]);
}

export const certainty = z.enum(['certain', 'possible']).meta({ id: 'Certainty', description: 'How sure a fact holds on the asked day; facts that certainly do not hold are left out.' });
export const happened = z.enum(['certain', 'possible', 'absent']).meta({ id: 'HappenedStatus', description: 'Whether something had happened (or holds) by the asked day: certainly, possibly (its date range straddles the day), or not.' });
export const isoDay = z.string().describe('An ISO day, YYYY-MM-DD');
export const dateText = z.string().describe('A valid-time date as recorded: YYYY, YYYY-MM, YYYY-MM-DD, A/B or ../B');
export const entityKey = z.string().describe('An entity key, category:id, e.g. "group:iag-tvet"');
export const position = z.string().regex(/^\d+$/).describe('A log position, as a decimal string');
export const chairRole = z.enum(['chair', 'co-chair']);
export const sources = z.array(source.meta({ id: 'Source', description: 'Where a development was read.' }));
