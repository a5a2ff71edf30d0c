import * as grpc from '@grpc/grpc-js';
import type { MemoryLog, StoredRecord } from './memory-log.js';
import { sharedPb, streamIdentifier, streamName, streamsPb, ticksOf, type ReadReq, type ReadResp } from './protocol.js';
import { streamDeletedError } from './trailers.js';

type ReadOptions = NonNullable<ReturnType<ReadReq['getOptions']>>;
type FilterOptions = NonNullable<ReturnType<ReadOptions['getFilter']>>;

const MAX_COUNT = 9007199254740991n;

/** `Streams.Read`: reads of a stream or of `$all` in both directions, and subscriptions to either. */
export function handleRead(log: MemoryLog, call: grpc.ServerWritableStream<ReadReq, ReadResp>): void {
  const options = call.request.getOptions();
  if (!options) return void call.emit('error', invalidArgument('read without options'));
  const filter = options.hasFilter() ? compileFilter(options.getFilter()!) : undefined;
  if (options.hasStream()) {
    const streamOptions = options.getStream()!;
    const stream = streamName(streamOptions.getStreamIdentifier());
    if (log.isTombstoned(stream)) return void call.emit('error', streamDeletedError(stream));
    if (options.hasSubscription()) {
      const after = streamOptions.hasRevision() ? BigInt(streamOptions.getRevision()) : streamOptions.hasEnd() ? log.lastRevision(stream) : undefined;
      // Modelled: a subscription from a revision starts after it (exclusive).
      const startIndex = after === undefined ? 0 : firstIndexAfter(log, (record) => record.stream === stream && record.revision <= after);
      return void subscribe(log, call, startIndex, (record) => record.stream === stream, undefined);
    }
    return void readStream(log, call, options, stream);
  }
  if (!options.hasAll()) return void call.emit('error', invalidArgument('read of neither a stream nor $all'));
  const all = options.getAll()!;
  const from = all.hasPosition() ? BigInt(all.getPosition()!.getCommitPosition()) : undefined;
  if (options.hasSubscription()) {
    // Modelled: a subscription from a position starts after it (exclusive); from END, after the head.
    const after = all.hasEnd() ? log.headPosition : from;
    const startIndex = after === undefined ? 0 : firstIndexAfter(log, (record) => record.position <= after);
    return void subscribe(log, call, startIndex, filter?.matches ?? (() => true), filter);
  }
  const backwards = options.getReadDirection() === streamsPb.ReadReq.Options.ReadDirection.BACKWARDS;
  const count = readCount(options);
  let records: StoredRecord[];
  if (backwards) {
    // Modelled: a backwards read from a position is exclusive of it.
    records = log.all.filter((record) => (all.hasPosition() ? record.position < from! : !all.hasStart())).reverse();
  } else {
    // Modelled: a forwards read from a position includes it; from END it returns nothing.
    records = all.hasEnd() ? [] : log.all.filter((record) => from === undefined || record.position >= from);
  }
  if (filter) records = records.filter(filter.matches);
  void writeAll(call, records.slice(0, count).map(eventResponse)).then(() => call.end());
}

function readStream(log: MemoryLog, call: grpc.ServerWritableStream<ReadReq, ReadResp>, options: ReadOptions, stream: string): void {
  const visible = log.visible(stream);
  if (visible.length === 0) {
    const notFound = new streamsPb.ReadResp.StreamNotFound().setStreamIdentifier(streamIdentifier(stream));
    call.write(new streamsPb.ReadResp().setStreamNotFound(notFound));
    return void call.end();
  }
  const streamOptions = options.getStream()!;
  const backwards = options.getReadDirection() === streamsPb.ReadReq.Options.ReadDirection.BACKWARDS;
  const revision = streamOptions.hasRevision() ? BigInt(streamOptions.getRevision()) : undefined;
  let records: StoredRecord[];
  if (backwards) records = visible.filter((record) => revision === undefined || record.revision <= revision).reverse();
  else records = streamOptions.hasEnd() ? [] : visible.filter((record) => revision === undefined || record.revision >= revision);
  void writeAll(call, records.slice(0, readCount(options)).map(eventResponse)).then(() => call.end());
}

/**
 * Catch-up then live, with one cursor over the log so nothing committed in between is
 * missed or sent twice: confirmation, the matching events, a checkpoint and `caught_up`
 * at the head, then every new matching event. Modelled: with a filter, a checkpoint
 * follows every (window x multiplier) matching events, and one is sent at catch-up.
 */
async function subscribe(
  log: MemoryLog,
  call: grpc.ServerWritableStream<ReadReq, ReadResp>,
  startIndex: number,
  matches: (record: StoredRecord) => boolean,
  filter: CompiledFilter | undefined,
): Promise<void> {
  let cursor = startIndex;
  let caughtUp = false;
  let pumping = false;
  let again = false;
  let sinceCheckpoint = 0;
  let closed = false;
  const stop = log.onAppend(() => void pump());
  const close = () => {
    closed = true;
    stop();
  };
  call.on('cancelled', close);
  call.on('close', close);
  call.on('error', close);

  const confirmation = new streamsPb.ReadResp.SubscriptionConfirmation().setSubscriptionId(crypto.randomUUID());
  await write(call, new streamsPb.ReadResp().setConfirmation(confirmation));
  await pump();

  async function pump(): Promise<void> {
    if (pumping) {
      again = true;
      return;
    }
    pumping = true;
    try {
      do {
        again = false;
        while (!closed && cursor < log.all.length) {
          const record = log.all[cursor]!;
          cursor += 1;
          if (!matches(record)) continue;
          await write(call, eventResponse(record));
          sinceCheckpoint += 1;
          if (filter && sinceCheckpoint >= filter.checkpointEvery) {
            sinceCheckpoint = 0;
            await write(call, checkpointResponse(record.position));
          }
        }
        if (!closed && !caughtUp) {
          caughtUp = true;
          if (filter) await write(call, checkpointResponse(log.headPosition));
          await write(call, new streamsPb.ReadResp().setCaughtUp(new streamsPb.ReadResp.CaughtUp()));
        }
      } while (again && !closed);
    } finally {
      pumping = false;
    }
  }
}

interface CompiledFilter {
  readonly matches: (record: StoredRecord) => boolean;
  readonly checkpointEvery: number;
}

function compileFilter(options: FilterOptions): CompiledFilter {
  const onStream = options.hasStreamIdentifier();
  const expression = onStream ? options.getStreamIdentifier()! : options.getEventType()!;
  const prefixes = expression.getPrefixList();
  const regex = expression.getRegex() ? new RegExp(expression.getRegex()) : undefined;
  const window = options.hasMax() ? options.getMax() : 32;
  return {
    matches: (record) => {
      const subject = onStream ? record.stream : record.type;
      if (regex) return regex.test(subject);
      return prefixes.some((prefix) => subject.startsWith(prefix));
    },
    checkpointEvery: Math.max(1, window * Math.max(1, options.getCheckpointintervalmultiplier())),
  };
}

function eventResponse(record: StoredRecord): ReadResp {
  const recorded = new streamsPb.ReadResp.ReadEvent.RecordedEvent()
    .setId(new sharedPb.UUID().setString(record.id))
    .setStreamIdentifier(streamIdentifier(record.stream))
    .setStreamRevision(record.revision.toString())
    .setCommitPosition(record.position.toString())
    .setPreparePosition(record.position.toString())
    .setData(record.data)
    .setCustomMetadata(record.metadata);
  const metadata = recorded.getMetadataMap();
  metadata.set('type', record.type);
  metadata.set('content-type', record.contentType);
  metadata.set('created', ticksOf(record.created));
  const event = new streamsPb.ReadResp.ReadEvent().setEvent(recorded).setCommitPosition(record.position.toString());
  return new streamsPb.ReadResp().setEvent(event);
}

function checkpointResponse(position: bigint): ReadResp {
  const checkpoint = new streamsPb.ReadResp.Checkpoint().setCommitPosition(position.toString()).setPreparePosition(position.toString());
  return new streamsPb.ReadResp().setCheckpoint(checkpoint);
}

function firstIndexAfter(log: MemoryLog, notAfter: (record: StoredRecord) => boolean): number {
  let index = log.all.length;
  while (index > 0 && !notAfter(log.all[index - 1]!)) index -= 1;
  return index;
}

function readCount(options: ReadOptions): number {
  const count = options.hasCount() ? BigInt(options.getCount()) : MAX_COUNT;
  return Number(count > MAX_COUNT ? MAX_COUNT : count);
}

async function writeAll(call: grpc.ServerWritableStream<ReadReq, ReadResp>, responses: readonly ReadResp[]): Promise<void> {
  for (const response of responses) await write(call, response);
}

function write(call: grpc.ServerWritableStream<ReadReq, ReadResp>, response: ReadResp): Promise<void> {
  if (call.cancelled || call.destroyed) return Promise.resolve();
  if (call.write(response)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      call.off('drain', done);
      call.off('close', done);
      resolve();
    };
    call.once('drain', done);
    call.once('close', done);
  });
}

function invalidArgument(details: string): grpc.ServiceError {
  return Object.assign(new Error(details), { code: grpc.status.INVALID_ARGUMENT, details, metadata: new grpc.Metadata() });
}

