import type { NextFunction, Request, Response } from 'express';
import { CorruptEventError } from '../../events/decode-event.js';
import { InvalidTimelineCursorError } from '../../projections/timeline-projection.js';
import type { FieldIssue } from '../../events/validation.js';
import { DomainError } from '../domain/domain-error.js';
import { ConcurrencyConflictError, PreconditionFailedError } from '../recording/record-development.js';
import { StoreUnavailableError, WrongExpectedRevisionError } from '../store/event-store.js';

/** An answer that is an RFC 9457 problem: raised anywhere in a handler, rendered once here. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    detail: string,
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }
}

export function invalidBody(issues: FieldIssue[], detail = 'the development is not valid'): HttpProblem {
  return new HttpProblem(400, 'invalid-development', 'Invalid development', detail, { errors: issues });
}

export function invalidQuery(errors: { parameter: string; message: string }[]): HttpProblem {
  return new HttpProblem(400, 'invalid-query', 'Invalid query parameters', errors.map((e) => `${e.parameter}: ${e.message}`).join('; '), { errors });
}

export function problemTypeUri(code: string): string {
  return `urn:concord:problem:${code}`;
}

export function toProblem(error: unknown): HttpProblem {
  if (error instanceof HttpProblem) return error;
  if (error instanceof DomainError) {
    const errors = error.pointer !== undefined ? [{ pointer: error.pointer, message: error.message }] : undefined;
    return new HttpProblem(422, error.code, 'Domain rule broken', error.message, { ...error.context, ...(errors ? { errors } : {}) });
  }
  if (error instanceof PreconditionFailedError) {
    return new HttpProblem(412, 'precondition-failed', 'Precondition failed', error.message, { stream: error.stream, currentRevision: error.currentRevision });
  }
  if (error instanceof WrongExpectedRevisionError || error instanceof ConcurrencyConflictError) {
    return new HttpProblem(409, 'concurrency-conflict', 'Concurrent change', error.message, { stream: error.stream });
  }
  if (error instanceof StoreUnavailableError) {
    return new HttpProblem(503, 'store-unavailable', 'Event store unavailable', error.message, {}, { 'Retry-After': String(error.retryAfterSeconds) });
  }
  if (error instanceof InvalidTimelineCursorError) {
    return new HttpProblem(400, 'invalid-cursor', 'Invalid cursor', 'the cursor is not one this API issued; start again without it', {
      errors: [{ parameter: 'cursor', message: 'not a cursor issued by this API' }],
    });
  }
  if (error instanceof CorruptEventError) {
    return new HttpProblem(500, 'corrupt-event', 'A stored event is not valid', `stored event ${error.stream}@${error.revision} does not parse; run an audit`, {
      stream: error.stream,
      revision: error.revision,
      position: error.position.toString(),
    });
  }
  // body-parser errors carry `type` and `status`.
  const e = error as { type?: string; status?: number; message?: string };
  if (e?.type === 'entity.parse.failed') return new HttpProblem(400, 'malformed-json', 'Malformed JSON', `the body is not valid JSON: ${e.message ?? ''}`.trim());
  if (e?.type === 'entity.too.large') return new HttpProblem(413, 'body-too-large', 'Body too large', 'the request body exceeds the size limit');
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') return new HttpProblem(415, 'unsupported-encoding', 'Unsupported encoding', e.message ?? 'unsupported encoding');
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) return new HttpProblem(e.status, 'bad-request', 'Bad request', 'the request could not be read');
  return new HttpProblem(500, 'internal-error', 'Internal error', 'an unexpected error occurred; it has been logged');
}

export function sendProblem(res: Response, req: Request, problem: HttpProblem): void {
  res
    .status(problem.status)
    .set({ 'Content-Type': 'application/problem+json', ...problem.headers })
    .send(
      JSON.stringify({
        type: problemTypeUri(problem.code),
        title: problem.title,
        status: problem.status,
        detail: problem.message,
        instance: req.originalUrl.split('?')[0],
        code: problem.code,
        ...problem.extensions,
      }),
    );
}

/** The last middleware: every error becomes problem+json; no stack trace ever leaves. */
export function problemHandler(log: (message: string, error: unknown) => void) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const problem = toProblem(error);
    if (problem.status >= 500) log(`${req.method} ${req.originalUrl} failed`, error);
    if (res.headersSent) return;
    sendProblem(res, req, problem);
  };
}
