import type { DatePrecision } from '../events/dates.js';
import type { Source } from '../events/sources.js';

/**
 * The answer shapes of the read models. Every view is JSON-ready: strings, numbers,
 * booleans, null, arrays and plain objects only; positions travel as decimal strings and
 * valid-time dates as the text they were recorded with (e.g. "2008", "../2023-12-07").
 * The entity state's views are in entity-views.ts.
 */

export type * from './entity-views.js';

/** How sure a fact holds on the asked day; facts that certainly do not hold are left out. */
export type Certainty = 'certain' | 'possible';

/** A valid-time date for answers (see describeDate in events/dates.ts). */
export interface DateView {
  readonly text: string;
  /** First possible day (ISO), null for an open start. */
  readonly earliest: string | null;
  /** Last possible day (ISO). */
  readonly latest: string;
  readonly precision: DatePrecision;
}

// ---------------------------------------------------------------------------
// Timeline

export interface TimelineItem {
  readonly position: string;
  readonly eventId: string;
  readonly type: string;
  readonly stream: string;
  /** Entity keys ("group:iag-tvet"): the subject first, then every referenced entity. */
  readonly entities: readonly string[];
  /** When the development happened; null for undated developments (registrations). */
  readonly date: DateView | null;
  readonly summary: string;
  readonly data: unknown;
  readonly sources: readonly Source[];
  readonly recordedAt: string;
  readonly recordedBy: string;
  /**
   * Present once the development was corrected or retracted (as known at the asked
   * position): the original, then each amendment, oldest first. `data` and `date` are
   * the development as corrected by then.
   */
  readonly history?: readonly AmendmentView[];
}

/** One step of a development's recorded history: who recorded what, when and why. */
export interface AmendmentView {
  readonly kind: 'original' | 'correction' | 'retraction';
  readonly position: string;
  readonly eventId: string;
  readonly recordedAt: string;
  readonly recordedBy: string;
  readonly reason: string | null;
  /** A correction's changed fields (null removes an optional field). */
  readonly changes: Record<string, unknown> | null;
  /** The event a correction or retraction targets. */
  readonly amends: string | null;
}

/**
 * The sort key of a timeline item, passed back as `after` to get the next page.
 * Null days stand for "no bound": an open start has no earliest day, an undated item
 * has neither (undated items sort first, then open starts, then dated items).
 */
export interface TimelineCursorKey {
  readonly earliestDay: number | null;
  readonly latestDay: number | null;
  readonly position: string;
}

export interface TimelinePage {
  readonly items: TimelineItem[];
  /** Present when more items may follow: pass it as `after` for the next page. */
  readonly nextKey?: TimelineCursorKey;
}

// ---------------------------------------------------------------------------
// Changes between two valid dates

export type ChangeKind =
  | 'group-formed'
  | 'group-dissolved'
  | 'member-joined'
  | 'member-left'
  | 'chair-named'
  | 'chair-ended'
  | 'agreement-in-force'
  | 'agreement-out-of-force'
  | 'organisation-renamed';

export interface ChangeView {
  readonly kind: ChangeKind;
  /** The entity whose state changed ("group:iag-tvet"). */
  readonly entity: string;
  /** The other party: the member, the chair, the superseding agreement; null if none. */
  readonly related: string | null;
  /** When the change happened (the event's date; for agreements, the day in or out of force). */
  readonly date: DateView;
  /** Certain when the date lies wholly between the two days, possible when it overlaps. */
  readonly certainty: Certainty;
  /** The development that makes the change (for an expiry, the agreement's signing). */
  readonly eventId: string;
}

export interface ChangesView {
  readonly changes: readonly ChangeView[];
}
