import { Router } from 'express';
import { v4 as uuidv4 } from 'uuid';
import type { ConcordMetrics } from '../observability/metrics.js';
import { parseDevelopment } from '../../events/catalogue.js';
import { entityKey, parseStreamName } from '../../events/identifiers.js';
import { idempotencyKeyEventId } from '../recording/event-ids.js';
import { recordDevelopment, type Clock } from '../recording/record-development.js';
import type { EventStore } from '../store/event-store.js';
import { parseIfMatch, revisionTag } from './preconditions.js';
import { HttpProblem, invalidBody } from './problem.js';
import { callerOf, requireRole } from './authentication.js';
import type { DevelopmentRecorded } from './openapi/response-schemas.js';
import { contextOf } from './request-context.js';

export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

export interface DevelopmentRoutesOptions {
  readonly store: EventStore;
  readonly clock: Clock;
  readonly metrics: ConcordMetrics;
}

function headerOnce(value: string | string[] | undefined, name: string): string | undefined {
  if (Array.isArray(value)) throw new HttpProblem(400, 'invalid-header', 'Invalid header', `give ${name} once`, { errors: [{ header: name, message: 'repeated' }] });
  return value;
}

/** `POST /developments`: validate, decide against the store, append. */
export function developmentRoutes({ store, clock, metrics }: DevelopmentRoutesOptions): Router {
  const router = Router();
  router.post('/developments', requireRole('editor'), async (req, res) => {
    if (!req.is('application/json')) {
      throw new HttpProblem(415, 'unsupported-media-type', 'Unsupported media type', 'send the development as application/json');
    }
    const idempotencyKey = headerOnce(req.headers['idempotency-key'], 'Idempotency-Key');
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new HttpProblem(400, 'invalid-header', 'Invalid header', 'Idempotency-Key is 1 to 255 visible ASCII characters', {
        errors: [{ header: 'Idempotency-Key', message: 'expected 1 to 255 visible ASCII characters' }],
      });
    }
    const precondition = parseIfMatch(headerOnce(req.headers['if-match'], 'If-Match'));
    const parsed = parseDevelopment(req.body);
    if (!parsed.ok) throw invalidBody(parsed.issues);
    // The key's name records who wrote it and scopes the Idempotency-Key.
    const caller = callerOf(res).name;
    const eventId = idempotencyKey !== undefined ? idempotencyKeyEventId(caller, idempotencyKey) : uuidv4();
    const { correlationId } = contextOf(res);
    const timer = metrics.appendDuration.startTimer();
    let recorded;
    try {
      recorded = await recordDevelopment(store, parsed.value, eventId, { recordedBy: caller, correlationId }, clock, precondition);
      timer({ outcome: recorded.replayed ? 'replayed' : 'appended' });
    } catch (error) {
      timer({ outcome: 'rejected' });
      throw error;
    }
    const subject = parseStreamName(recorded.stream);
    res
      .status(201)
      .set({
        ...(subject ? { Location: `/entities/${subject.category}/${subject.id}` } : {}),
        ...(recorded.replayed ? { 'Idempotent-Replayed': 'true' } : {}),
        ETag: revisionTag(recorded.revision),
      })
      .json({
        eventId: recorded.eventId,
        stream: recorded.stream,
        entity: subject ? entityKey(subject) : null,
        revision: recorded.revision,
        position: recorded.position.toString(),
      } satisfies DevelopmentRecorded);
  });
  return router;
}
