import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { liveQuery } from '../live-timeline-routes.js';
import { atQuery, changesQuery, stateQuery, timelineQuery } from '../read-query.js';
import { entityPath, lastEventIdHeader } from './request-schemas.js';
import { changesPage, entityAnswer, statePage, timelinePage } from './response-schemas.js';
import { commonProblems, headersOf, json, problem } from './responses.js';
import { READ_SECURITY } from './security.js';

const timeTravel =
  'Answers for the valid date `at` (default today, UTC) as known at the recorded time `knownAt` or `knownAtPosition` (default every event applied); `asOf` says what the answer reflects.';

/** OpenAPI 3.1 has no field for the shape of each event's data (3.2's itemSchema): an extension names it. */
const sseData = { 'x-sse-data': { $ref: '#/components/schemas/TimelineItem' } };

/** The read API: timeline, live timeline, entities, state and changes. */
export function registerReadPaths(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: '/timeline',
    tags: ['Reads'],
    summary: 'Developments in valid-time order',
    description: `${timeTravel} A timeline "at" a date holds what had (possibly) happened by then. Pages follow \`nextCursor\` and stay pinned to the first page's position.`,
    security: READ_SECURITY,
    request: { query: timelineQuery },
    responses: { ...commonProblems(), 200: json('A page of timeline items', timelinePage) },
  });

  registry.registerPath({
    method: 'get',
    path: '/timeline/live',
    tags: ['Reads'],
    summary: 'New timeline items as Server-Sent Events',
    description:
      'Each event is `id: <position>`, `event: timeline-item`, `data: <TimelineItem JSON>`; comments are heartbeats. Reconnect with Last-Event-ID (or `lastEventId`) to get the items after it first, none twice and none missed. A client that does not read is cut off and reconnects.',
    security: READ_SECURITY,
    request: { query: liveQuery, headers: z.object({ 'Last-Event-ID': lastEventIdHeader.optional() }) },
    responses: {
      ...commonProblems(),
      200: {
        description: 'The stream; stays open',
        headers: headersOf({ 'Cache-Control': z.literal('no-store') }),
        content: {
          'text/event-stream': {
            schema: z.string().describe('Server-Sent Events; each `data` is a TimelineItem (see x-sse-data)'),
            ...sseData,
          },
        },
      },
    },
  });

  registry.registerPath({
    method: 'get',
    path: '/entities/{category}/{id}',
    tags: ['Reads'],
    summary: 'An entity as it stands on a valid date',
    description: `${timeTravel} Certainty: a fact dated by a range is \`possible\` on a day inside its range and \`certain\` from its last day; facts that certainly do not hold are left out.`,
    security: READ_SECURITY,
    request: { params: entityPath, query: atQuery },
    responses: {
      ...commonProblems(),
      200: json('The entity', entityAnswer, {
        ETag: z
          .string()
          .regex(/^"\d+"$/)
          .optional()
          .describe("The stream's revision, for If-Match on POST /developments; only on answers about the latest recorded time"),
      }),
      404: problem(404, 'unknown-category, or unknown-entity (with `asOf`): nothing of that id is recorded at the asked recorded time'),
    },
  });

  registry.registerPath({
    method: 'get',
    path: '/state',
    tags: ['Reads'],
    summary: 'Everything that exists on a valid date',
    description: `${timeTravel} One page runs through organisations, people, groups, meetings and agreements in that order, by id within each; the cursor names the last entity served, so a page costs its own views however deep it is.`,
    security: READ_SECURITY,
    request: { query: stateQuery },
    responses: { ...commonProblems(), 200: json('A page of the state', statePage) },
  });

  registry.registerPath({
    method: 'get',
    path: '/changes',
    tags: ['Reads'],
    summary: 'What changed between two valid dates',
    description: `Changes whose date lies wholly between \`from\` and \`to\` are certain, those overlapping them possible. Recorded time as for every read.`,
    security: READ_SECURITY,
    request: { query: changesQuery },
    responses: { ...commonProblems(), 200: json('A page of changes', changesPage) },
  });
}
