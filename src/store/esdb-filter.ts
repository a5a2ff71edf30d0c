import { excludeSystemEvents, streamNameFilter, type Filter } from '@eventstore/db-client';
import type { EventFilter } from './event-store.js';

/**
 * The server-side part of a subscription's filter. EventStoreDB takes one expression:
 * Concord's stream prefixes when given (system streams start with `$`, so they never
 * match), otherwise the exclusion of system events. Event types and data are narrowed on
 * this side (event-filter.ts).
 * The filter's checkpoints tell how far the server has looked even when nothing matched,
 * which is where a resumed subscription starts.
 */
export function serverFilter(filter: EventFilter | undefined, checkpointReached: (position: bigint) => void): Filter {
  const checkpoint = { checkpointReached: (_subscription: unknown, position: { commit: bigint }) => checkpointReached(position.commit) };
  const prefixes = filter?.streamPrefixes;
  if (prefixes && prefixes.length > 0) return streamNameFilter({ prefixes: [...prefixes], ...checkpoint });
  return excludeSystemEvents(checkpoint);
}
