import { ConfigError, type ConcordConfig } from '../config.js';
import type { EventStore } from './event-store.js';
import { SqliteEventStore } from './sqlite-event-store.js';

/** The store the configuration names; every command opens it through here. */
export async function openEventStore(config: ConcordConfig): Promise<EventStore> {
  switch (config.CONCORD_STORE) {
    case 'sqlite':
      return SqliteEventStore.open(config.CONCORD_SQLITE_PATH);
    case 'esdb':
      throw new ConfigError('CONCORD_STORE=esdb: the EventStoreDB adapter is not built yet (issue 3); use CONCORD_STORE=sqlite');
  }
}
