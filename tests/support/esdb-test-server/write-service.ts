import * as grpc from '@grpc/grpc-js';
import type { AppendOutcome, Expected, MemoryLog, ProposedRecord } from './memory-log.js';
import { anyPb, emptyPb, sharedPb, statusPb, streamIdentifier, streamName, streamsPb, type AppendReq, type AppendResp, type BatchAppendReq, type BatchAppendResp } from './protocol.js';
import { streamDeletedError, wrongExpectedVersionError } from './trailers.js';

type DeleteReq = import('@eventstore/db-client/generated/streams_pb.js').DeleteReq;
type DeleteResp = import('@eventstore/db-client/generated/streams_pb.js').DeleteResp;
type TombstoneReq = import('@eventstore/db-client/generated/streams_pb.js').TombstoneReq;
type TombstoneResp = import('@eventstore/db-client/generated/streams_pb.js').TombstoneResp;

interface ProposedMessage {
  getId(): { getString(): string } | undefined;
  getMetadataMap(): { get(key: string): string | undefined };
  getData_asU8(): Uint8Array;
  getCustomMetadata_asU8(): Uint8Array;
}

interface ExpectedOptions {
  hasAny(): boolean;
  hasNoStream(): boolean;
  hasStreamExists?(): boolean;
}

export interface WriteFaults {
  /** Appends still to be stored but answered UNAVAILABLE. */
  lostAnswers: number;
}

function loseAnswer(faults: WriteFaults | undefined, outcome: AppendOutcome): grpc.ServiceError | undefined {
  if (!faults || faults.lostAnswers === 0 || outcome.kind !== 'success') return undefined;
  faults.lostAnswers -= 1;
  const details = 'connection reset after the write was committed (injected fault)';
  return Object.assign(new Error(details), { code: grpc.status.UNAVAILABLE, details, metadata: new grpc.Metadata() });
}

/** `Streams.Append`: options first, then one proposed message per event; the answer when the client ends. */
export function handleAppend(log: MemoryLog, call: grpc.ServerReadableStream<AppendReq, AppendResp>, callback: grpc.sendUnaryData<AppendResp>, faults?: WriteFaults): void {
  let stream = '';
  let expected: Expected = { kind: 'any' };
  const proposed: ProposedRecord[] = [];
  call.on('data', (request: AppendReq) => {
    if (request.hasOptions()) {
      const options = request.getOptions()!;
      stream = streamName(options.getStreamIdentifier());
      expected = expectedOf(options, options.hasRevision() ? options.getRevision() : undefined);
    } else if (request.hasProposedMessage()) proposed.push(proposedRecord(request.getProposedMessage()!));
  });
  call.on('end', () => {
    const outcome = log.append(stream, proposed, expected);
    if (outcome.kind === 'stream-deleted') return callback(streamDeletedError(stream));
    const lost = loseAnswer(faults, outcome);
    if (lost) return callback(lost);
    callback(null, appendResponse(outcome));
  });
}

/**
 * `Streams.BatchAppend`: requests carry a correlation id, options on the first one, and
 * are collected until `is_final`; failures travel as a `google.rpc.Status` whose details
 * pack the reason.
 */
export function handleBatchAppend(log: MemoryLog, call: grpc.ServerDuplexStream<BatchAppendReq, BatchAppendResp>, faults?: WriteFaults): void {
  const pending = new Map<string, { stream: string; expected: Expected; proposed: ProposedRecord[] }>();
  call.on('data', (request: BatchAppendReq) => {
    const correlationId = request.getCorrelationId()!.getString();
    let batch = pending.get(correlationId);
    if (!batch) {
      const options = request.getOptions();
      const stream = streamName(options?.getStreamIdentifier());
      batch = { stream, expected: options ? expectedOf(options, options.hasStreamPosition() ? options.getStreamPosition() : undefined) : { kind: 'any' }, proposed: [] };
      pending.set(correlationId, batch);
    }
    batch.proposed.push(...request.getProposedMessagesList().map(proposedRecord));
    if (!request.getIsFinal()) return;
    pending.delete(correlationId);
    const outcome = log.append(batch.stream, batch.proposed, batch.expected);
    const lost = loseAnswer(faults, outcome);
    if (lost) return void call.emit('error', lost);
    const response = new streamsPb.BatchAppendResp().setCorrelationId(new sharedPb.UUID().setString(correlationId)).setStreamIdentifier(streamIdentifier(batch.stream));
    if (outcome.kind === 'success') {
      const position = new sharedPb.AllStreamPosition().setCommitPosition(outcome.position.toString()).setPreparePosition(outcome.position.toString());
      response.setSuccess(new streamsPb.BatchAppendResp.Success().setCurrentRevision(outcome.revision.toString()).setPosition(position));
    } else {
      response.setError(batchFailure(outcome));
    }
    call.write(response);
  });
  call.on('end', () => call.end());
}

/** `Streams.Delete` (soft): hides the events by setting `$tb` in the stream's metadata. */
export function handleDelete(log: MemoryLog, call: grpc.ServerUnaryCall<DeleteReq, DeleteResp>, callback: grpc.sendUnaryData<DeleteResp>): void {
  const options = call.request.getOptions()!;
  const stream = streamName(options.getStreamIdentifier());
  const failure = checkDeletion(log, stream, expectedOf(options, options.hasRevision() ? options.getRevision() : undefined));
  if (failure) return callback(failure);
  const last = log.lastRevision(stream);
  const metadata = { ...log.metadataOf(stream), $tb: Number((last ?? -1n) + 1n) };
  const written = log.append(`$$${stream}`, [jsonRecord('$metadata', metadata)], { kind: 'any' });
  callback(null, new streamsPb.DeleteResp().setPosition(deletePosition(written)));
}

/** `Streams.Tombstone` (hard delete): the stream can never be written or read again. */
export function handleTombstone(log: MemoryLog, call: grpc.ServerUnaryCall<TombstoneReq, TombstoneResp>, callback: grpc.sendUnaryData<TombstoneResp>): void {
  const options = call.request.getOptions()!;
  const stream = streamName(options.getStreamIdentifier());
  const failure = checkDeletion(log, stream, expectedOf(options, options.hasRevision() ? options.getRevision() : undefined));
  if (failure) return callback(failure);
  log.tombstone(stream);
  const position = new streamsPb.TombstoneResp.Position().setCommitPosition(log.headPosition.toString()).setPreparePosition(log.headPosition.toString());
  callback(null, new streamsPb.TombstoneResp().setPosition(position));
}

function checkDeletion(log: MemoryLog, stream: string, expected: Expected): grpc.ServiceError | undefined {
  if (log.isTombstoned(stream)) return streamDeletedError(stream);
  const current = log.lastRevision(stream);
  const matches =
    expected.kind === 'any' ||
    (expected.kind === 'no_stream' && current === undefined) ||
    (expected.kind === 'stream_exists' && current !== undefined) ||
    (expected.kind === 'revision' && current === expected.revision);
  if (matches) return undefined;
  const expectedText = expected.kind === 'revision' ? expected.revision.toString() : expected.kind === 'no_stream' ? '-1' : '-4';
  return wrongExpectedVersionError(stream, expectedText, (current ?? -1n).toString());
}

function deletePosition(outcome: AppendOutcome): InstanceType<typeof streamsPb.DeleteResp.Position> {
  const position = outcome.kind === 'success' ? outcome.position.toString() : '0';
  return new streamsPb.DeleteResp.Position().setCommitPosition(position).setPreparePosition(position);
}

function expectedOf(options: ExpectedOptions, revision: string | undefined): Expected {
  if (revision !== undefined) return { kind: 'revision', revision: BigInt(revision) };
  if (options.hasNoStream()) return { kind: 'no_stream' };
  if (options.hasStreamExists?.()) return { kind: 'stream_exists' };
  return { kind: 'any' };
}

function proposedRecord(message: ProposedMessage): ProposedRecord {
  const metadata = message.getMetadataMap();
  return {
    id: message.getId()?.getString() ?? crypto.randomUUID(),
    type: metadata.get('type') ?? '',
    contentType: metadata.get('content-type') ?? 'application/octet-stream',
    data: message.getData_asU8(),
    metadata: message.getCustomMetadata_asU8(),
  };
}

function jsonRecord(type: string, data: unknown): ProposedRecord {
  return { id: crypto.randomUUID(), type, contentType: 'application/json', data: Buffer.from(JSON.stringify(data)), metadata: new Uint8Array() };
}

function appendResponse(outcome: Exclude<AppendOutcome, { kind: 'stream-deleted' }>): AppendResp {
  if (outcome.kind === 'success') {
    const position = new streamsPb.AppendResp.Position().setCommitPosition(outcome.position.toString()).setPreparePosition(outcome.position.toString());
    return new streamsPb.AppendResp().setSuccess(new streamsPb.AppendResp.Success().setCurrentRevision(outcome.revision.toString()).setPosition(position));
  }
  const wrong = new streamsPb.AppendResp.WrongExpectedVersion();
  if (outcome.current === undefined) wrong.setCurrentNoStream(new sharedPb.Empty());
  else wrong.setCurrentRevision(outcome.current.toString());
  const expected = outcome.expected;
  if (expected.kind === 'revision') wrong.setExpectedRevision(expected.revision.toString());
  else if (expected.kind === 'no_stream') wrong.setExpectedNoStream(new sharedPb.Empty());
  else if (expected.kind === 'stream_exists') wrong.setExpectedStreamExists(new sharedPb.Empty());
  else wrong.setExpectedAny(new sharedPb.Empty());
  return new streamsPb.AppendResp().setWrongExpectedVersion(wrong);
}

function batchFailure(outcome: Exclude<AppendOutcome, { kind: 'success' }>): InstanceType<typeof statusPb.Status> {
  const details = new anyPb.Any();
  if (outcome.kind === 'stream-deleted') {
    details.pack(new sharedPb.StreamDeleted().serializeBinary(), 'event_store.client.StreamDeleted');
    return new statusPb.Status().setCode(9).setMessage('stream deleted').setDetails(details);
  }
  const wrong = new sharedPb.WrongExpectedVersion();
  if (outcome.current === undefined) wrong.setCurrentNoStream(new emptyPb.Empty());
  else wrong.setCurrentStreamRevision(outcome.current.toString());
  const expected = outcome.expected;
  if (expected.kind === 'revision') wrong.setExpectedStreamPosition(expected.revision.toString());
  else if (expected.kind === 'no_stream') wrong.setExpectedNoStream(new emptyPb.Empty());
  else if (expected.kind === 'stream_exists') wrong.setExpectedStreamExists(new emptyPb.Empty());
  else wrong.setExpectedAny(new emptyPb.Empty());
  details.pack(wrong.serializeBinary(), 'event_store.client.WrongExpectedVersion');
  return new statusPb.Status().setCode(9).setMessage('wrong expected version').setDetails(details);
}
