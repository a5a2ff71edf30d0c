import type { DateRange } from '../../events/dates.js';
import type { EntityRef } from '../../events/identifiers.js';

/** What the HTTP reads need of the projections; the projection runner and read models provide it. */
export interface ReadSide {
  status(): ReadStatus;
  /** Resolves true once the read models have applied `position`, false after `timeoutMs`. */
  waitForPosition(position: bigint, timeoutMs: number): Promise<boolean>;
  timeline(query: TimelineRequest): { items: unknown[]; nextKey?: unknown };
  entity(ref: EntityRef, at: number): unknown;
  state(at: number): unknown;
  /** Revision of a stream as the read models know it (the entity's ETag). */
  streamRevision?(stream: string): number | undefined;
}

export interface ReadStatus {
  readonly position: bigint | undefined;
  readonly knownAt: string | undefined;
  readonly caughtUp: boolean;
  /** When the read models last applied an event; tells how far behind they may be. */
  readonly lastAppliedAt?: Date | undefined;
}

export interface TimelineRequest {
  readonly entity?: EntityRef;
  readonly from?: DateRange;
  readonly to?: DateRange;
  readonly types?: string[];
  readonly limit: number;
  readonly after?: unknown;
  readonly maxPosition?: bigint;
}

/** `asOf`: the valid date asked, the recorded time and position reflected, and whether caught up. */
export interface AsOf {
  readonly at: string | null;
  readonly knownAt: string | null;
  readonly position: string | null;
  readonly caughtUp: boolean;
  /** Only while not caught up (e.g. the store is unreachable): whole seconds since the last event was applied, null if none was. */
  readonly secondsSinceLastEvent?: number | null;
}

export function asOf(status: ReadStatus, at: string | null, now: number = Date.now()): AsOf {
  const answer: AsOf = {
    at,
    knownAt: status.knownAt ?? null,
    position: status.position === undefined ? null : status.position.toString(),
    caughtUp: status.caughtUp,
  };
  if (status.caughtUp) return answer;
  const last = status.lastAppliedAt?.getTime();
  return { ...answer, secondsSinceLastEvent: last === undefined ? null : Math.max(0, Math.floor((now - last) / 1000)) };
}
