import { Router, type Request } from 'express';
import { z } from 'zod';
import { ENTITY_CATEGORIES, SLUG_PATTERN, type EntityCategory } from '../../events/identifiers.js';
import { auditRecord, entityHistory, type ReferenceIndex } from '../audit/audit-records.js';
import type { VerificationJob, VerificationJobs } from '../audit/verification-jobs.js';
import type { EventStore } from '../store/event-store.js';
import { HttpProblem } from './problem.js';
import { decodeListCursor, encodeListCursor, pageOf } from './list-cursor.js';
import { pageParams, parseQuery, positionParam } from './read-query.js';
import { requireRole } from './authentication.js';

export interface AuditRoutesOptions {
  readonly store: EventStore;
  /** Absent where no worker can run (e.g. an app built without a configuration). */
  readonly verifications?: VerificationJobs;
  /** Where each entity's events are (the read models' index); without it a history reads the whole log. */
  readonly references?: ReferenceIndex;
}

export const eventsQuery = z.strictObject({
  fromPosition: positionParam.optional().describe('Start after this position (the nextFromPosition of the previous page); default the start of the log'),
  limit: z.coerce.number().int().min(1).max(1000).default(100).describe('Events per page'),
});

export const noQuery = z.strictObject({});
export const historyQuery = z.strictObject(pageParams);

function jobBody(job: VerificationJob) {
  return { ...job, links: { self: `/audit/verifications/${job.id}` } };
}

/**
 * The auditor's API: the log in recorded order with full metadata, an entity's complete
 * history, and verification runs. Admin-only once API keys exist (issue 6).
 */
export function auditRoutes({ store, verifications, references }: AuditRoutesOptions): Router {
  const router = Router();

  router.get('/audit/events', requireRole('admin'), async (req, res) => {
    const query = parseQuery(eventsQuery, req.query);
    const page = await store.readAll({ maxCount: query.limit, ...(query.fromPosition !== undefined ? { fromPosition: query.fromPosition } : {}) });
    const last = page.at(-1);
    res.json({
      events: page.map((e) => auditRecord(e)),
      // Where the next page starts; the same position again when there is nothing newer yet.
      nextFromPosition: last ? last.position.toString() : (query.fromPosition?.toString() ?? null),
      head: (await store.headPosition())?.toString() ?? null,
    });
  });

  router.get('/entities/:category/:id/history', async (req: Request<{ category: string; id: string }>, res) => {
    const { category, id } = req.params;
    const query = parseQuery(historyQuery, req.query);
    if (!(ENTITY_CATEGORIES as readonly string[]).includes(category)) {
      throw new HttpProblem(404, 'unknown-category', 'Unknown category', `"${category}" is not a category; use one of ${ENTITY_CATEGORIES.join(', ')}`);
    }
    if (!SLUG_PATTERN.test(id) || id.length > 64) throw new HttpProblem(404, 'unknown-entity', 'Unknown entity', `"${id}" is not a valid id`);
    const scope = `history:${category}:${id}`;
    const cursor = query.cursor !== undefined ? decodeListCursor(scope, query.cursor) : undefined;
    // Pinned to the log's head at the first page, so corrections recorded later do not move entries between pages.
    const pinned = cursor ? (cursor.pinned ?? undefined) : await store.headPosition();
    const events = await entityHistory(store, { category: category as EntityCategory, id }, undefined, pinned, references);
    if (events.length === 0) throw new HttpProblem(404, 'unknown-entity', 'Unknown entity', `no event concerns ${category} "${id}"`, { category, id });
    const { page, nextOffset } = pageOf(events, cursor?.offset ?? 0, query.limit);
    res.json({
      entity: `${category}:${id}`,
      events: page,
      nextCursor: nextOffset === undefined ? null : encodeListCursor(scope, { offset: nextOffset, pinned: pinned ?? null }),
      head: pinned?.toString() ?? null,
    });
  });

  router.post('/audit/verifications', requireRole('admin'), (req, res) => {
    parseQuery(noQuery, req.query);
    if (!verifications) throw new HttpProblem(503, 'verification-unavailable', 'Verification unavailable', 'this server was started without a store configuration to verify');
    const running = verifications.running();
    if (running) {
      throw new HttpProblem(409, 'verification-running', 'A verification is running', `verification ${running.id} is still running; follow it, then start another`, {
        verification: `/audit/verifications/${running.id}`,
      });
    }
    const job = verifications.start();
    res.status(202).location(`/audit/verifications/${job.id}`).json(jobBody(job));
  });

  router.get('/audit/verifications/:id', requireRole('admin'), (req: Request<{ id: string }>, res) => {
    const job = verifications?.get(req.params.id);
    if (!job) throw new HttpProblem(404, 'unknown-verification', 'Unknown verification', `no verification ${req.params.id} is known (finished runs are kept for a while, not forever)`);
    res.json(jobBody(job));
  });

  return router;
}
