import { Router } from 'express';
import type { ConcordMetrics } from '../observability/metrics.js';
import type { EventStore } from '../store/event-store.js';
import type { Health, Readiness } from './openapi/response-schemas.js';
import type { ReadSide } from './read-side.js';

export interface OperationsOptions {
  readonly store: EventStore;
  readonly readSide: ReadSide;
  readonly metrics: ConcordMetrics;
  /** How long the read models may have been behind the store before the server is not ready. */
  readonly readyMaxLagSeconds: number;
  readonly now?: () => number;
}

/** `/healthz` (the process answers), `/readyz` (store reachable, read models current), `/metrics`. */
export function operationsRoutes({ store, readSide, metrics, readyMaxLagSeconds, now = Date.now }: OperationsOptions): Router {
  const router = Router();
  let behindSince: number | undefined;

  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' } satisfies Health);
  });

  router.get('/readyz', async (_req, res) => {
    const status = readSide.status();
    let head: bigint | undefined;
    try {
      head = await store.headPosition();
    } catch (error) {
      res.status(503).json({ status: 'not-ready', reason: 'store-unreachable', detail: (error as Error).message } satisfies Readiness);
      return;
    }
    const behind = head !== undefined && (status.position === undefined || status.position < head);
    behindSince = behind ? (behindSince ?? now()) : undefined;
    const lagSeconds = behindSince === undefined ? 0 : (now() - behindSince) / 1000;
    const ready = status.caughtUp && lagSeconds <= readyMaxLagSeconds;
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'not-ready',
      ...(ready ? {} : { reason: status.caughtUp ? 'read-models-behind' : 'read-models-catching-up' }),
      storeHead: head?.toString() ?? null,
      position: status.position?.toString() ?? null,
      caughtUp: status.caughtUp,
      secondsBehind: lagSeconds,
    } satisfies Readiness);
  });

  router.get('/metrics', async (_req, res) => {
    res.set('Content-Type', metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  return router;
}
