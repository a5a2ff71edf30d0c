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

/** Sorts by each key in turn; keeps view builders free of hand-written comparators. */
export function sortBy<T>(items: T[], ...keys: ((item: T) => string | number)[]): T[] {
  return items.sort((a, b) => {
    for (const key of keys) {
      const ka = key(a);
      const kb = key(b);
      const order = typeof ka === 'number' && typeof kb === 'number' ? compareNumbers(ka, kb) : compareText(String(ka), String(kb));
      if (order !== 0) return order;
    }
    return 0;
  });
}
