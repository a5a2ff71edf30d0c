import type { DateRange } from '../events/dates.js';
import type { EntityRef } from '../events/identifiers.js';
import type { TimelineCursorKey } from './views.js';

/** What a page of the timeline is asked for (see Timeline.query). */
export interface TimelineQuery {
  readonly entity?: EntityRef;
  /** Keep items whose date overlaps [from.lo, to.hi]; undated items are then left out. */
  readonly from?: DateRange;
  readonly to?: DateRange;
  readonly types?: readonly string[];
  readonly limit: number;
  /** The sort key of the last item of the previous page. */
  readonly after?: TimelineCursorKey;
  /** Leave out items recorded after this position (pins paging to the first page's log). */
  readonly maxPosition?: bigint;
}
