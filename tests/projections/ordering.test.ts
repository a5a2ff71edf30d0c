import { describe, expect, it } from 'vitest';
import { compareChairRoles, sortBy, sortInPlace } from '../../projections/state/ordering.js';

describe('sortInPlace', () => {
  const byKey = (a: { key: number }, b: { key: number }) => a.key - b.key;

  it('orders short and long lists as Array.prototype.sort does, equal items in their order', () => {
    for (const length of [0, 1, 2, 3, 16, 17, 40]) {
      const items = Array.from({ length }, (_, i) => ({ key: (i * 7) % 5, at: i }));
      const expected = [...items].sort(byKey);
      const sorted = sortInPlace(items, byKey);
      expect(sorted).toBe(items);
      expect(sorted).toEqual(expected);
    }
  });
});

describe('sortBy', () => {
  it('sorts by each key in turn, numbers as numbers and the rest as text', () => {
    const items = [{ a: 10, b: 'y' }, { a: 9, b: 'z' }, { a: 10, b: 'x' }];
    expect(sortBy(items, (i) => i.a, (i) => i.b)).toEqual([{ a: 9, b: 'z' }, { a: 10, b: 'x' }, { a: 10, b: 'y' }]);
  });
});

describe('compareChairRoles', () => {
  it('puts chairs before co-chairs', () => {
    expect(['co-chair', 'chair', 'co-chair'].sort(compareChairRoles)).toEqual(['chair', 'co-chair', 'co-chair']);
  });
});
