import type { Projection } from './engine.js';
import type { ConcordEvent } from '../events/decode-event.js';
import { entityKey } from '../events/identifiers.js';
import { entitiesOf, entityNumbersOf, EventEntities } from './event-entities.js';
import { Amendments } from './state/amendments.js';
import { EntityEntryChains } from './entity-entry-chains.js';
import { LazilySortedEntries } from './state/lazily-sorted-entries.js';
import { firstAfter, scan } from './state/timeline-sort-keys.js';
import { developmentOf, NO_DAY } from './state/version.js';
import type { VersionTable } from './state/version-table.js';
import { asciiJson } from './ascii-json.js';
import { RenderedTextCache, type RenderedCacheStats } from './rendered-text-cache.js';
import { WholeLogLists } from './whole-log-lists.js';
import type { AmendmentView, TimelineCursorKey, TimelinePage } from './views.js';
import { amendmentOf, cursorOf, itemOf, keyOfCursor } from './timeline-items.js';
import { ENTITY_START_TYPES, FIRST_DATED, type TimelineEntry as Entry } from './timeline-order.js';
import type { TimelineQuery } from './timeline-query.js';
import { pushTo } from './map-of-lists.js';

export { InvalidTimelineCursorError, isTimelineCursorKey, timelineItemOf } from './timeline-items.js';

/**
 * The timeline: one item per event, globally and per entity, in valid-time order.
 *
 * Order: earliest possible day, then latest possible day, then log position. Undated
 * items (registrations without a date) have neither bound and sort first, as if both
 * days were -infinity. An open start ("../B": held by then, start unknown) cannot have
 * happened before the entities it concerns existed, so its earliest day is the latest
 * known start among them (a member's join sorts after the group's formation); with no
 * such start it sorts with the undated ones, then by its last day. Those bounds move
 * when a registration is backfilled, which re-sorts the lists concerned.
 *
 * Backfilled events land anywhere in that order, so lists are appended to and sorted
 * lazily on the next query: a full sort after catch-up, then a linear merge of the few
 * events appended since (never a splice per insert); pages are found by binary search.
 */

export class Timeline {
  /** Every version the lists hold, as rows (shared with the entity history in ReadModels, see Amendments). */
  private readonly versions: VersionTable;
  /** Every item, and the walks a whole-log page takes. */
  private readonly whole: WholeLogLists<Entry>;
  /** Per entity key, so an entity's timeline costs O(its items), not O(all items). */
  private readonly byEntity: EntityEntryChains<Entry>;
  /** Entity key → earliest day it can have started, from its dated registration. */
  private readonly starts = new Map<string, number>();
  /** Entity key → open-start entries bounded by that entity's start. */
  private readonly openStarts = new Map<string, Entry[]>();

  /**
   * Which version of each development is current. Shared with the entity-state model in
   * ReadModels (see Amendments.apply); a timeline on its own keeps its own.
   */
  constructor(
    private readonly amendments = new Amendments(),
    /** Shared with the references index in ReadModels (see EventEntities). */
    private readonly entities = new EventEntities(),
  ) {
    this.versions = amendments.versions;
    this.whole = new WholeLogLists<Entry>(this.versions);
    this.byEntity = new EntityEntryChains<Entry>(this.versions);
  }

  /** The history of each amended development (original first), shared by its versions. */
  private readonly histories = new Map<number, AmendmentView[]>();

  /** Rendered items of entries without amendments (16 MB: about 30,000 items, 600 pages of 50). */
  private readonly rendered = new RenderedTextCache<Entry>(16 * 2 ** 20);

  add(event: ConcordEvent): void {
    const change = this.amendments.apply(event);
    if (!change) return;
    const { original, replaced, next } = change;
    if (replaced === undefined) {
      if (next !== undefined) this.insert(next, this.entities.numbersOf(event));
      return;
    }
    // A correction or retraction: the version known so far ended here (its `until` is
    // set), the next one (if any) starts, showing the development's amendments so far.
    const eventIndex = this.versions.eventIndex(original);
    let history = this.histories.get(eventIndex);
    if (!history) {
      const first = this.versions.version(original);
      this.histories.set(eventIndex, (history = [amendmentOf({ position: BigInt(first.position), eventId: this.amendments.eventIdOf(original), metadata: first.metadata, development: developmentOf(first) })]));
    }
    history.push(amendmentOf(event));
    if (next !== undefined) this.insert(next, this.entityNumbersOf(next));
  }

  /** `entities`: the entry's, numbered as entityNumbersOf works them out from its development. */
  private insert(entry: Entry, entities: readonly number[]): void {
    const date = this.versions.date(entry);
    if (date?.precision === 'open-start') {
      const keys = entities.map((number) => this.entities.keys.keyOf(number));
      this.versions.setLo(entry, this.boundOf(entry, keys));
      for (const key of keys) pushTo(this.openStarts, key, entry);
    }
    this.whole.add(entry);
    this.byEntity.add(entry, entities);
    if (date !== undefined && Number.isFinite(date.lo) && ENTITY_START_TYPES.has(this.versions.type(entry))) {
      this.startKnown(this.entities.keys.keyOf(entities[0]!), date.lo);
    }
  }

  /** The entities an entry concerns, worked out again from its development (for an open start's bound and lists). */
  private entitiesOf(entry: Entry): readonly string[] {
    return entitiesOf(this.versions.development(entry), this.entities.keys);
  }

  private entityNumbersOf(entry: Entry): readonly number[] {
    return entityNumbersOf(this.versions.development(entry), this.entities.keys);
  }

  private boundOf(entry: Entry, entities = this.entitiesOf(entry)): number {
    let bound = NO_DAY;
    for (const key of entities) bound = Math.max(bound, this.starts.get(key) ?? NO_DAY);
    // Never past the last day the source gives, even if the entities' starts disagree with it.
    return Math.min(bound, this.versions.hi(entry));
  }

  /** A (possibly backfilled) start moves the bounds of the open starts that concern it. */
  private startKnown(key: string, day: number): void {
    this.starts.set(key, Math.max(day, this.starts.get(key) ?? NO_DAY));
    const moved = (this.openStarts.get(key) ?? []).map((entry) => ({ entry, bound: this.boundOf(entry) })).filter(({ entry, bound }) => bound !== this.versions.lo(entry));
    if (moved.length === 0) return;
    // Their sort keys change: out of the sorted runs under the old keys, back in under the new.
    const inLists = new Map<LazilySortedEntries<Entry>, Entry[]>();
    for (const { entry } of moved) {
      for (const list of this.whole.listsOf(entry)) pushTo(inLists, list, entry);
      for (const entity of this.entityNumbersOf(entry)) {
        const list = this.byEntity.beforeKeyChange(entity);
        if (list) pushTo(inLists, list, entry);
      }
    }
    const takenOut = [...inLists].map(([list, entries]) => ({ list, entries: list.takeOut(entries) }));
    for (const { entry, bound } of moved) this.versions.setLo(entry, bound);
    for (const { list, entries } of takenOut) for (const entry of entries) list.add(entry);
  }

  /**
   * After a catch-up: sorts the global list (and computes its block indexes) now rather
   * than on the next queries, and drops the spare slots of the per-entity columns (an entity's entries are sorted when asked
   * for: most never are, see EntityEntryChains).
   */
  sort(): void {
    this.whole.view();
    this.whole.prepare();
    this.byEntity.compact();
  }

  query(query: TimelineQuery): TimelinePage {
    return this.page(query, (entry, maxPosition) => itemOf(this.versions.version(entry), this.amendments.eventIdOf(entry), this.entities.keys, this.historyOf(entry), maxPosition));
  }

  /** An item without amendments as JSON: it depends on its entry alone. */
  private readonly renderItem = this.itemRenderer();

  /** Made once per timeline (and again when one is loaded from a snapshot, see read-model-classes.ts). */
  itemRenderer(): (entry: Entry) => string {
    return (entry) => asciiJson(JSON.stringify(itemOf(this.versions.version(entry), this.amendments.eventIdOf(entry), this.entities.keys, undefined)));
  }

  /**
   * The amendments a version shows: a development's later versions show every amendment
   * (up to the asked position), its first version none. Looked up, not kept on each
   * version: only about one development in a hundred is ever amended.
   */
  private historyOf(entry: Entry): AmendmentView[] | undefined {
    return this.versions.since(entry) === this.versions.seq(entry) ? undefined : this.histories.get(this.versions.eventIndex(entry));
  }

  /**
   * The same page with its items as JSON texts joined by commas: what the HTTP answer
   * embeds as its `items` array, `JSON.stringify(query(query).items)` without its
   * brackets, its non-ASCII characters escaped (ASCII only, see asciiJson). Items never
   * amended render the same forever and come from a cache of recently served ones (see
   * RenderedTextCache); amended ones show their history up to the asked position, so they
   * are rendered each time.
   */
  queryJson(query: TimelineQuery): { itemsJson: string; nextKey?: TimelineCursorKey } {
    const { items, nextKey } = this.page(query, (entry, maxPosition) => {
      const history = this.historyOf(entry);
      return history === undefined ? this.rendered.text(entry, this.renderItem) : asciiJson(JSON.stringify(itemOf(this.versions.version(entry), this.amendments.eventIdOf(entry), this.entities.keys, history, maxPosition)));
    });
    return { itemsJson: items.join(','), ...(nextKey && { nextKey }) };
  }

  /** How the cache of rendered items serves (for /metrics). */
  renderedItemStats(): RenderedCacheStats {
    return this.rendered.stats();
  }

  private page<T>(query: TimelineQuery, render: (entry: Entry, maxPosition: bigint | undefined) => T): { items: T[]; nextKey?: TimelineCursorKey } {
    const maxPosition = this.unlessNow(query.maxPosition);
    // Below the newest position folded in (see unlessNow), so below 2^53: exact as a number.
    const knownBy = maxPosition === undefined ? undefined : Number(maxPosition);
    const { versions } = this;
    const types = query.types && query.types.length > 0 ? new Set(query.types) : undefined;
    const byDate = query.from !== undefined || query.to !== undefined;
    const fromDay = query.from?.lo ?? Number.NEGATIVE_INFINITY;
    const toDay = query.to?.hi ?? Number.POSITIVE_INFINITY;
    const after = query.after ? keyOfCursor(query.after) : undefined;
    const ofEntity = query.entity && this.byEntity.sorted(this.entities.keys.numberOfKey(entityKey(query.entity)));
    const candidates = ofEntity
      ? scan(ofEntity, after ? firstAfter(versions, ofEntity, after) : 0)
      : byDate && Number.isFinite(fromDay)
        ? this.whole.fromDay(fromDay, after, knownBy)
        : this.whole.from(byDate ? FIRST_DATED : undefined, after, knownBy);
    const items: T[] = [];
    let last: Entry | undefined;
    for (const entry of candidates) {
      if (versions.lo(entry) > toDay) break; // sorted by earliest day: nothing further can overlap
      if (!versions.knownAt(entry, knownBy)) continue;
      if (types && !types.has(versions.type(entry))) continue;
      if (byDate && (versions.date(entry) === undefined || versions.hi(entry) < fromDay)) continue;
      // One match beyond the page proves there is a next page without a separate count.
      if (items.length >= query.limit) return { items, ...(last !== undefined && { nextKey: cursorOf(versions.version(last)) }) };
      items.push(render(entry, maxPosition));
      last = entry;
    }
    return { items };
  }

  /**
   * `maxPosition`, or undefined if it is at or after the newest event folded in: as known
   * then is as known now. An HTTP page is asked as known at the head (the position its
   * cursor pins), and without a position the walks skip the block indexes of known
   * positions, which at a million events were about a tenth of the server's CPU under GET.
   */
  private unlessNow(maxPosition: bigint | undefined): bigint | undefined {
    const newest = this.amendments.newestPosition;
    return maxPosition !== undefined && newest !== undefined && maxPosition >= newest ? undefined : maxPosition;
  }

  /** Every item in timeline order, for the read-model digest. */
  *canonicalEntries(): Generator<unknown> {
    for (const entry of this.whole.view()) yield itemOf(this.versions.version(entry), this.amendments.eventIdOf(entry), this.entities.keys, this.historyOf(entry));
  }
}

/** Adds each event's item to the timeline lists (mutating them in place, see Timeline). */
export const timelineProjection: Projection<Timeline> = {
  name: 'timeline',
  apply: (timeline, event) => timeline.add(event),
  // Sorting the whole catch-up here makes `ready` wait for it instead of the first reader.
  caughtUp: (timeline) => timeline.sort(),
};
