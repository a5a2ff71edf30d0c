import { describeEventStoreConformance } from '../store/event-store-conformance.js';
import { InMemoryEventStore } from './support/in-memory-event-store.js';

// The projection tests' store double is held to the same contract as the real adapters.
describeEventStoreConformance('InMemoryEventStore (test double)', async () => ({ store: new InMemoryEventStore(), cleanup: async () => {} }));
describeEventStoreConformance('InMemoryEventStore with sparse positions', async () => ({ store: new InMemoryEventStore(7n), cleanup: async () => {} }));
