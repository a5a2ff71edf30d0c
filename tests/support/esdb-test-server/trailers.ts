import * as grpc from '@grpc/grpc-js';

/**
 * Errors EventStoreDB reports through gRPC status plus trailing metadata: the client reads
 * the `exception` trailer and the keys that go with it (it crashes on a `stream-deleted`
 * without `stream-name`). Modelled: the gRPC status codes sent with these trailers (the
 * client decides on the trailer alone).
 */
export function exceptionError(code: grpc.status, exception: string, details: string, trailers: Record<string, string> = {}): grpc.ServiceError {
  const metadata = new grpc.Metadata();
  metadata.set('exception', exception);
  for (const [key, value] of Object.entries(trailers)) metadata.set(key, value);
  return Object.assign(new Error(details), { code, details, metadata });
}

export function streamDeletedError(stream: string): grpc.ServiceError {
  return exceptionError(grpc.status.FAILED_PRECONDITION, 'stream-deleted', `Event stream '${stream}' is deleted.`, { 'stream-name': stream });
}

export function wrongExpectedVersionError(stream: string, expected: string, actual: string): grpc.ServiceError {
  return exceptionError(grpc.status.FAILED_PRECONDITION, 'wrong-expected-version', `Append failed due to WrongExpectedVersion. Stream: ${stream}, Expected version: ${expected}, Actual version: ${actual}`, {
    'stream-name': stream,
    'expected-version': expected,
    'actual-version': actual,
  });
}
