import { CONCORD_STREAM_PREFIXES } from '../../events/identifiers.js';
import { ConfigError, type ConcordConfig } from '../config.js';
import type { EventStore } from './event-store.js';
import { SqliteEventStore } from './sqlite-event-store.js';

/** The store the configuration names; every command opens it through here. */
export async function openEventStore(config: ConcordConfig): Promise<EventStore> {
  switch (config.CONCORD_STORE) {
    case 'sqlite':
      return SqliteEventStore.open(config.CONCORD_SQLITE_PATH, { syncLogOffThread: config.CONCORD_SQLITE_SYNC === 'off-thread' });
    case 'esdb':
      if (!config.CONCORD_ESDB_URL) throw new ConfigError('CONCORD_STORE=esdb needs CONCORD_ESDB_URL, e.g. esdb://localhost:2113?tls=false');
      {
        // Loaded only when chosen: the gRPC client adds noticeably to every CLI start.
        const { EsdbEventStore } = await import('./esdb-event-store.js');
        return EsdbEventStore.connect(config.CONCORD_ESDB_URL, { deadlineMs: config.CONCORD_ESDB_DEADLINE_MS, scopeStreamPrefixes: CONCORD_STREAM_PREFIXES });
      }
  }
}
