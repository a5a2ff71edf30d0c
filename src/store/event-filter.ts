import type { EventFilter, RecordedEvent } from './event-store.js';

/**
 * The port's filter applied to an event already read, by adapters whose server cannot
 * apply all of it: literal stream prefixes, exact event types, text in the data.
 */
export function matchesFilter(event: RecordedEvent, filter: EventFilter | undefined): boolean {
  if (filter?.streamPrefixes && !filter.streamPrefixes.some((prefix) => event.stream.startsWith(prefix))) return false;
  if (filter?.eventTypes && !filter.eventTypes.includes(event.type)) return false;
  // The data as JSON.stringify writes it, as the filter is defined (the server's bytes may be spaced otherwise).
  if (filter?.dataContains !== undefined && !JSON.stringify(event.data).includes(filter.dataContains)) return false;
  return true;
}
