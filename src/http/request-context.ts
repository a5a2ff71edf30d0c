import type { NextFunction, Request, Response } from 'express';
import { v4 as uuidv4 } from 'uuid';
import type { Logger } from '../observability/logger.js';
import type { ConcordMetrics } from '../observability/metrics.js';
import { HttpProblem } from './problem.js';

export const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,200}$/;

/** What every handler may use of the request's context. */
export interface RequestContext {
  readonly correlationId: string;
  readonly log: Logger;
}

export function contextOf(res: Response): RequestContext {
  return res.locals.context as RequestContext;
}

/**
 * Gives each request a correlation id (the caller's `X-Correlation-Id`, or a new one),
 * echoes it, logs the request once answered with it, and records its latency.
 */
export function requestContext(log: Logger, metrics: ConcordMetrics) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const header = req.headers['x-correlation-id'];
    const valid = typeof header === 'string' && CORRELATION_ID.test(header);
    const correlationId = valid ? header : uuidv4();
    const context: RequestContext = { correlationId, log: log.child({ correlationId }) };
    res.locals.context = context;
    res.set('X-Correlation-Id', correlationId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      // The route pattern, not the URL, keeps the metric's label set small.
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
      metrics.httpDuration.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
      context.log.info({ method: req.method, url: req.originalUrl, status: res.statusCode, ms: Math.round(seconds * 1000) }, 'request');
    });
    if (header !== undefined && !valid) {
      next(new HttpProblem(400, 'invalid-header', 'Invalid header', 'X-Correlation-Id is 1 to 200 characters of letters, digits and . _ : -', {
        errors: [{ header: 'X-Correlation-Id', message: 'expected 1 to 200 characters of letters, digits and . _ : -' }],
      }));
      return;
    }
    next();
  };
}
