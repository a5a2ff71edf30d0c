import type { ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { correlationIdHeader } from './request-schemas.js';
import { problemSchema } from './response-schemas.js';

/** Response building blocks shared by the paths: JSON answers, problems, and the headers every answer carries. */

/** Headers on every answer: the correlation id always, the rate-limit fields when a limit is configured. */
const everyAnswer = {
  'X-Correlation-Id': correlationIdHeader,
  RateLimit: z.string().optional().describe('Only when a rate limit is configured: the remaining quota (IETF draft 8)'),
  'RateLimit-Policy': z.string().optional().describe('Only when a rate limit is configured: the quota policy (IETF draft 8)'),
};

export function headersOf(extra: Record<string, z.ZodType> = {}) {
  return z.object({ ...everyAnswer, ...extra });
}

export function json(description: string, schema: z.ZodType, extraHeaders: Record<string, z.ZodType> = {}): ResponseConfig {
  return { description, headers: headersOf(extraHeaders), content: { 'application/json': { schema } } };
}

const retryAfter = z.string().regex(/^\d+$/).describe('Seconds to wait before retrying');

const PROBLEMS: Record<number, { description: string; headers?: Record<string, z.ZodType> }> = {
  400: { description: 'invalid-query, invalid-cursor, invalid-header, malformed-json or invalid-development: `errors` names each offending parameter, header or field' },
  401: {
    description: 'authentication-required (no key where one is needed) or invalid-api-key (an Authorization header that carries no known key)',
    headers: { 'WWW-Authenticate': z.string().describe('Bearer, with error="invalid_token" for an unknown key') },
  },
  403: { description: 'forbidden: the key\'s role does not allow this (`role`, `required`)' },
  404: { description: 'not found (unknown-category, unknown-entity, unknown-verification)' },
  409: { description: 'conflict' },
  412: { description: 'precondition-failed: the stream is not at a revision If-Match names (`currentRevision`); nothing was written' },
  413: { description: 'body-too-large: more than 256 kB' },
  415: { description: 'unsupported-media-type or unsupported-encoding: send application/json' },
  422: { description: 'a domain rule is broken (the code names it, e.g. unknown-organisation, idempotency-key-reused); `errors` points at the field' },
  429: { description: 'rate-limited: too many requests from this key (or address) this minute', headers: { 'Retry-After': retryAfter } },
  500: { description: 'internal-error or corrupt-event (a stored event does not parse: run an audit); never a stack trace' },
  503: {
    description: 'store-unavailable, request-timeout, position-not-reached (minPosition or knownAtPosition not applied within the wait)',
    headers: { 'Retry-After': retryAfter.optional() },
  },
};

/** A problem answer; `description` overrides the general text where a route means something narrower. */
export function problem(status: keyof typeof PROBLEMS, description?: string): ResponseConfig {
  const spec = PROBLEMS[status]!;
  return {
    description: description ?? spec.description,
    headers: headersOf(spec.headers),
    content: { 'application/problem+json': { schema: problemSchema } },
  };
}

/** Problems any route can answer: a bad X-Correlation-Id or Authorization, the rate limit, the deadline, a bug. */
export function commonProblems(): Record<number, ResponseConfig> {
  return { 400: problem(400), 401: problem(401), 429: problem(429), 500: problem(500), 503: problem(503) };
}
