import express, { type Express } from 'express';
import { KeyRing, type KeyLookup } from '../auth/api-keys.js';
import type { VerificationJobs } from '../audit/verification-jobs.js';
import { authenticate, bearerKey } from './authentication.js';
import { silentLogger, type Logger } from '../observability/logger.js';
import { ConcordMetrics } from '../observability/metrics.js';
import type { Clock } from '../recording/record-development.js';
import type { EventStore } from '../store/event-store.js';
import { auditRoutes } from './audit-routes.js';
import { developmentRoutes } from './development-routes.js';
import { docsRoutes } from './docs-routes.js';
import { hardening, type HardeningOptions } from './hardening.js';
import type { LiveTimeline } from './live-timeline.js';
import { liveTimelineRoutes } from './live-timeline-routes.js';
import { operationsRoutes } from './operations-routes.js';
import { HttpProblem, problemHandler, sendProblem } from './problem.js';
import { readRoutes } from './read-routes.js';
import type { ReadSide } from './read-side.js';
import { requestContext } from './request-context.js';

export interface AppOptions {
  readonly store: EventStore;
  readonly readSide: ReadSide;
  /** Verification runs for POST /audit/verifications. */
  readonly verifications?: VerificationJobs;
  readonly minPositionWaitMs?: number;
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly metrics?: ConcordMetrics;
  readonly hardening?: Partial<HardeningOptions>;
  readonly readyMaxLagSeconds?: number;
  /** API keys accepted; none means every caller is anonymous (reads only). */
  readonly keys?: KeyLookup;
  readonly readsRequireKey?: boolean;
  /** Serves GET /timeline/live when given. */
  readonly liveTimeline?: LiveTimeline;
}

export function createApp(options: AppOptions): Express {
  const clock = options.clock ?? (() => new Date());
  const logger = options.logger ?? silentLogger();
  const metrics = options.metrics ?? new ConcordMetrics(() => ({ ...options.readSide.status(), lastAppliedAt: undefined, error: undefined }));
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // No automatic weak ETags: an ETag here names a stream revision (for If-Match), and an
  // answer about an earlier recorded time names none; a body hash would look like one.
  app.set('etag', false);
  app.use(requestContext(logger, metrics));
  const keys = options.keys ?? new KeyRing([]);
  const callerKey = (req: express.Request) => {
    const raw = bearerKey(req);
    return raw === undefined ? undefined : keys.find(raw)?.name;
  };
  app.use(hardening({ corsOrigins: [], rateLimitPerMinute: 0, requestTimeoutMs: 15_000, callerKey, ...options.hardening }));
  app.use(authenticate(keys, options.readsRequireKey ?? false));
  app.use(express.json({ limit: '256kb', strict: true, type: ['application/json', 'application/*+json'] }));

  app.use(docsRoutes());
  app.use(operationsRoutes({ store: options.store, readSide: options.readSide, metrics, readyMaxLagSeconds: options.readyMaxLagSeconds ?? 5 }));
  app.use(developmentRoutes({ store: options.store, clock, metrics }));
  const { readSide } = options;
  const references = readSide.entityEventPositions ? { references: readSide.entityEventPositions.bind(readSide) } : {};
  app.use(auditRoutes({ store: options.store, ...(options.verifications ? { verifications: options.verifications } : {}), ...references }));
  if (options.liveTimeline) app.use(liveTimelineRoutes(options.liveTimeline));
  app.use(readRoutes({ readSide: options.readSide, minPositionWaitMs: options.minPositionWaitMs ?? 5000, clock }));

  app.use((req, res) => {
    sendProblem(res, req, new HttpProblem(404, 'not-found', 'Not found', `no route for ${req.method} ${req.path}`));
  });
  app.use(problemHandler((message, error) => logger.error({ err: error }, message)));
  return app;
}
