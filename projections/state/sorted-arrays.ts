/** The searches and the merge every sorted list of the read models is read and grown by. */

/** The first index from `from` on whose item satisfies `past`, which is false then true along the array (binary search). */
export function firstIndexWhere<T>(sorted: readonly T[], past: (item: T) => boolean, from = 0): number {
  let lo = from;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (past(sorted[mid]!)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** A new array of exactly one more item, `item` at index `at`. */
export function withItemAt<T>(list: readonly T[], at: number, item: T): T[] {
  const grown = new Array<T>(list.length + 1);
  for (let i = 0; i < at; i++) grown[i] = list[i]!;
  grown[at] = item;
  for (let i = at; i < list.length; i++) grown[i + 1] = list[i]!;
  return grown;
}

/** Two arrays sorted by `compare` as one; on equal items `a`'s first. */
export function mergeSortedBy<T>(a: readonly T[], b: readonly T[], compare: (x: T, y: T) => number): T[] {
  const merged = new Array<T>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) merged[k++] = compare(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!;
  while (i < a.length) merged[k++] = a[i++]!;
  while (j < b.length) merged[k++] = b[j++]!;
  return merged;
}

/** A merge of two sorted arrays, and where the second one's items went. */
export interface Placed<T> {
  readonly merged: T[];
  /** For each item of the second array, its index in `merged` (ascending). */
  readonly placed: Uint32Array;
}

/**
 * mergeSortedBy, saying where `b`'s items went. A short `b` is placed in a long `a` by
 * binary search, and `a` is copied between its items without being read: a merge that
 * compared each of `a`'s items read a million entries scattered over the heap (a cache
 * miss each) to place the ~2,000 entries a live timeline folds into its base run at a
 * million events, about a third of the 170-530 ms such a fold held up the next page.
 */
export function mergeSortedPlacing<T>(a: readonly T[], b: readonly T[], compare: (x: T, y: T) => number): Placed<T> {
  const merged = new Array<T>(a.length + b.length);
  const placed = new Uint32Array(b.length);
  let i = 0;
  let k = 0;
  if (b.length * 4 * Math.log2(a.length + 1) < a.length) {
    for (let j = 0; j < b.length; j++) {
      const item = b[j]!;
      // After every item of `a` not greater: on equal items `a`'s come first.
      const at = firstIndexWhere(a, (x) => compare(x, item) > 0, i);
      while (i < at) merged[k++] = a[i++]!;
      placed[j] = k;
      merged[k++] = item;
    }
  } else {
    let j = 0;
    while (i < a.length && j < b.length) {
      if (compare(a[i]!, b[j]!) <= 0) merged[k++] = a[i++]!;
      else {
        placed[j++] = k;
        merged[k++] = b[j - 1]!;
      }
    }
    while (j < b.length) {
      placed[j++] = k;
      merged[k++] = b[j - 1]!;
    }
  }
  while (i < a.length) merged[k++] = a[i++]!;
  return { merged, placed };
}
