import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { developmentBodySchema, idempotencyKeyHeader, ifMatchHeader } from './request-schemas.js';
import { developmentRecorded } from './response-schemas.js';
import { commonProblems, json, problem } from './responses.js';
import { KEY_SECURITY } from './security.js';

/** `POST /developments`, the one write. */
export function registerWritePaths(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'post',
    path: '/developments',
    tags: ['Writes'],
    summary: 'Record a development',
    description:
      'Validates the development, decides it against the current state of its stream and appends it. Needs the editor role. Read your write by passing the answered `position` as `minPosition`.',
    security: KEY_SECURITY,
    request: {
      headers: z.object({ 'Idempotency-Key': idempotencyKeyHeader.optional(), 'If-Match': ifMatchHeader.optional() }),
      body: { required: true, content: { 'application/json': { schema: developmentBodySchema() } } },
    },
    responses: {
      ...commonProblems(),
      201: json('Recorded (or, for a retried Idempotency-Key, the stored result: nothing written)', developmentRecorded, {
        Location: z.string().optional().describe('The entity written: /entities/{category}/{id}'),
        ETag: z.string().regex(/^"\d+"$/).describe('The stream revision now'),
        'Idempotent-Replayed': z.literal('true').optional().describe('Only on a retry answered from the stored result'),
      }),
      403: problem(403, 'forbidden: needs the editor role'),
      409: problem(409, 'concurrency-conflict: another write to the stream won the race; retry'),
      412: problem(412),
      413: problem(413),
      415: problem(415),
      422: problem(422),
    },
  });
}
