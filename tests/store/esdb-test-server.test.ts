import {
  END,
  EventStoreDBClient,
  START,
  StreamDeletedError,
  WrongExpectedVersionError,
  eventTypeFilter,
  jsonEvent,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EsdbTestServer } from '../support/esdb-test-server/server.js';

/** The test double speaks EventStoreDB's protocol well enough for the real client: shown here through that client. */
describe('the EventStoreDB test server, through the real client', () => {
  let node: EsdbTestServer;
  let client: EventStoreDBClient;

  beforeEach(async () => {
    node = await EsdbTestServer.start();
    client = EventStoreDBClient.connectionString(node.connectionString());
  });

  afterEach(async () => {
    await client.dispose();
    await node.stop();
  });

  const event = (type = 'Tested', data: Record<string, unknown> = {}) => jsonEvent({ type, data });
  const collect = async (read: AsyncIterable<ResolvedEvent | AllStreamResolvedEvent>) => {
    const events = [];
    for await (const resolved of read) events.push(resolved.event!);
    return events;
  };

  for (const appendPath of ['batch', 'append'] as const) {
    it(`takes the ${appendPath === 'batch' ? 'Streams.BatchAppend' : 'Streams.Append'} path the server features lead the client to`, async () => {
      const pathNode = await EsdbTestServer.start({ appendPath });
      const pathClient = EventStoreDBClient.connectionString(pathNode.connectionString());
      try {
        await pathClient.appendToStream('org-a', [event(), event()], { expectedRevision: 'no_stream' });
        const error = await pathClient.appendToStream('org-a', [event()], { expectedRevision: 5n }).catch((reason: unknown) => reason);
        expect(error).toBeInstanceOf(WrongExpectedVersionError);
        expect(error).toMatchObject({ streamName: 'org-a', expectedVersion: 5n, actualVersion: 1n });
        expect(pathNode.calls[appendPath === 'batch' ? 'batchAppend' : 'append']).toBeGreaterThan(0);
        expect(pathNode.calls[appendPath === 'batch' ? 'append' : 'batchAppend']).toBeUndefined();
      } finally {
        await pathClient.dispose();
        await pathNode.stop();
      }
    });
  }

  it('reads $all in both directions from positions, with system events the client can tell apart', async () => {
    await client.appendToStream('org-a', [event('A'), event('B'), event('C')]);
    const all = await collect(client.readAll());
    expect(all[0]!.type.startsWith('$')).toBe(true);
    const own = all.filter((recorded) => !recorded.type.startsWith('$'));
    expect(own.map((recorded) => recorded.type)).toEqual(['A', 'B', 'C']);
    expect((await collect(client.readAll({ direction: 'backwards', fromPosition: END, maxCount: 2 }))).map((recorded) => recorded.type)).toEqual(['C', 'B']);
    const fromB = await collect(client.readAll({ fromPosition: own[1]!.position! }));
    expect(fromB.map((recorded) => recorded.type)).toEqual(['B', 'C']);
    const beforeB = await collect(client.readAll({ direction: 'backwards', fromPosition: own[1]!.position! }));
    expect(beforeB[0]!.type).toBe('A');
    expect(await collect(client.readAll({ fromPosition: END }))).toEqual([]);
  });

  it('subscribes to a stream: catch-up, caught-up, then live', async () => {
    await client.appendToStream('org-a', [event('A'), event('B')]);
    const subscription = client.subscribeToStream('org-a', { fromRevision: 0n });
    const received: string[] = [];
    const caughtUp = new Promise<void>((resolve) => subscription.on('caughtUp', () => resolve()));
    subscription.on('data', (resolved: ResolvedEvent) => received.push(resolved.event!.type));
    await caughtUp;
    expect(received).toEqual(['B']);
    await client.appendToStream('org-b', [event('Elsewhere')]);
    await client.appendToStream('org-a', [event('C')]);
    await until(() => received.length === 2);
    expect(received).toEqual(['B', 'C']);
    await subscription.unsubscribe();
  });

  it('subscribes to $all with a regex filter and reports checkpoints', async () => {
    for (let index = 0; index < 6; index += 1) await client.appendToStream(`org-${index}`, [event(index % 2 ? 'Odd' : 'Even')]);
    const checkpoints: bigint[] = [];
    const subscription = client.subscribeToAll({
      fromPosition: START,
      filter: eventTypeFilter({ regex: '^Odd$', maxSearchWindow: 1, checkpointInterval: 2, checkpointReached: (_subscription, position) => void checkpoints.push(position.commit) }),
    });
    const received: string[] = [];
    const caughtUp = new Promise<void>((resolve) => subscription.on('caughtUp', () => resolve()));
    subscription.on('data', (resolved: AllStreamResolvedEvent) => received.push(resolved.event!.streamId));
    await caughtUp;
    expect(received).toEqual(['org-1', 'org-3', 'org-5']);
    expect(checkpoints.length).toBeGreaterThanOrEqual(2);
    expect(checkpoints.at(-1)).toBe(node.log.headPosition);
    await subscription.unsubscribe();
  });

  it('subscribes to $all with a stream prefix filter, live', async () => {
    const subscription = client.subscribeToAll({ fromPosition: END, filter: streamNameFilter({ prefixes: ['person-'] }) });
    const received: string[] = [];
    subscription.on('data', (resolved: AllStreamResolvedEvent) => received.push(resolved.event!.streamId));
    await new Promise<void>((resolve) => subscription.on('caughtUp', () => resolve()));
    await client.appendToStream('org-1', [event()]);
    await client.appendToStream('person-1', [event()]);
    await until(() => received.length === 1);
    expect(received).toEqual(['person-1']);
    await subscription.unsubscribe();
  });

  it('soft-deletes a stream (reads find nothing, a new append continues its revisions) and tombstones one for good', async () => {
    await client.appendToStream('org-soft', [event(), event()]);
    await client.deleteStream('org-soft', { expectedRevision: 1n });
    expect(await collect(client.readStream('org-soft')).catch((error: Error) => error.constructor.name)).toBe('StreamNotFoundError');
    const after = await client.appendToStream('org-soft', [event()]);
    expect(after.nextExpectedRevision).toBe(2n);
    expect((await collect(client.readStream('org-soft'))).map((recorded) => recorded.revision)).toEqual([2n]);
    expect(await client.getStreamMetadata('org-soft')).toMatchObject({ metadata: { truncateBefore: 2 } });

    await client.appendToStream('org-hard', [event()]);
    await client.tombstoneStream('org-hard');
    await expect(client.appendToStream('org-hard', [event()])).rejects.toBeInstanceOf(StreamDeletedError);
    await expect(collect(client.readStream('org-hard'))).rejects.toBeInstanceOf(StreamDeletedError);
    await expect(client.tombstoneStream('org-hard')).rejects.toMatchObject({ streamName: 'org-hard' });
  });

  it('refuses a delete that expects the wrong revision, with the trailers the client reads', async () => {
    await client.appendToStream('org-a', [event()]);
    const error = await client.deleteStream('org-a', { expectedRevision: 3n }).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect(error).toMatchObject({ streamName: 'org-a', expectedVersion: 3n, actualVersion: 0n });
  });

  it('keeps stream metadata in $$stream and honours $maxCount on reads', async () => {
    await client.appendToStream('org-capped', [event('A'), event('B'), event('C')]);
    await client.setStreamMetadata('org-capped', { maxCount: 2 });
    expect((await client.getStreamMetadata('org-capped')).metadata).toMatchObject({ maxCount: 2 });
    expect(node.log.visible('$$org-capped')).toHaveLength(1);
    expect((await collect(client.readStream('org-capped'))).map((recorded) => recorded.type)).toEqual(['B', 'C']);
  });
});

async function until(condition: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
