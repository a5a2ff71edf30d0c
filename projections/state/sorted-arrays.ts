/** The searches and the merge every sorted list of the read models is read and grown by. */

/** The first index whose item satisfies `past`, which is false then true along the array (binary search). */
export function firstIndexWhere<T>(sorted: readonly T[], past: (item: T) => boolean): number {
  let lo = 0;
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
