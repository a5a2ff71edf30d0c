/**
 * Appends one event from another process. Args: <db path> <stream> <event id>
 * Prints { position, committedAt } once the append is acknowledged.
 */
import { SqliteEventStore } from '../../../src/store/sqlite-event-store.js';

const [path, stream, eventId] = process.argv.slice(2);
if (!path || !stream || !eventId) throw new Error('usage: append-once <db> <stream> <event id>');

const store = SqliteEventStore.open(path);
const result = await store.append(stream, [{ eventId, type: 'AppendedElsewhere', data: { pid: process.pid }, metadata: {} }], 'any');
const committedAt = Date.now();
console.log(JSON.stringify({ position: result.position.toString(), committedAt }));
await store.close();
