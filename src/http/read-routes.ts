import { Router, type Request } from 'express';
import { asciiJson } from '../../projections/ascii-json.js';
import { isoDay, today } from '../../events/dates.js';
import { ENTITY_CATEGORIES, SLUG_PATTERN, type EntityCategory } from '../../events/identifiers.js';
import { revisionTag } from './preconditions.js';
import { HttpProblem } from './problem.js';
import { atQuery, changesQuery, dayOf, parseQuery, stateQuery, timelineQuery } from './read-query.js';
import { asOf, latestRecordedTime, type ReadSide, type RecordedTime } from './read-side.js';
import { STATE_LISTS, type StateKey, type StateList } from '../../projections/entity-state-projection.js';
import { changeKeyOf, changeKeyText } from './change-cursor.js';
import { decodeListCursor, encodeListCursor, invalidCursor, pageOfSequence } from './list-cursor.js';
import { decodeCursor, encodeCursor } from './timeline-cursor.js';

export interface ReadRoutesOptions {
  readonly readSide: ReadSide;
  /** How long a read waits for `minPosition` (or a `knownAtPosition` not yet applied) before answering 503. */
  readonly minPositionWaitMs: number;
  readonly clock: () => Date;
}

/** The recorded-time parameters every read accepts. */
interface RecordedTimeQuery {
  readonly knownAt?: { text: string; ms: number } | undefined;
  readonly knownAtPosition?: bigint | undefined;
  readonly minPosition?: bigint | undefined;
}


/** The entity a /state cursor names ("list:id"); a cursor is checked, as it travels through clients. */
function stateKeyOf(text: string): StateKey {
  const colon = text.indexOf(':');
  const list = text.slice(0, colon);
  if (colon < 0 || !(STATE_LISTS as readonly string[]).includes(list)) throw invalidCursor('not a cursor issued by this API');
  return { list: list as StateList, id: text.slice(colon + 1) };
}

/** A page as ReadSide.timelineJson gives it (ASCII), for read sides without it. */
function serialisedItems(page: { items: unknown[]; nextKey?: unknown }): { itemsJson: string; nextKey?: unknown } {
  return { itemsJson: page.items.map((item) => asciiJson(JSON.stringify(item))).join(','), ...(page.nextKey !== undefined && { nextKey: page.nextKey }) };
}

/** A position before every event: nothing is known there. */
const BEFORE_THE_LOG = -1n;

/**
 * The read API. Every read answers for a valid date (`at`, default today) as known at a
 * recorded time (`knownAt` or `knownAtPosition`, default everything applied), accepts
 * `minPosition` (read your own writes), and answers with `asOf`.
 */
export function readRoutes({ readSide, minPositionWaitMs, clock }: ReadRoutesOptions): Router {
  const router = Router();

  const awaitPosition = async (minPosition: bigint | undefined, parameter = 'minPosition'): Promise<void> => {
    if (minPosition === undefined) return;
    if (await readSide.waitForPosition(minPosition, minPositionWaitMs)) return;
    const status = readSide.status();
    throw new HttpProblem(
      503,
      'position-not-reached',
      'Read models behind',
      `the read models have not applied position ${minPosition} (${parameter}) within ${minPositionWaitMs} ms; retry shortly`,
      { [parameter]: minPosition.toString(), position: status.position?.toString() ?? null },
      { 'Retry-After': '1' },
    );
  };

  /**
   * The recorded time to answer at, and the position to filter by (undefined: every
   * event applied). A knownAtPosition not yet applied is waited for like minPosition:
   * answering before it is applied would change later. A knownAt past the newest
   * applied event answers as of the head (asOf.latest true).
   */
  const recordedTimeOf = async (query: RecordedTimeQuery): Promise<{ recorded: RecordedTime; knownAt: bigint | undefined }> => {
    await awaitPosition(query.minPosition);
    if (query.knownAtPosition !== undefined) {
      await awaitPosition(query.knownAtPosition, 'knownAtPosition');
      const position = query.knownAtPosition;
      const head = readSide.positionKnownAt(Number.POSITIVE_INFINITY);
      return { recorded: { position, knownAt: readSide.recordedAtOf(position), latest: head === undefined || position >= head }, knownAt: position };
    }
    const status = readSide.status();
    if (query.knownAt === undefined) return { recorded: latestRecordedTime(status), knownAt: undefined };
    const position = readSide.positionKnownAt(query.knownAt.ms);
    const head = readSide.positionKnownAt(Number.POSITIVE_INFINITY);
    if (position === undefined) return { recorded: { position: undefined, knownAt: undefined, latest: head === undefined }, knownAt: BEFORE_THE_LOG };
    if (head !== undefined && position >= head) return { recorded: latestRecordedTime(status), knownAt: undefined };
    return { recorded: { position, knownAt: readSide.recordedAtOf(position), latest: false }, knownAt: position };
  };

  router.get('/timeline', async (req, res) => {
    const query = parseQuery(timelineQuery, req.query);
    const cursor = query.cursor !== undefined ? decodeCursor(query.cursor) : undefined;
    const { recorded, knownAt } = await recordedTimeOf(query);
    const status = readSide.status();
    // Pages after the first stay pinned to the first page's position.
    const pinned = cursor ? cursor.pinnedPosition : (knownAt ?? status.position);
    const request = {
      ...(query.entity ? { entity: query.entity } : {}),
      ...(query.from ? { from: query.from } : {}),
      // A timeline "at" a date holds what had (possibly) happened by then.
      ...(query.to || query.at ? { to: query.to ?? query.at } : {}),
      ...(query.types ? { types: query.types } : {}),
      limit: query.limit,
      ...(cursor ? { after: cursor.after } : {}),
      ...(pinned !== undefined ? { maxPosition: pinned } : {}),
    };
    const page = readSide.timelineJson ? readSide.timelineJson(request) : serialisedItems(readSide.timeline(request));
    const reflected = cursor && pinned !== undefined && pinned >= 0n ? { position: pinned, knownAt: readSide.recordedAtOf(pinned), latest: recorded.latest } : recorded;
    const nextCursor = page.nextKey !== undefined ? encodeCursor({ after: page.nextKey, pinnedPosition: pinned }) : null;
    // What res.json({ items, nextCursor, asOf }) would send, with the items already
    // serialised, as ASCII JSON: its Latin-1 bytes are its UTF-8 bytes, and Node copies a
    // string as Latin-1 several times faster than it encodes one as UTF-8 (see asciiJson).
    const envelope = asciiJson(`],"nextCursor":${JSON.stringify(nextCursor)},"asOf":${JSON.stringify(asOf(status, query.at ? query.at.text : null, reflected))}}`);
    res.set('Content-Type', 'application/json; charset=utf-8').send(Buffer.from(`{"items":[${page.itemsJson}${envelope}`, 'latin1'));
  });

  router.get('/entities/:category/:id', async (req: Request<{ category: string; id: string }>, res) => {
    const { category, id } = req.params;
    if (!(ENTITY_CATEGORIES as readonly string[]).includes(category)) {
      throw new HttpProblem(404, 'unknown-category', 'Unknown category', `"${category}" is not a category; use one of ${ENTITY_CATEGORIES.join(', ')}`);
    }
    if (!SLUG_PATTERN.test(id) || id.length > 64) throw new HttpProblem(404, 'unknown-entity', 'Unknown entity', `"${id}" is not a valid id`);
    const query = parseQuery(atQuery, req.query);
    const { recorded, knownAt } = await recordedTimeOf(query);
    const day = dayOf(query.at, today(clock()));
    const status = readSide.status();
    const entity = readSide.entity({ category: category as EntityCategory, id }, day, knownAt);
    if (entity === undefined) {
      const when = recorded.latest ? '' : ` as known at position ${recorded.position ?? 'before the first event'}`;
      throw new HttpProblem(404, 'unknown-entity', 'Unknown entity', `no ${category} "${id}" is recorded${when}`, { category, id, asOf: asOf(status, isoDay(day), recorded) });
    }
    // The stream's revision as these read models know it: send it back in If-Match to write
    // on exactly this version. A read of an earlier recorded time names no current version.
    const revision = recorded.latest ? readSide.streamRevision?.(`${category}-${id}`) : undefined;
    if (revision !== undefined) res.set('ETag', revisionTag(revision));
    res.json({ entity, asOf: asOf(status, isoDay(day), recorded) });
  });

  router.get('/state', async (req, res) => {
    const query = parseQuery(stateQuery, req.query);
    const day = dayOf(query.at, today(clock()));
    const scope = `state:${day}`;
    const cursor = query.cursor !== undefined ? decodeListCursor(scope, query.cursor) : undefined;
    const { recorded, knownAt } = await recordedTimeOf(cursor?.pinned != null ? { ...query, knownAtPosition: cursor.pinned } : query);
    const status = readSide.status();
    const pinned = knownAt ?? recorded.position;
    // Pages run through the five lists in a fixed order (by id within each), and a
    // cursor names the last entity served: the next page starts past it without building
    // the views before it, and builds its own views only.
    const after = cursor?.after !== undefined ? stateKeyOf(cursor.after) : undefined;
    const served = cursor?.offset ?? 0;
    const { page, nextOffset } = pageOfSequence(readSide.stateEntries(day, pinned, after), after ? 0 : served, query.limit);
    const lists = Object.fromEntries(STATE_LISTS.map((list) => [list, page.filter(([l]) => l === list).map(([, item]) => item)]));
    const last = page.at(-1);
    res.json({
      state: { at: isoDay(day), ...lists },
      nextCursor:
        nextOffset === undefined || last === undefined
          ? null
          : encodeListCursor(scope, { offset: served + page.length, pinned: pinned !== undefined && pinned >= 0n ? pinned : null, after: `${last[0]}:${(last[1] as { id: string }).id}` }),
      asOf: asOf(status, isoDay(day), recorded),
    });
  });

  router.get('/changes', async (req, res) => {
    const query = parseQuery(changesQuery, req.query);
    const from = query.from.hi;
    const to = query.to.hi;
    const scope = `changes:${from}:${to}`;
    const cursor = query.cursor !== undefined ? decodeListCursor(scope, query.cursor) : undefined;
    // Later pages answer at the position the first page was pinned to.
    const { recorded, knownAt } = await recordedTimeOf(cursor?.pinned != null ? { ...query, knownAtPosition: cursor.pinned } : query);
    const status = readSide.status();
    const pinned = knownAt ?? recorded.position;
    // A cursor names the last change served: the next page enters the walk past it, so a
    // page makes its own changes only (a cursor without a key continues by offset).
    const after = cursor?.after !== undefined ? changeKeyOf(cursor.after) : undefined;
    const served = cursor?.offset ?? 0;
    const { page, nextOffset } = pageOfSequence(readSide.changeEntries(from, to, pinned, after), after ? 0 : served, query.limit);
    const last = page.at(-1);
    res.json({
      from: isoDay(from),
      to: isoDay(to),
      changes: page.map((entry) => entry.change),
      nextCursor:
        nextOffset === undefined || last === undefined
          ? null
          : encodeListCursor(scope, { offset: served + page.length, pinned: pinned !== undefined && pinned >= 0n ? pinned : null, after: changeKeyText(last.key) }),
      asOf: asOf(status, isoDay(to), recorded),
    });
  });

  return router;
}
