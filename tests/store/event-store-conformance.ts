import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe } from 'vitest';
import type { EventStore } from '../../src/store/event-store.js';
import { describeAppendMany } from './conformance/append-many.js';
import { describeReads } from './conformance/reads.js';
import type { EventStoreFixture } from './conformance/scope.js';
import { describeSubscriptions } from './conformance/subscriptions.js';
import { describeWrites } from './conformance/writes.js';

export type { EventStoreFixture } from './conformance/scope.js';
export { newEvent, range, sleep } from './conformance/helpers.js';

/**
 * The EventStore port's contract, stated once for every adapter. It speaks only the
 * port: stream names are unique per test and reads of all events filter on them or
 * start from the head seen before the test's appends, and positions are compared,
 * never assumed to be 1, 2, 3. In four parts (tests/store/conformance/): writes,
 * appendMany, reads and subscriptions.
 */
export function describeEventStoreConformance(name: string, factory: () => Promise<EventStoreFixture>): void {
  describe(`${name} honours the EventStore contract`, () => {
    let test: { fixture: EventStoreFixture; store: EventStore; ns: string };

    beforeEach(async () => {
      const fixture = await factory();
      test = { fixture, store: fixture.store, ns: `conformance${randomUUID().replaceAll('-', '').slice(0, 12)}` };
    });

    afterEach(async () => {
      await test.fixture.cleanup();
    });

    const scope = { current: () => test };
    describeWrites(scope);
    describeAppendMany(scope);
    describeReads(scope);
    describeSubscriptions(scope);
  });
}
