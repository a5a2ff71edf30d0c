import cors from 'cors';
import type { NextFunction, Request, Response, RequestHandler } from 'express';
import { rateLimit, ipKeyGenerator } from 'express-rate-limit';
import helmet from 'helmet';
import { HttpProblem, sendProblem } from './problem.js';

export interface HardeningOptions {
  /** Browser origins allowed; CORS stays off when empty. */
  readonly corsOrigins: readonly string[];
  /** Requests per minute per caller; 0 turns the limit off. */
  readonly rateLimitPerMinute: number;
  readonly requestTimeoutMs: number;
  /** Who a request comes from, for the rate limit: a key's name, else the address. */
  readonly callerKey?: (req: Request) => string | undefined;
}

/** Security headers, CORS only when configured, a rate limit per caller, and a deadline per request. */
export function hardening(options: HardeningOptions): RequestHandler[] {
  const handlers: RequestHandler[] = [helmet()];
  if (options.corsOrigins.length > 0) handlers.push(cors({ origin: [...options.corsOrigins], exposedHeaders: ['X-Correlation-Id', 'Location', 'Retry-After', 'Idempotent-Replayed'] }));
  if (options.rateLimitPerMinute > 0) {
    handlers.push(
      rateLimit({
        windowMs: 60_000,
        limit: options.rateLimitPerMinute,
        standardHeaders: 'draft-8',
        legacyHeaders: false,
        keyGenerator: (req) => {
          const name = options.callerKey?.(req);
          return name !== undefined ? `key:${name}` : `ip:${ipKeyGenerator(req.ip ?? 'unknown')}`;
        },
        handler: (req, res, _next, limiter) => {
          const resetTime = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
          const retryAfter = Math.max(1, Math.ceil(((resetTime?.getTime() ?? Date.now() + limiter.windowMs) - Date.now()) / 1000));
          sendProblem(res, req, new HttpProblem(429, 'rate-limited', 'Too many requests', `more than ${options.rateLimitPerMinute} requests a minute; retry after ${retryAfter} s`, {}, { 'Retry-After': String(retryAfter) }));
        },
      }),
    );
  }
  handlers.push(requestTimeout(options.requestTimeoutMs));
  return handlers;
}

/**
 * Answers 503 when a request takes longer than the deadline. The work may still finish
 * (an append may land): the answer says so, and a retry with the same Idempotency-Key is
 * safe.
 */
function requestTimeout(ms: number): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    // A live stream is meant to stay open; its heartbeats keep proxies from timing it out.
    if (req.path === '/timeline/live') {
      next();
      return;
    }
    const timer = setTimeout(() => {
      if (res.headersSent) return;
      sendProblem(
        res,
        req,
        new HttpProblem(503, 'request-timeout', 'Request timed out', `no answer within ${ms} ms; a write may or may not have been recorded: retry it with the same Idempotency-Key`, {}, { 'Retry-After': '1' }),
      );
    }, ms);
    timer.unref();
    const clear = () => clearTimeout(timer);
    res.once('finish', clear);
    res.once('close', clear);
    next();
  };
}
