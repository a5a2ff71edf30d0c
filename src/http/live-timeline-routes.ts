import { Router } from 'express';
import { z } from 'zod';
import { entityKeySchema } from '../../events/identifiers.js';
import type { LiveTimeline } from './live-timeline.js';
import { HttpProblem } from './problem.js';
import { parseQuery, positionParam, typesParam } from './read-query.js';

export const liveQuery = z.strictObject({
  entity: entityKeySchema.optional().describe('Only items concerning this entity (category:id)'),
  types: typesParam.optional().describe('Comma-separated development types'),
  /** For clients that cannot set headers (the browser's EventSource sets Last-Event-ID itself on reconnect). */
  lastEventId: positionParam.optional().describe('Like the Last-Event-ID header, for clients that cannot set headers; the header wins'),
});

/** `GET /timeline/live`: Server-Sent Events of timeline items, resumable with Last-Event-ID. */
export function liveTimelineRoutes(live: LiveTimeline): Router {
  const router = Router();
  router.get('/timeline/live', async (req, res) => {
    const query = parseQuery(liveQuery, req.query);
    const header = req.headers['last-event-id'];
    let lastEventId = query.lastEventId;
    if (typeof header === 'string') {
      const parsed = positionParam.safeParse(header.trim());
      if (!parsed.success) {
        throw new HttpProblem(400, 'invalid-header', 'Invalid header', 'Last-Event-ID is the id of an event this stream sent (a position)', {
          errors: [{ header: 'Last-Event-ID', message: 'expected a decimal position' }],
        });
      }
      lastEventId = parsed.data;
    }
    await live.serve(req, res, { ...(query.entity ? { entity: query.entity } : {}), ...(query.types ? { types: query.types } : {}) }, lastEventId);
  });
  return router;
}
