import { Router, type Request } from 'express';
import { isoDay, today } from '../../events/dates.js';
import { ENTITY_CATEGORIES, SLUG_PATTERN, type EntityCategory } from '../../events/identifiers.js';
import { revisionTag } from './preconditions.js';
import { HttpProblem } from './problem.js';
import { atQuery, dayOf, parseQuery, timelineQuery } from './read-query.js';
import { asOf, type ReadSide } from './read-side.js';
import { decodeCursor, encodeCursor } from './timeline-cursor.js';

export interface ReadRoutesOptions {
  readonly readSide: ReadSide;
  /** How long a read waits for `minPosition` before answering 503. */
  readonly minPositionWaitMs: number;
  readonly clock: () => Date;
}

/**
 * The read API. Every read accepts `minPosition` (read your own writes: wait until the
 * read models have applied it) and answers with `asOf`.
 */
export function readRoutes({ readSide, minPositionWaitMs, clock }: ReadRoutesOptions): Router {
  const router = Router();

  const awaitPosition = async (minPosition: bigint | undefined): Promise<void> => {
    if (minPosition === undefined) return;
    if (await readSide.waitForPosition(minPosition, minPositionWaitMs)) return;
    const status = readSide.status();
    throw new HttpProblem(
      503,
      'position-not-reached',
      'Read models behind',
      `the read models have not applied position ${minPosition} within ${minPositionWaitMs} ms; retry shortly`,
      { minPosition: minPosition.toString(), position: status.position?.toString() ?? null },
      { 'Retry-After': '1' },
    );
  };

  router.get('/timeline', async (req, res) => {
    const query = parseQuery(timelineQuery, req.query);
    await awaitPosition(query.minPosition);
    const cursor = query.cursor !== undefined ? decodeCursor(query.cursor) : undefined;
    const status = readSide.status();
    const pinned = cursor ? cursor.pinnedPosition : status.position;
    const page = readSide.timeline({
      ...(query.entity ? { entity: query.entity } : {}),
      ...(query.from ? { from: query.from } : {}),
      // A timeline "at" a date holds what had (possibly) happened by then.
      ...(query.to || query.at ? { to: query.to ?? query.at } : {}),
      ...(query.types ? { types: query.types } : {}),
      limit: query.limit,
      ...(cursor ? { after: cursor.after } : {}),
      ...(pinned !== undefined ? { maxPosition: pinned } : {}),
    });
    res.json({
      items: page.items,
      nextCursor: page.nextKey !== undefined ? encodeCursor({ after: page.nextKey, pinnedPosition: pinned }) : null,
      asOf: asOf(status, query.at ? query.at.text : null),
    });
  });

  router.get('/entities/:category/:id', async (req: Request<{ category: string; id: string }>, res) => {
    const { category, id } = req.params;
    if (!(ENTITY_CATEGORIES as readonly string[]).includes(category)) {
      throw new HttpProblem(404, 'unknown-category', 'Unknown category', `"${category}" is not a category; use one of ${ENTITY_CATEGORIES.join(', ')}`);
    }
    if (!SLUG_PATTERN.test(id) || id.length > 64) throw new HttpProblem(404, 'unknown-entity', 'Unknown entity', `"${id}" is not a valid id`);
    const query = parseQuery(atQuery, req.query);
    await awaitPosition(query.minPosition);
    const day = dayOf(query.at, today(clock()));
    const status = readSide.status();
    const entity = readSide.entity({ category: category as EntityCategory, id }, day);
    if (entity === undefined) throw new HttpProblem(404, 'unknown-entity', 'Unknown entity', `no ${category} "${id}" is recorded`, { category, id });
    // The stream's revision as these read models know it: send it back in If-Match to write on exactly this version.
    const revision = readSide.streamRevision?.(`${category}-${id}`);
    if (revision !== undefined) res.set('ETag', revisionTag(revision));
    res.json({ entity, asOf: asOf(status, isoDay(day)) });
  });

  router.get('/state', async (req, res) => {
    const query = parseQuery(atQuery, req.query);
    await awaitPosition(query.minPosition);
    const day = dayOf(query.at, today(clock()));
    const status = readSide.status();
    res.json({ state: readSide.state(day), asOf: asOf(status, isoDay(day)) });
  });

  return router;
}

