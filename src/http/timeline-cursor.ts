import { HttpProblem } from './problem.js';

/**
 * Opaque paging cursor: the sort key of the last item served and the position the first
 * page was pinned to, so later pages neither shift nor pick up events appended since.
 */
export interface TimelineCursor {
  readonly after: unknown;
  readonly pinnedPosition: bigint | undefined;
}

export function encodeCursor(cursor: TimelineCursor): string {
  return Buffer.from(JSON.stringify({ a: cursor.after, p: cursor.pinnedPosition?.toString() ?? null }), 'utf8').toString('base64url');
}

export function decodeCursor(text: string): TimelineCursor {
  const invalid = () => new HttpProblem(400, 'invalid-cursor', 'Invalid cursor', 'the cursor is not one this API issued; start again without it', { errors: [{ parameter: 'cursor', message: 'not a cursor issued by this API' }] });
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof decoded !== 'object' || decoded === null || !('a' in decoded) || !('p' in decoded)) throw invalid();
  const { a, p } = decoded as { a: unknown; p: unknown };
  if (p !== null && (typeof p !== 'string' || !/^\d{1,20}$/.test(p))) throw invalid();
  return { after: a, pinnedPosition: p === null ? undefined : BigInt(p) };
}
