import { Router } from 'express';
import { v4 as uuidv4 } from 'uuid';
import { parseDevelopment } from '../../events/catalogue.js';
import { entityKey, parseStreamName } from '../../events/identifiers.js';
import { idempotencyKeyEventId } from '../recording/event-ids.js';
import { recordDevelopment, type Clock } from '../recording/record-development.js';
import type { EventStore } from '../store/event-store.js';
import { HttpProblem, invalidBody } from './problem.js';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,200}$/;

export interface DevelopmentRoutesOptions {
  readonly store: EventStore;
  readonly clock: Clock;
}

function headerOnce(value: string | string[] | undefined, name: string): string | undefined {
  if (Array.isArray(value)) throw new HttpProblem(400, 'invalid-header', 'Invalid header', `give ${name} once`, { errors: [{ header: name, message: 'repeated' }] });
  return value;
}

/** `POST /developments`: validate, decide against the store, append. */
export function developmentRoutes({ store, clock }: DevelopmentRoutesOptions): Router {
  const router = Router();
  router.post('/developments', async (req, res) => {
    if (!req.is('application/json')) {
      throw new HttpProblem(415, 'unsupported-media-type', 'Unsupported media type', 'send the development as application/json');
    }
    const idempotencyKey = headerOnce(req.headers['idempotency-key'], 'Idempotency-Key');
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new HttpProblem(400, 'invalid-header', 'Invalid header', 'Idempotency-Key is 1 to 255 visible ASCII characters', {
        errors: [{ header: 'Idempotency-Key', message: 'expected 1 to 255 visible ASCII characters' }],
      });
    }
    const correlationHeader = headerOnce(req.headers['x-correlation-id'], 'X-Correlation-Id');
    if (correlationHeader !== undefined && !CORRELATION_ID.test(correlationHeader)) {
      throw new HttpProblem(400, 'invalid-header', 'Invalid header', 'X-Correlation-Id is 1 to 200 characters of letters, digits and . _ : -', {
        errors: [{ header: 'X-Correlation-Id', message: 'expected 1 to 200 characters of letters, digits and . _ : -' }],
      });
    }
    const parsed = parseDevelopment(req.body);
    if (!parsed.ok) throw invalidBody(parsed.issues);
    // Until API keys exist every HTTP caller is anonymous; the key name will take its place.
    const caller = 'anonymous';
    const eventId = idempotencyKey !== undefined ? idempotencyKeyEventId(caller, idempotencyKey) : uuidv4();
    const correlationId = correlationHeader ?? uuidv4();
    const recorded = await recordDevelopment(store, parsed.value, eventId, { recordedBy: caller, correlationId }, clock);
    const subject = parseStreamName(recorded.stream);
    res
      .status(201)
      .set({
        'X-Correlation-Id': correlationId,
        ...(subject ? { Location: `/entities/${subject.category}/${subject.id}` } : {}),
        ...(recorded.replayed ? { 'Idempotent-Replayed': 'true' } : {}),
      })
      .json({
        eventId: recorded.eventId,
        stream: recorded.stream,
        entity: subject ? entityKey(subject) : null,
        revision: recorded.revision,
        position: recorded.position.toString(),
      });
  });
  return router;
}
