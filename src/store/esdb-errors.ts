import { ErrorType, isCommandError } from '@eventstore/db-client';
import { StoreUnavailableError } from './event-store.js';

/** Answers of the client that mean "the cluster cannot be reached or answered too late": retry later. */
const UNAVAILABLE_TYPES = new Set<string>([ErrorType.UNAVAILABLE, ErrorType.DEADLINE_EXCEEDED, ErrorType.CANCELLED, ErrorType.NOT_LEADER, ErrorType.TIMEOUT]);

/** gRPC status codes that mean the same when the client passes a raw error through. */
const UNAVAILABLE_GRPC_CODES = new Set([1, 4, 14]);

export class EsdbRequestError extends Error {
  readonly code = 'esdb-request-failed';
  constructor(operation: string, cause: unknown) {
    super(`EventStoreDB ${operation} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

export function isUnavailable(error: unknown): boolean {
  if (error instanceof Error && isCommandError(error)) return UNAVAILABLE_TYPES.has(error.type) || (error.code !== undefined && UNAVAILABLE_GRPC_CODES.has(error.code));
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'number' && UNAVAILABLE_GRPC_CODES.has(code)) return true;
  // The client rejects with these when no node answers discovery or the channel cannot open.
  const message = error instanceof Error ? error.message : '';
  return /ECONNREFUSED|No connection established|Failed to discover|Deadline exceeded|UNAVAILABLE/i.test(message);
}

/**
 * The port's errors for what the client raised: unavailability becomes
 * StoreUnavailableError (503 with Retry-After over HTTP); anything else keeps its cause.
 */
export function translateError(operation: string, error: unknown): Error {
  if (error instanceof StoreUnavailableError) return error;
  if (isUnavailable(error)) {
    const reason = error instanceof Error ? error.message : String(error);
    return new StoreUnavailableError(`EventStoreDB did not answer ${operation}: ${reason}`, 1, { cause: error });
  }
  return new EsdbRequestError(operation, error);
}
