import type { SortKey } from './state/timeline-sort-keys.js';
import { NO_DAY } from './state/version.js';
import type { VersionRow } from './state/version-table.js';

/**
 * What the timeline keeps per event: the development's version, a row of the amendments'
 * table (see VersionTable), whose sort key (lo, hi, position) orders the lists. The
 * answer item is built only when a page is served, which keeps catch-up of a million
 * events cheap. The entities an item concerns
 * are worked out from its development again when it is served, not kept: an array per
 * event was 66 bytes of every event's heap (about a twentieth of the read models), for a
 * value a page of 50 rebuilds in microseconds.
 */
export type TimelineEntry = VersionRow;

/**
 * The smallest key a dated item can have: undated items (both days -infinity) sort
 * before it, open starts with no known start (latest day finite) after it. A query by
 * date skips the undated run by binary search instead of walking it: at a million events
 * the registrations alone are tens of thousands of entries, walked on every page.
 */
export const FIRST_DATED: SortKey = { lo: NO_DAY, hi: NO_DAY + 0.5, position: -1n, seq: Number.NEGATIVE_INFINITY };

/** Registrations whose date is the start of their entity's existence. */
export const ENTITY_START_TYPES: ReadonlySet<string> = new Set(['OrganisationRegistered', 'GroupFormed', 'MeetingHeld', 'AgreementSigned']);
