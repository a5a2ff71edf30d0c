import type { CanonicalValue } from '../../events/canonical-json.js';
import type { NewEvent } from '../store/event-store.js';
import { eventHash, genesisHash, hashedFieldsOf, storedHashOf } from './event-hash.js';

/** Where a stream's hash chain stands: its last revision (-1 when empty) and that event's hash. */
export interface ChainHead {
  readonly stream: string;
  readonly revision: number;
  readonly hash: string;
}

/**
 * The hash of a head whose chain is linked on another thread (an import's writing
 * thread, src/audit/deferred-chain.ts): its revision is known here, its hash only there.
 */
export const LINKED_ELSEWHERE = '';

export function emptyChain(stream: string): ChainHead {
  return { stream, revision: -1, hash: genesisHash(stream) };
}

/**
 * The head after a stored event. An event stored without a hash (written before hash
 * chains existed) continues the chain with the hash it would have had, so new events
 * still chain to its content; `concord verify` reports the missing hash itself.
 */
export function headAfterStored(head: ChainHead, stored: { stream: string; revision: number; eventId: string; type: string; data: unknown; metadata: unknown }): ChainHead {
  return { stream: head.stream, revision: stored.revision, hash: storedHashOf(stored.metadata) ?? eventHash(hashedFieldsOf(stored, head.hash)) };
}

/**
 * Stamps each new event's metadata with its hash, chained from `head`. The events must
 * be appended at exactly `head.revision` (`no_stream` when -1): the hashes name their
 * revisions, so an append anywhere else would fork the chain. `data`: the canonical JSON
 * of one event's data, already computed (for its content id), to reuse.
 */
export function chainNewEvents(head: ChainHead, events: readonly NewEvent[], data?: CanonicalValue): { events: NewEvent[]; head: ChainHead } {
  // Chaining from a hash that is not there would fork the chain for good: a fault, not a case.
  if (head.hash === LINKED_ELSEWHERE) throw new Error(`the chain of ${head.stream} at revision ${head.revision} is linked on another thread; its events cannot be chained here`);
  let current = head;
  const chained = events.map((event) => {
    const revision = current.revision + 1;
    const hash = eventHash(hashedFieldsOf({ stream: head.stream, revision, eventId: event.eventId, type: event.type, data: event.data, metadata: event.metadata }, current.hash), data);
    current = { stream: head.stream, revision, hash };
    return { ...event, metadata: { ...(event.metadata as Record<string, unknown>), hash } };
  });
  return { events: chained, head: current };
}
