import { jsonEvent, type AllStreamResolvedEvent, type AppendExpectedRevision, type ResolvedEvent } from '@eventstore/db-client';
import type { ExpectedRevision, NewEvent, RecordedEvent } from './event-store.js';

/**
 * Translation between the port's records and the client's. Data and metadata travel as
 * JSON; the global position is the commit position, which EventStoreDB only ever
 * increases (sparse: it is a byte offset in the transaction log).
 */

export function toProposedEvent(event: NewEvent) {
  return jsonEvent({
    id: event.eventId,
    type: event.type,
    data: event.data as Parameters<typeof jsonEvent>[0]['data'],
    metadata: event.metadata as Parameters<typeof jsonEvent>[0]['metadata'],
  });
}

export function toClientRevision(expected: ExpectedRevision): AppendExpectedRevision {
  return typeof expected === 'number' ? BigInt(expected) : expected;
}

/** The port's record of a read event; undefined for links and system events, which Concord never stores. */
export function toRecordedEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | undefined {
  const event = resolved.event;
  if (!event || isSystem(event.streamId, event.type)) return undefined;
  const position = event.position?.commit ?? (resolved as { commitPosition?: bigint }).commitPosition;
  if (position === undefined) throw new Error(`EventStoreDB sent event ${event.id} of ${event.streamId} without a position`);
  return {
    eventId: event.id,
    stream: event.streamId,
    revision: Number(event.revision),
    position,
    type: event.type,
    data: event.isJson ? event.data : Buffer.from(event.data as Uint8Array).toString('utf8'),
    metadata: event.metadata instanceof Uint8Array ? Buffer.from(event.metadata).toString('utf8') : (event.metadata ?? null),
  };
}

/** EventStoreDB's own streams and events start with `$`; they are not Concord's. */
export function isSystem(stream: string, type: string): boolean {
  return stream.startsWith('$') || type.startsWith('$');
}

export function allPosition(position: bigint): { commit: bigint; prepare: bigint } {
  // Concord keeps only the commit position; reading from it needs the pair, and for the
  // events a read returns EventStoreDB reports prepare = commit (modelled in the test server).
  return { commit: position, prepare: position };
}
