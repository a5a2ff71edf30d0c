import { HttpProblem } from './problem.js';

/**
 * Opaque cursor for lists computed as of one recorded position: the first page pins the
 * log position, later pages compute the same list at that position and continue after
 * an offset, so pages neither shift nor repeat whatever is appended meanwhile. The scope
 * ties a cursor to the question it was issued for (route and parameters).
 */
export interface ListCursor {
  readonly offset: number;
  readonly pinned: bigint | null;
  /**
   * The key of the last item served, for lists that can start past a key without
   * making the items before it (/state: "list:id"; /changes: see change-cursor.ts); the
   * offset is then informative.
   */
  readonly after?: string;
}

export function encodeListCursor(scope: string, cursor: ListCursor): string {
  const after = cursor.after !== undefined ? { a: cursor.after } : {};
  return Buffer.from(JSON.stringify({ s: scope, o: cursor.offset, p: cursor.pinned?.toString() ?? null, ...after }), 'utf8').toString('base64url');
}

/** The 400 problem for a cursor this API did not issue, or issued for another question. */
export function invalidCursor(message: string): HttpProblem {
  return new HttpProblem(400, 'invalid-cursor', 'Invalid cursor', `${message}; start again without a cursor`, { errors: [{ parameter: 'cursor', message }] });
}

export function decodeListCursor(scope: string, text: string): ListCursor {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor('not a cursor issued by this API');
  }
  const { s, o, p, a } = (decoded ?? {}) as { s?: unknown; o?: unknown; p?: unknown; a?: unknown };
  if (typeof s !== 'string' || !Number.isSafeInteger(o) || (o as number) < 0 || (p !== null && (typeof p !== 'string' || !/^\d{1,20}$/.test(p)))) {
    throw invalidCursor('not a cursor issued by this API');
  }
  if (a !== undefined && (typeof a !== 'string' || a.length > 400)) throw invalidCursor('not a cursor issued by this API');
  if (s !== scope) throw invalidCursor('this cursor was issued for another question (other route or parameters)');
  return { offset: o as number, pinned: p === null ? null : BigInt(p as string), ...(a !== undefined ? { after: a as string } : {}) };
}

/** One page of a list and, when more remain, the offset of the next. */
/**
 * The page at `offset` of a sequence produced on demand: it reads only up to one item
 * past the page (the proof that a next page exists), so the items after it are never made.
 */
export function pageOfSequence<T>(items: Iterable<T>, offset: number, limit: number): { page: T[]; nextOffset: number | undefined } {
  const page: T[] = [];
  let index = 0;
  for (const item of items) {
    if (index >= offset + limit) return { page, nextOffset: offset + limit };
    if (index >= offset) page.push(item);
    index += 1;
  }
  return { page, nextOffset: undefined };
}

export function pageOf<T>(items: readonly T[], offset: number, limit: number): { page: T[]; nextOffset: number | undefined } {
  const page = items.slice(offset, offset + limit);
  return { page, nextOffset: offset + limit < items.length ? offset + limit : undefined };
}
