import { definitionFor } from '../events/catalogue.js';
import { describeDate } from '../events/dates.js';
import type { ConcordEvent } from '../events/decode-event.js';
import type { Source } from '../events/sources.js';
import { EntityKeys, entitiesOf } from './event-entities.js';
import { sequenceOf, type SortKey } from './state/timeline-sort-keys.js';
import { developmentOf, NO_DAY, versionOfEvent, type Version } from './state/version.js';
import type { AmendmentView, TimelineCursorKey, TimelineItem } from './views.js';

/**
 * The timeline's answers as served: each item built from its version when a page is
 * served (see Timeline), the amendments of a development, and the cursors pages carry.
 */

/** A cursor that this timeline did not issue (it travels through clients, so it is checked). */
export class InvalidTimelineCursorError extends Error {
  readonly code = 'invalid-cursor';
  constructor() {
    super('the timeline cursor is not one the timeline issued: {earliestDay, latestDay, position}');
  }
}

export function isTimelineCursorKey(value: unknown): value is TimelineCursorKey {
  if (typeof value !== 'object' || value === null) return false;
  const { earliestDay, latestDay, position } = value as Record<string, unknown>;
  const day = (d: unknown) => d === null || Number.isSafeInteger(d);
  return day(earliestDay) && day(latestDay) && typeof position === 'string' && /^\d{1,20}$/.test(position);
}

export function keyOfCursor(cursor: unknown): SortKey {
  if (!isTimelineCursorKey(cursor)) throw new InvalidTimelineCursorError();
  const position = BigInt(cursor.position);
  return { lo: cursor.earliestDay ?? NO_DAY, hi: cursor.latestDay ?? NO_DAY, position, seq: sequenceOf(position) };
}

export function cursorOf(entry: Pick<Version, 'lo' | 'hi' | 'position'>): TimelineCursorKey {
  const day = (n: number) => (n === NO_DAY ? null : n);
  return { earliestDay: day(entry.lo), latestDay: day(entry.hi), position: entry.position.toString() };
}

/**
 * `eventId`: the version's development's (see Amendments.eventIdOf); `keys`: the timeline's
 * own, so the item's entity keys are the strings its lists are keyed by; `history`: the
 * development's amendments when this is a later version (see historyOf).
 */
export function itemOf(version: Version, eventId: string, keys: EntityKeys, history: AmendmentView[] | undefined, maxPosition?: bigint): TimelineItem {
  const { metadata, date } = version;
  const development = developmentOf(version);
  // Sources are served once, beside the data rather than inside it. Data without them is
  // served as it is: copying every item's data showed in the profile of GET /timeline.
  const whole = development.data as { sources?: Source[] };
  const { sources } = whole;
  const data = sources === undefined ? whole : withoutSources(whole);
  return {
    position: version.position.toString(),
    eventId,
    type: development.type,
    stream: version.stream,
    entities: entitiesOf(development, keys),
    date: date ? describeDate(date) : null,
    summary: definitionFor(development).summary(development.data),
    data,
    sources: sources ?? [],
    recordedAt: metadata.recordedAt,
    recordedBy: metadata.recordedBy,
    ...(history && { history: history.filter((h) => maxPosition === undefined || BigInt(h.position) <= maxPosition) }),
  };
}

function withoutSources({ sources: _served, ...data }: { sources?: Source[] }): object {
  return data;
}

export function amendmentOf(event: Pick<ConcordEvent, 'position' | 'eventId' | 'development' | 'metadata'>): AmendmentView {
  const { development, metadata } = event;
  const base = { position: event.position.toString(), eventId: event.eventId, recordedAt: metadata.recordedAt, recordedBy: metadata.recordedBy };
  if (development.type === 'DevelopmentCorrected') {
    return { ...base, kind: 'correction', reason: development.data.reason, changes: development.data.changes, amends: development.data.correctsEventId };
  }
  if (development.type === 'DevelopmentRetracted') {
    return { ...base, kind: 'retraction', reason: development.data.reason, changes: null, amends: development.data.retractsEventId };
  }
  return { ...base, kind: 'original', reason: null, changes: null, amends: null };
}

/** One event as a timeline item, the same shape /timeline serves (for live feeds). */
export function timelineItemOf(event: ConcordEvent): TimelineItem {
  return itemOf(versionOfEvent(event, 0), event.eventId, new EntityKeys(), undefined);
}
