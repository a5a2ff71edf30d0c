/**
 * The list with one more item, in a new array of exactly that length.
 *
 * The read models keep a short list per fact holder: a membership's starts and ends, a
 * meeting's record, a person's statements; about a million of them at a million events.
 * V8 grows an array by `push` to at least 17 slots, so a list of one fact held 16 empty
 * ones (128 bytes), about a tenth of the models' heap. `concat` allocates the exact length.
 * Copying costs O(length) per item, and these lists hold a few items each.
 */
export function withItem<T>(list: readonly T[], item: T): readonly T[] {
  return list.concat([item]);
}
