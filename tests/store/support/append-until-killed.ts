/**
 * Appends forever, eight concurrent appends at a time, and prints each one as soon as
 * it is acknowledged: the test kills this process and checks every printed append.
 * Args: <db path> [checkpoints-on-worker | log-restarts] (the log then checkpointed from a
 * worker every millisecond; with log-restarts also started afresh each time it passes 16 KiB)
 */
import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '../../../src/store/sqlite-event-store.js';

const [path, mode] = process.argv.slice(2);
if (!path) throw new Error('usage: append-until-killed <db> [checkpoints-on-worker | log-restarts]');

const onWorker = { backgroundCheckpointAfterEvents: 0, checkpointIntervalMs: 1 };
const options = mode === 'checkpoints-on-worker' ? onWorker : mode === 'log-restarts' ? { ...onWorker, logRestartBytes: 16 * 1024 } : {};
const store = SqliteEventStore.open(path, options);
const revisions = new Map<string, number>();
for (;;) {
  await Promise.all(
    Array.from({ length: 8 }, async (_, lane) => {
      const stream = `lane-${lane}`;
      const expected = revisions.get(stream) ?? 'no_stream';
      const eventId = randomUUID();
      const result = await store.append(stream, [{ eventId, type: 'Ticked', data: { lane }, metadata: {} }], expected);
      revisions.set(stream, result.nextExpectedRevision);
      process.stdout.write(`${JSON.stringify({ stream, eventId, revision: result.nextExpectedRevision, logRestarts: store.stats().logRestarts })}\n`);
    }),
  );
}
