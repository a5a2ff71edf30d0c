/**
 * Subscribes, appends, waits for its event and then simply ends without closing the
 * store: the process must exit on its own, so no timer of the store may hold it.
 * Args: <db path>
 */
import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '../../../src/store/sqlite-event-store.js';

const [path] = process.argv.slice(2);
if (!path) throw new Error('usage: subscribe-and-exit <db>');

const store = SqliteEventStore.open(path, { pollIntervalMs: 50 });
const received = new Promise<void>((resolve) => {
  store.subscribeToAll({}, { onEvent: () => resolve() });
});
await store.append('lonely', [{ eventId: randomUUID(), type: 'Appended', data: {}, metadata: {} }], 'no_stream');
await received;
console.log(JSON.stringify({ received: true, liveSubscriptions: store.stats().liveSubscriptions }));
