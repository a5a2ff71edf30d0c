/** Deterministic orderings for views, so answers never depend on arrival order. */

/** Subtraction would give NaN for two infinite days, hence explicit comparisons. */
export function compareNumbers(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareBigints(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Sorts in place, stably, as Array.prototype.sort does, without its work arrays for short
 * lists: a group's view sorts the chairs of each of its meetings (two or three each), and
 * those arrays were an eighth of what the view allocated (see FactAt on why that counts).
 */
export function sortInPlace<T>(items: T[], compare: (a: T, b: T) => number): T[] {
  if (items.length > 16) return items.sort(compare);
  for (let i = 1; i < items.length; i++) {
    const item = items[i]!;
    let j = i - 1;
    while (j >= 0 && compare(items[j]!, item) > 0) {
      items[j + 1] = items[j]!;
      j--;
    }
    items[j + 1] = item;
  }
  return items;
}

/** Chairs before co-chairs (and any other role). */
export function compareChairRoles(a: string, b: string): number {
  return (a === 'chair' ? 0 : 1) - (b === 'chair' ? 0 : 1);
}

/** Sorts by each key in turn; keeps view builders free of hand-written comparators. */
export function sortBy<T>(items: T[], ...keys: ((item: T) => string | number)[]): T[] {
  return sortInPlace(items, (a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const ka = key(a);
      const kb = key(b);
      const order = typeof ka === 'number' && typeof kb === 'number' ? compareNumbers(ka, kb) : compareText(String(ka), String(kb));
      if (order !== 0) return order;
    }
    return 0;
  });
}
