import type { CanonicalValue } from '../../events/canonical-json.js';
import type { DeferredAppend } from '../audit/deferred-chain.js';
import { LINKED_ELSEWHERE, type ChainHead } from '../audit/hash-chain.js';
import { DomainError } from '../domain/domain-error.js';
import type { EventStore } from '../store/event-store.js';
import type { FileItem, FileProblem } from './development-file.js';
import { contentIdentity } from './event-ids.js';
import { planDevelopment, planIfAtHand, type DevelopmentPlan } from './plan-development.js';
import { deferredEvents, newEvents, type Clock, type Provenance } from './record-development.js';
import type { PlannedAppend } from './staged-import-writes.js';
import { StreamStateCache } from './stream-state-cache.js';

/** A development's append as an import's write takes it, with the item it came from. */
export interface ImportAppend {
  readonly item: FileItem;
}

/** A deferred append (its chain linked on the writing thread) with the item it came from. */
export interface DeferredPlannedAppend extends DeferredAppend, ImportAppend {}

type AppendPlan = Extract<DevelopmentPlan, { kind: 'append' }>;

/**
 * Makes a planned development's append and the chain head after it: hashed here, or left
 * for the writing thread to link (`deferredStampFor`).
 */
export type Stamp<A extends ImportAppend> = (plan: AppendPlan, item: FileItem, clock: Clock, data: CanonicalValue | undefined) => { append: A; chain: ChainHead };

/** Each event hashed and its metadata complete here, as every other write path does. */
export function chainedStampFor(options: PlanImportOptions): Stamp<PlannedAppend> {
  return (plan, item, clock, data) => {
    const provenance: Provenance = {
      recordedBy: options.recordedBy,
      correlationId: options.correlationId,
      importedFrom: { file: options.file, item: item.item, ...(item.line !== undefined ? { line: item.line } : {}) },
    };
    const { events, chain } = newEvents(plan.chain, plan.developments, plan.eventIds, provenance, clock, data);
    return { append: { stream: plan.stream, events, expectedRevision: plan.expectedRevision, item }, chain };
  };
}

/**
 * The events' parts for the writing thread to hash and complete with the provenance its
 * session was begun with (src/audit/deferred-chain.ts); the stream's hash is sent with
 * its first append of the import only, the thread following its own chain after that.
 */
export const deferredStamp: Stamp<DeferredPlannedAppend> = (plan, item, clock, data) => {
  const events = deferredEvents(plan.developments, plan.eventIds, item, clock, data);
  const expectedRevision = plan.expectedRevision as number | 'no_stream';
  const prevHash = plan.chain.hash === LINKED_ELSEWHERE ? null : plan.chain.hash;
  return {
    append: { stream: plan.stream, expectedRevision, prevHash, events, item },
    chain: { stream: plan.stream, revision: plan.chain.revision + events.length, hash: LINKED_ELSEWHERE },
  };
};

export interface PlanImportOptions {
  readonly file: string;
  readonly recordedBy: string;
  readonly correlationId: string;
  readonly clock?: Clock;
}

/**
 * Every development decided in file order, each planned append handed to `onPlanned`
 * (with the count of problems found so far). The stream states (and the plans'
 * snapshots) live only as long as this call.
 */
export async function planEach<A extends ImportAppend>(
  store: EventStore,
  items: readonly FileItem[],
  options: PlanImportOptions,
  stamp: Stamp<A>,
  onPlanned: (append: A, problemsSoFar: number) => Promise<void> | undefined,
  /** The log's head when the deciding starts. */
  head: bigint | undefined,
  /** Developments found already stored, counted as they are found. */
  found = { alreadyPresent: 0 },
): Promise<{ alreadyPresent: number; problems: FileProblem[] }> {
  const cache = new StreamStateCache(store);
  if (head === undefined) cache.assumeEmptyStore();
  const problems: FileProblem[] = [];
  const clock = options.clock ?? (() => new Date());
  for (const item of items) {
    let append: A;
    try {
      const identity = contentIdentity(item.development);
      const plan = planIfAtHand(cache, item.development, identity.eventId) ?? (await planDevelopment(cache, item.development, identity.eventId, store));
      if (plan.kind === 'already-recorded') {
        found.alreadyPresent += 1;
        continue;
      }
      // Stamped (recordedAt; the hash here or on the writing thread) as planned: the next
      // development on the same stream chains from this one before either is written.
      const stamped = stamp(plan, item, clock, identity.data);
      cache.advance(plan.snapshot, plan.eventIds, plan.developments, stamped.chain);
      append = stamped.append;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      problems.push({ item: item.item, ...(item.line !== undefined ? { line: item.line } : {}), pointer: error.pointer ?? '', code: error.code, message: error.message });
      continue;
    }
    // Awaited only when the callback has to wait (a full chunk, a busy thread).
    const waiting = onPlanned(append, problems.length);
    if (waiting) await waiting;
  }
  return { alreadyPresent: found.alreadyPresent, problems };
}
