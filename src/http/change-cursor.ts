import type { ChangeKey } from '../../projections/change-entries.js';
import { invalidCursor } from './list-cursor.js';

/**
 * The key of the last change a /changes page served, as its cursor carries it: the next
 * page enters the walk right past it instead of making the changes before it again.
 * An open start's day (-Infinity) travels as null, JSON having no infinities.
 */
export function changeKeyText(key: ChangeKey): string {
  return JSON.stringify([Number.isFinite(key.lo) ? key.lo : null, key.hi, key.kind, key.entity, key.related, key.tie]);
}

const isText = (value: unknown): value is string => typeof value === 'string' && value.length <= 100;

/** The key a cursor names; a cursor travels through clients, so every part is checked. */
export function changeKeyOf(text: string): ChangeKey {
  let parts: unknown;
  try {
    parts = JSON.parse(text);
  } catch {
    throw invalidCursor('not a cursor issued by this API');
  }
  if (!Array.isArray(parts) || parts.length !== 6) throw invalidCursor('not a cursor issued by this API');
  const [lo, hi, kind, entity, related, tie] = parts as unknown[];
  if (
    (lo !== null && !Number.isSafeInteger(lo)) ||
    !Number.isSafeInteger(hi) ||
    !isText(kind) ||
    !isText(entity) ||
    (related !== null && !isText(related)) ||
    !Number.isSafeInteger(tie) ||
    (tie as number) < 0
  ) {
    throw invalidCursor('not a cursor issued by this API');
  }
  return { lo: lo === null ? Number.NEGATIVE_INFINITY : (lo as number), hi: hi as number, kind, entity, related: related as string | null, tie: tie as number };
}
