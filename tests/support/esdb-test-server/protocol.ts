import { createRequire } from 'node:module';

/**
 * The generated protobuf and gRPC code, loaded from the SAME package instance the client
 * under test loads: google-protobuf registers messages on a process-wide namespace, and a
 * second copy of these files would overwrite the first and break the client's messages.
 * Resolving through the client's own package keeps it to one copy.
 */
const require = createRequire(import.meta.url);
const clientRoot = require.resolve('@eventstore/db-client/package.json').replace(/package\.json$/, '');
const load = <T>(file: string): T => require(`${clientRoot}generated/${file}`) as T;

export const streamsPb = load<typeof import('@eventstore/db-client/generated/streams_pb.js')>('streams_pb.js');
export const streamsGrpc = load<typeof import('@eventstore/db-client/generated/streams_grpc_pb.js')>('streams_grpc_pb.js');
export const sharedPb = load<typeof import('@eventstore/db-client/generated/shared_pb.js')>('shared_pb.js');
export const statusPb = load<typeof import('@eventstore/db-client/generated/status_pb.js')>('status_pb.js');
export const featuresPb = load<typeof import('@eventstore/db-client/generated/serverfeatures_pb.js')>('serverfeatures_pb.js');
export const featuresGrpc = load<typeof import('@eventstore/db-client/generated/serverfeatures_grpc_pb.js')>('serverfeatures_grpc_pb.js');
/** google.protobuf.Any and Empty, from the google-protobuf copy the client depends on. */
const protobufRoot = createRequire(`${clientRoot}package.json`);
export const anyPb = protobufRoot('google-protobuf/google/protobuf/any_pb.js') as typeof import('google-protobuf/google/protobuf/any_pb.js');
export const emptyPb = protobufRoot('google-protobuf/google/protobuf/empty_pb.js') as typeof import('google-protobuf/google/protobuf/empty_pb.js');

export type ReadReq = import('@eventstore/db-client/generated/streams_pb.js').ReadReq;
export type ReadResp = import('@eventstore/db-client/generated/streams_pb.js').ReadResp;
export type AppendReq = import('@eventstore/db-client/generated/streams_pb.js').AppendReq;
export type AppendResp = import('@eventstore/db-client/generated/streams_pb.js').AppendResp;
export type BatchAppendReq = import('@eventstore/db-client/generated/streams_pb.js').BatchAppendReq;
export type BatchAppendResp = import('@eventstore/db-client/generated/streams_pb.js').BatchAppendResp;
export type StreamIdentifier = import('@eventstore/db-client/generated/shared_pb.js').StreamIdentifier;

export function streamName(identifier: StreamIdentifier | undefined): string {
  return Buffer.from(identifier?.getStreamName_asU8() ?? new Uint8Array()).toString('utf8');
}

export function streamIdentifier(name: string): StreamIdentifier {
  return new sharedPb.StreamIdentifier().setStreamName(Buffer.from(name, 'utf8'));
}

/** .NET ticks (100 ns) since the Unix epoch, as EventStoreDB sends in `created`. */
export function ticksOf(date: Date): string {
  return (BigInt(date.getTime()) * 10_000n).toString();
}
