import type { DateRange } from '../../events/dates.js';
import type { EntityRef } from '../../events/identifiers.js';
import type { ChangeKey } from '../../projections/change-entries.js';
import type { StateKey } from '../../projections/entity-state-projection.js';

/** What the HTTP reads need of the projections; the projection runner and read models provide it. */
export interface ReadSide {
  status(): ReadStatus;
  /** Resolves true once the read models have applied `position`, false after `timeoutMs`. */
  waitForPosition(position: bigint, timeoutMs: number): Promise<boolean>;
  timeline(query: TimelineRequest): { items: unknown[]; nextKey?: unknown };
  /**
   * The same page with its items already serialised, comma-joined (`JSON.stringify(items)`
   * without the brackets), so the server need not serialise the items it served before.
   * ASCII only, every other character escaped (see asciiJson): the route sends the text's
   * Latin-1 bytes as UTF-8. Optional: without it the route serialises `timeline`'s items.
   */
  timelineJson?(query: TimelineRequest): { itemsJson: string; nextKey?: unknown };
  /** Revision of a stream as the read models know it (the entity's ETag). */
  streamRevision?(stream: string): number | undefined;
  /** `knownAt`: the log position the answer reflects; undefined for every event applied. */
  entity(ref: EntityRef, at: number, knownAt?: bigint): unknown;
  /**
   * The entities existing on valid day `at`, as [list, view] pairs in the order pages
   * run through them (organisations, people, groups, meetings, agreements; by id), each
   * view built only when reached; with `after`, starting past that entity.
   */
  stateEntries(at: number, knownAt?: bigint, after?: StateKey): Iterable<readonly [string, unknown]>;
  /**
   * The changes between valid days `from` (exclusive) and `to` (inclusive), in answer
   * order, each made only when reached; with `after`, starting past that change.
   */
  changeEntries(from: number, to: number, knownAt?: bigint, after?: ChangeKey): Iterable<{ readonly change: unknown; readonly key: ChangeKey }>;
  /**
   * The positions up to `until` of the events concerning an entity ("category:id"), and
   * the last position applied (`through`): the log after it is not indexed yet.
   */
  entityEventPositions?(entity: string, until: bigint): { readonly positions: readonly bigint[]; readonly through: bigint | undefined };
  /** The last position whose log prefix was all recorded at or before `ms`; undefined when none was. */
  positionKnownAt(ms: number): bigint | undefined;
  /** The recorded time the log up to `position` reflects. */
  recordedAtOf(position: bigint): string | undefined;
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

/**
 * `asOf`: the valid date asked, the recorded time and position the answer reflects,
 * whether the read models are caught up, and whether the answer reflects every event
 * applied (`latest`: false for an answer about an earlier recorded time). Passing
 * `position` back as `knownAtPosition` gives the same answer forever.
 */
export interface AsOf {
  readonly at: string | null;
  readonly knownAt: string | null;
  readonly position: string | null;
  readonly caughtUp: boolean;
  readonly latest: boolean;
  /** Only while not caught up (e.g. the store is unreachable): whole seconds since the last event was applied, null if none was. */
  readonly secondsSinceLastEvent?: number | null;
}

/** The recorded time an answer reflects: a log position (undefined: nothing recorded yet). */
export interface RecordedTime {
  readonly position: bigint | undefined;
  readonly knownAt: string | undefined;
  /** True when it is every event applied. */
  readonly latest: boolean;
}

export function latestRecordedTime(status: ReadStatus): RecordedTime {
  return { position: status.position, knownAt: status.knownAt, latest: true };
}

export function asOf(status: ReadStatus, at: string | null, recorded: RecordedTime = latestRecordedTime(status), now: number = Date.now()): AsOf {
  const answer: AsOf = {
    at,
    knownAt: recorded.knownAt ?? null,
    position: recorded.position === undefined ? null : recorded.position.toString(),
    caughtUp: status.caughtUp,
    latest: recorded.latest,
  };
  if (status.caughtUp) return answer;
  const last = status.lastAppliedAt?.getTime();
  return { ...answer, secondsSinceLastEvent: last === undefined ? null : Math.max(0, Math.floor((now - last) / 1000)) };
}
