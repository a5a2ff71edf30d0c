/**
 * The Emmett SQLite event store on Concord's workload: the very rows Concord stored
 * (same events, same streams, same order), appended through Emmett's store API, read back
 * in global order, and caught up by Emmett's consumer into Concord's own read models.
 *
 * Its fastest configuration as its 0.42 package defines it: one shared connection
 * (`connectionOptions: { singleton: true, connection }`; without a connection each call
 * opens and closes its own), consecutive events of one stream in one append call (its API
 * appends to one stream per call), those calls grouped 1,000 to a transaction on the
 * shared (ambient) connection, whose `withTransaction` nests the store's own, as Concord's
 * import commits 1,000 developments at a time (one transaction per call would cost Emmett
 * an fsync per call: a few hundred events per second on this disk), and a consumer with
 * `pullingFrequencyInMs: 0` and a large batch.
 */
import { decodeEvent } from '../../events/decode-event.js';
import { ReadModels } from '../../projections/read-models.js';
import type { RecordedEvent } from '../../src/store/event-store.js';
import { perSecond, timed } from '../measure.js';
import type { EmmettMessage, EmmettSqlite } from '../peers/load-peers.js';
import type { RawRow } from './raw-sqlite.js';

export const EMMETT_BATCH = 10_000;
/** Append calls per transaction of the shared connection: Concord's import chunk. */
export const EMMETT_APPENDS_PER_TRANSACTION = 1_000;

export function emmettConfiguration(emmett: EmmettSqlite, engine: string, synchronous: string): string {
  return (
    `@event-driven-io/emmett-sqlite ${emmett.version} on ${engine} (its own SQLite driver), file database, WAL, synchronous=${synchronous}; ` +
    'one shared connection (connectionOptions: { singleton: true, connection: sqliteConnection(...) }); ' +
    `append: store.appendToStream, one call per run of consecutive events of one stream (its API takes one stream per call), ${EMMETT_APPENDS_PER_TRANSACTION.toLocaleString('en-GB')} calls to a transaction of the shared connection (connection.withTransaction, which the store's own transaction nests in); ` +
    `read all: readMessagesBatch in batches of ${EMMETT_BATCH.toLocaleString('en-GB')}; ` +
    `catch-up: store.consumer({ pulling: { batchSize: ${EMMETT_BATCH.toLocaleString('en-GB')}, pullingFrequencyInMs: 0 } }) with one processor from the beginning, ` +
    'applying each message to Concord\'s read models (decoded and validated as Concord does)'
  );
}

interface EmmettEvent {
  type: string;
  data: unknown;
  metadata: Record<string, unknown>;
}

/** Concord's rows as Emmett append calls: one call per run of consecutive events of a stream. */
export function appendCalls(rows: readonly RawRow[]): { stream: string; events: EmmettEvent[] }[] {
  const calls: { stream: string; events: EmmettEvent[] }[] = [];
  for (const row of rows) {
    // Emmett keeps a given messageId: the read models resolve corrections by Concord's event ids.
    const event = { type: row.type, data: JSON.parse(row.data), metadata: { ...JSON.parse(row.metadata), messageId: row.eventId } };
    const last = calls.at(-1);
    if (last && last.stream === row.stream) last.events.push(event);
    else calls.push({ stream: row.stream, events: [event] });
  }
  return calls;
}

function openStore(emmett: EmmettSqlite, file: string) {
  const connection = emmett.sqliteConnection({ fileName: file });
  const store = emmett.getSQLiteEventStore({ fileName: file, connectionOptions: { singleton: true, connection } });
  return { connection, store };
}

/** Appends every call in order; returns events per second and the connection's synchronous setting. */
export async function measureEmmettAppend(emmett: EmmettSqlite, file: string, calls: ReturnType<typeof appendCalls>): Promise<{ perSecond: number; synchronous: string }> {
  const { connection, store } = openStore(emmett, file);
  try {
    const events = calls.reduce((n, c) => n + c.events.length, 0);
    const { ms } = await timed(async () => {
      for (let i = 0; i < calls.length; i += EMMETT_APPENDS_PER_TRANSACTION) {
        await connection.withTransaction(async () => {
          for (const call of calls.slice(i, i + EMMETT_APPENDS_PER_TRANSACTION)) await store.appendToStream(call.stream, call.events);
        });
      }
    });
    const mode = await connection.querySingle<{ synchronous: number }>('PRAGMA synchronous');
    return { perSecond: perSecond(events, ms), synchronous: ['OFF', 'NORMAL', 'FULL', 'EXTRA'][mode?.synchronous ?? -1] ?? 'unknown' };
  } finally {
    connection.close();
  }
}

/** Read all in global order, batch by batch, as Emmett parses it (JSON, no schema). */
export async function measureEmmettReadAll(emmett: EmmettSqlite, file: string, expected: number): Promise<number> {
  const connection = emmett.sqliteConnection({ fileName: file });
  try {
    let count = 0;
    const { ms } = await timed(async () => {
      let after = 0n;
      for (;;) {
        const batch = await emmett.readMessagesBatch(connection, { after, batchSize: EMMETT_BATCH });
        count += batch.messages.length;
        after = batch.currentGlobalPosition;
        if (!batch.areEventsLeft) break;
      }
    });
    if (count !== expected) throw new Error(`Emmett read ${count} events, expected ${expected}`);
    return perSecond(count, ms);
  } finally {
    connection.close();
  }
}

/** Emmett's message back as the RecordedEvent Concord decodes (its own metadata keys set aside). */
function recordedOf(message: EmmettMessage): RecordedEvent {
  const { messageId, streamName, streamPosition, globalPosition, ...metadata } = message.metadata;
  return { eventId: messageId, stream: streamName, revision: Number(streamPosition) - 1, position: globalPosition, type: message.type, data: message.data, metadata };
}

/** Consumer catch-up from the beginning into every Concord read model; stops after the last event. */
export async function measureEmmettCatchUp(emmett: EmmettSqlite, file: string, lastPosition: bigint, expected: number): Promise<number> {
  const { connection, store } = openStore(emmett, file);
  const consumer = store.consumer({ pulling: { batchSize: EMMETT_BATCH, pullingFrequencyInMs: 0 } });
  const models = new ReadModels();
  let applied = 0;
  consumer.processor({
    processorId: `concord-read-models-${Date.now()}`,
    startFrom: 'BEGINNING',
    stopAfter: (message) => message.metadata.globalPosition >= lastPosition,
    eachMessage: (message) => {
      models.apply(decodeEvent(recordedOf(message)));
      applied++;
    },
  });
  try {
    const { ms } = await timed(async () => {
      await consumer.start();
      models.timeline({ limit: 1 }); // Concord's engine sorts the timeline at catch-up: so does this
    });
    if (applied !== expected) throw new Error(`Emmett's consumer applied ${applied} events, expected ${expected}`);
    return perSecond(applied, ms);
  } finally {
    await consumer.close();
    connection.close();
  }
}
