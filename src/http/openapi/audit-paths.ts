import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { eventsQuery, historyQuery, noQuery } from '../audit-routes.js';
import { entityPath, verificationPath } from './request-schemas.js';
import { auditEventsPage, entityHistoryPage, verificationJob } from './response-schemas.js';
import { commonProblems, json, problem } from './responses.js';
import { KEY_SECURITY, READ_SECURITY } from './security.js';

/** The auditor's API: the log, an entity's history, verification runs. */
export function registerAuditPaths(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: '/audit/events',
    tags: ['Audit'],
    summary: 'The log in recorded order, exactly as stored',
    description: 'Needs the admin role.',
    security: KEY_SECURITY,
    request: { query: eventsQuery },
    responses: { ...commonProblems(), 200: json('A page of the log', auditEventsPage), 403: problem(403, 'forbidden: needs the admin role') },
  });

  registry.registerPath({
    method: 'get',
    path: '/entities/{category}/{id}/history',
    tags: ['Audit'],
    summary: 'Every event that touched an entity, corrections under what they correct',
    description: 'Pages stay pinned to the log head of the first page, so corrections recorded later do not move entries between pages.',
    security: READ_SECURITY,
    request: { params: entityPath, query: historyQuery },
    responses: { ...commonProblems(), 200: json('A page of the history', entityHistoryPage), 404: problem(404, 'unknown-category or unknown-entity (no event concerns it)') },
  });

  registry.registerPath({
    method: 'post',
    path: '/audit/verifications',
    tags: ['Audit'],
    summary: 'Start a verification run (hash chains, revisions, schemas, read models rebuilt and compared)',
    description: 'Needs the admin role. Answers at once; follow the Location. One run at a time.',
    security: KEY_SECURITY,
    request: { query: noQuery },
    responses: {
      ...commonProblems(),
      202: json('Started', verificationJob, { Location: z.string().describe('/audit/verifications/{id}') }),
      403: problem(403, 'forbidden: needs the admin role'),
      409: problem(409, 'verification-running: follow `verification`, then start another'),
      503: problem(503, 'verification-unavailable (no store configuration to verify), or as for every route'),
    },
  });

  registry.registerPath({
    method: 'get',
    path: '/audit/verifications/{id}',
    tags: ['Audit'],
    summary: 'A verification run: progress, then its report',
    description: 'Needs the admin role. Finished runs are kept for a while (the last 20), not forever.',
    security: KEY_SECURITY,
    request: { params: verificationPath },
    responses: { ...commonProblems(), 200: json('The run', verificationJob), 403: problem(403, 'forbidden: needs the admin role'), 404: problem(404, 'unknown-verification') },
  });
}
