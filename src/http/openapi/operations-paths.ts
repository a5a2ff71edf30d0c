import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { health, readiness } from './response-schemas.js';
import { commonProblems, headersOf, json } from './responses.js';
import { OPEN, READ_SECURITY } from './security.js';

/** Probes, metrics, and this document with its docs page. */
export function registerOperationsPaths(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: '/healthz',
    tags: ['Operations'],
    summary: 'The process answers',
    security: OPEN,
    responses: { ...commonProblems(), 200: json('Alive', health) },
  });

  const { 503: unavailable, ...problems } = commonProblems();
  registry.registerPath({
    method: 'get',
    path: '/readyz',
    tags: ['Operations'],
    summary: 'Store reachable and read models current',
    security: OPEN,
    responses: {
      ...problems,
      200: json('Ready', readiness),
      503: {
        description: 'Not ready (store unreachable, read models catching up or behind for too long), or as for every route',
        headers: unavailable!.headers!,
        content: { 'application/json': { schema: readiness }, ...unavailable!.content! },
      },
    },
  });

  registry.registerPath({
    method: 'get',
    path: '/metrics',
    tags: ['Operations'],
    summary: 'Prometheus metrics',
    security: READ_SECURITY,
    responses: { ...commonProblems(), 200: { description: 'Prometheus text format', headers: headersOf(), content: { 'text/plain': { schema: z.string() } } } },
  });

  registry.registerPath({
    method: 'get',
    path: '/openapi.json',
    tags: ['Operations'],
    summary: 'This document',
    security: OPEN,
    responses: { ...commonProblems(), 200: { description: 'OpenAPI 3.1', headers: headersOf(), content: { 'application/json': { schema: z.looseObject({ openapi: z.string() }) } } } },
  });

  registry.registerPath({
    method: 'get',
    path: '/docs',
    tags: ['Operations'],
    summary: 'This document, readable in a browser (served from this server only, no CDN)',
    security: OPEN,
    responses: { ...commonProblems(), 200: { description: 'An HTML page', headers: headersOf(), content: { 'text/html': { schema: z.string() } } } },
  });
}
