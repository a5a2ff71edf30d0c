import { z } from 'zod';
import { parseDate, tryParseDate, type DateRange } from '../../events/dates.js';
import { entityKeySchema } from '../../events/identifiers.js';
import { DEVELOPMENT_TYPES, isDevelopmentType } from '../../events/catalogue.js';
import { invalidQuery } from './problem.js';

const dateParam = z.string().transform((value, ctx) => {
  const range = tryParseDate(value);
  if (!range) {
    try {
      parseDate(value);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: (e as Error).message });
    }
    return z.NEVER;
  }
  return range;
});

export const positionParam = z
  .string()
  .regex(/^\d{1,20}$/, 'a position is a non-negative decimal integer, as returned in asOf.position')
  .transform((v) => BigInt(v));

export const typesParam = z.string().transform((value, ctx) => {
  const types = value.split(',').map((t) => t.trim()).filter(Boolean);
  const unknown = types.filter((t) => !isDevelopmentType(t));
  if (unknown.length > 0) {
    ctx.addIssue({ code: 'custom', message: `unknown type(s) ${unknown.join(', ')}; known: ${DEVELOPMENT_TYPES.join(', ')}` });
    return z.NEVER;
  }
  return types;
});

const knownAtParam = z.iso.datetime({ offset: true, message: 'an ISO 8601 timestamp such as 2025-01-31T12:00:00Z' }).transform((v) => ({ text: v, ms: Date.parse(v) }));

/** Parameters every read accepts: the valid date, the recorded time (one way or the other), read-your-writes. */
export const readParams = {
  at: dateParam.optional().describe('Valid time: the date the question is about (YYYY, YYYY-MM, YYYY-MM-DD, A/B or ../B; a range answers for its last day). Default today, UTC.'),
  knownAt: knownAtParam
    .optional()
    .describe('Recorded time as an ISO 8601 timestamp: answer from the longest prefix of the log recorded at or before it. Not with knownAtPosition.'),
  knownAtPosition: positionParam
    .optional()
    .describe('Recorded time as a log position (asOf.position of an earlier answer): the same answer forever. Waited for like minPosition when not applied yet. Not with knownAt.'),
  minPosition: positionParam
    .optional()
    .describe('Read your own writes: wait (a few seconds at most, then 503) until the read models have applied this position, e.g. the position a POST /developments answered.'),
};

/** The two ways to name a recorded time exclude each other: an answer reflects one position. */
function oneRecordedTime(query: { knownAt?: unknown; knownAtPosition?: unknown }, ctx: z.RefinementCtx): void {
  if (query.knownAt !== undefined && query.knownAtPosition !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['knownAtPosition'], message: 'give either knownAt or knownAtPosition, not both' });
  }
}

export const timelineQuery = z.strictObject({
  ...readParams,
  entity: entityKeySchema.optional().describe('Only items concerning this entity (category:id, e.g. group:iag-tvet)'),
  from: dateParam.optional().describe('Only items that may have happened on or after this valid date'),
  to: dateParam.optional().describe('Only items that may have happened on or before this valid date'),
  types: typesParam.optional().describe('Comma-separated development types, e.g. GroupFormed,MemberJoined'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(1000).optional().describe('The nextCursor of the previous page'),
}).superRefine(oneRecordedTime);

export const atQuery = z.strictObject(readParams).superRefine(oneRecordedTime);

/** Every list pages: 50 items by default, 500 at most. */
export const pageParams = {
  limit: z.coerce.number().int().min(1).max(500).default(50).describe('Items per page'),
  cursor: z.string().max(1000).optional().describe('The nextCursor of the previous page; it carries the recorded time of the first page, so give it without knownAt or knownAtPosition'),
};

function cursorAlone(query: { cursor?: string | undefined; knownAt?: unknown; knownAtPosition?: unknown }, ctx: z.RefinementCtx): void {
  if (query.cursor !== undefined && (query.knownAt !== undefined || query.knownAtPosition !== undefined)) {
    ctx.addIssue({ code: 'custom', path: ['cursor'], message: 'a cursor carries the recorded time of its first page: give it without knownAt or knownAtPosition' });
  }
}

export const stateQuery = z.strictObject({ ...readParams, ...pageParams }).superRefine((query, ctx) => {
  oneRecordedTime(query, ctx);
  cursorAlone(query, ctx);
});

export const changesQuery = z
  .strictObject({ ...readParams, from: dateParam.describe('The first valid date'), to: dateParam.describe('The last valid date (not before from)'), ...pageParams })
  .omit({ at: true })
  .superRefine((query, ctx) => {
    oneRecordedTime(query, ctx);
    cursorAlone(query, ctx);
    if (query.from.hi > query.to.hi) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must not be before from' });
  });

/** Validates a query string; 400 problem naming each offending parameter. */
export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.infer<S> {
  const flat: Record<string, unknown> = {};
  for (const [key, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    // A repeated parameter arrives as an array; one value per parameter keeps answers unambiguous.
    if (Array.isArray(value)) throw invalidQuery([{ parameter: key, message: 'give this parameter once' }]);
    flat[key] = value;
  }
  const result = schema.safeParse(flat);
  if (!result.success) {
    throw invalidQuery(
      result.error.issues.map((i) => ({
        parameter: i.code === 'unrecognized_keys' ? (i as { keys: string[] }).keys.join(', ') : i.path.join('.'),
        message: i.code === 'unrecognized_keys' ? 'unknown parameter' : i.message,
      })),
    );
  }
  return result.data;
}

/** The valid day a state question is about: a range answers for its last day. */
export function dayOf(range: DateRange | undefined, todayDay: number): number {
  return range ? range.hi : todayDay;
}
