import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ANONYMOUS, roleAllows, type Caller, type KeyLookup, type Role } from '../auth/api-keys.js';
import { HttpProblem } from './problem.js';

const BEARER = /^Bearer ([\x21-\x7e]{1,200})$/;
/** Always open: orchestrators probe without a key, and the API's description is no secret. */
const OPEN_PATHS = new Set(['/healthz', '/readyz', '/openapi.json', '/docs', '/docs/init.js']);
const OPEN_PREFIXES = ['/docs/assets/'];

function isOpen(path: string): boolean {
  return OPEN_PATHS.has(path) || OPEN_PREFIXES.some((prefix) => path.startsWith(prefix));
}

export function callerOf(res: Response): Caller {
  return (res.locals.caller as Caller | undefined) ?? ANONYMOUS;
}

/** The raw key of a request, if it sent one in the form we accept. */
export function bearerKey(req: Request): string | undefined {
  const header = req.headers.authorization;
  return typeof header === 'string' ? BEARER.exec(header)?.[1] : undefined;
}

function unauthenticated(code: string, detail: string, error?: string): HttpProblem {
  return new HttpProblem(401, code, 'Authentication required', detail, {}, { 'WWW-Authenticate': error ? `Bearer error="${error}"` : 'Bearer' });
}

/**
 * Identifies the caller by `Authorization: Bearer <key>`. No header: anonymous, who may
 * read unless reads are closed. A header we cannot match is refused, never downgraded to
 * anonymous, so a mistyped key is noticed.
 */
export function authenticate(keys: KeyLookup, readsRequireKey: boolean): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.headers.authorization !== undefined) {
      const raw = bearerKey(req);
      const caller = raw === undefined ? undefined : keys.find(raw);
      if (!caller) {
        next(unauthenticated('invalid-api-key', 'the Authorization header does not carry a known API key ("Bearer <key>")', 'invalid_token'));
        return;
      }
      res.locals.caller = caller;
    } else if (readsRequireKey && !isOpen(req.path)) {
      next(unauthenticated('authentication-required', 'this server requires an API key for every request: send "Authorization: Bearer <key>"'));
      return;
    }
    next();
  };
}

/** Lets the request through only for a caller whose role includes `needed`. */
export function requireRole(needed: Role): RequestHandler {
  return (_req: Request, res: Response, next: NextFunction) => {
    const caller = callerOf(res);
    if (!caller.authenticated) {
      next(unauthenticated('authentication-required', `this needs an API key with the ${needed} role: send "Authorization: Bearer <key>"`));
      return;
    }
    if (!roleAllows(caller.role, needed)) {
      next(new HttpProblem(403, 'forbidden', 'Forbidden', `the key "${caller.name}" has the ${caller.role} role; this needs ${needed}`, { role: caller.role, required: needed }));
      return;
    }
    next();
  };
}
