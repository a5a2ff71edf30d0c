import express, { type Express } from 'express';
import type { VerificationJobs } from '../audit/verification-jobs.js';
import type { Clock } from '../recording/record-development.js';
import type { EventStore } from '../store/event-store.js';
import { auditRoutes } from './audit-routes.js';
import { developmentRoutes } from './development-routes.js';
import { HttpProblem, problemHandler, sendProblem } from './problem.js';
import { readRoutes } from './read-routes.js';
import type { ReadSide } from './read-side.js';

export interface AppOptions {
  readonly store: EventStore;
  readonly readSide: ReadSide;
  /** Verification runs for POST /audit/verifications. */
  readonly verifications?: VerificationJobs;
  readonly minPositionWaitMs?: number;
  readonly clock?: Clock;
  readonly log?: (message: string, error?: unknown) => void;
}

export function createApp(options: AppOptions): Express {
  const clock = options.clock ?? (() => new Date());
  const log = options.log ?? ((message: string, error?: unknown) => console.error(message, error));
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(express.json({ limit: '256kb', strict: true, type: ['application/json', 'application/*+json'] }));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use(developmentRoutes({ store: options.store, clock }));
  app.use(auditRoutes({ store: options.store, ...(options.verifications ? { verifications: options.verifications } : {}) }));
  app.use(readRoutes({ readSide: options.readSide, minPositionWaitMs: options.minPositionWaitMs ?? 5000, clock }));

  app.use((req, res) => {
    sendProblem(res, req, new HttpProblem(404, 'not-found', 'Not found', `no route for ${req.method} ${req.path}`));
  });
  app.use(problemHandler(log));
  return app;
}
