/**
 * The short lists the read models keep per fact holder: a membership's starts and ends, a
 * meeting's held versions and chairs, a person's statements; about a million of them at a
 * million events, and most hold one item.
 *
 * A list is stored as tightly as it can be:
 * - none: one shared, frozen empty array;
 * - one item: the item itself, no array at all (an array of one costs 56 bytes: its
 *   object and its elements; at a million events those were about 6% of the models' heap);
 * - more: an array of exactly their number. V8 grows an array by `push` to at least 17
 *   slots, so `withItem` copies into a new array of the exact length instead. Copying
 *   costs O(length) per item, and these lists hold a few items each.
 *
 * Items are never arrays (objects, or the version table's row numbers), so an array always
 * means "the items". A list only grows into a new value: a reader holding the old one
 * keeps what it read.
 */
export type TightList<T> = T | readonly T[];

/** The empty list, shared by every holder with nothing in it yet. */
export const NO_ITEMS: readonly never[] = Object.freeze([]);

function isMany<T>(list: TightList<T>): list is readonly T[] {
  return Array.isArray(list);
}

/** The list with one more item, last. */
export function withItem<T>(list: TightList<T>, item: T): TightList<T> {
  if (!isMany(list)) return [list, item];
  return list.length === 0 ? item : list.concat([item]);
}

/** The items as an array: the stored array itself, or a new array around a single item. */
export function itemsOf<T>(list: TightList<T>): readonly T[] {
  return isMany(list) ? list : [list];
}

export function sizeOf<T>(list: TightList<T>): number {
  return isMany(list) ? list.length : 1;
}

/** The item at `index`, undefined past the end. */
export function itemAt<T>(list: TightList<T>, index: number): T | undefined {
  if (isMany(list)) return list[index];
  return index === 0 ? list : undefined;
}
