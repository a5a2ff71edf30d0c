import type { EventStore } from '../../../src/store/event-store.js';

export interface EventStoreFixture {
  /** A store holding no events. */
  readonly store: EventStore;
  /** Closes the current store and opens the same data anew (as after a restart). */
  readonly reopen?: () => Promise<EventStore>;
  /** Closes every store the fixture opened (reopened ones included) and removes its data. */
  readonly cleanup: () => Promise<void>;
  /**
   * Set when the store cannot be emptied per test (a real server shared by the whole run):
   * the one expectation that needs an empty store is then skipped with this reason.
   */
  readonly notEmptyBecause?: string;
}

/**
 * The test being run, as each part of the suite reads it in its own beforeEach (which
 * runs after the suite's): the fixture, its store and a stream prefix no other test uses.
 */
export interface ConformanceScope {
  current(): { readonly fixture: EventStoreFixture; readonly store: EventStore; readonly ns: string };
}
