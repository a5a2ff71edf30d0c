import { describe, expect, it } from 'vitest';
import { PersistentMap } from '../../src/domain/persistent-map.js';

describe('PersistentMap', () => {
  it('returns a new map on set and leaves the old one as it was', () => {
    const empty = PersistentMap.empty<number>();
    const one = empty.set('a', 1);
    const two = one.set('b', 2).set('a', 3);
    expect([empty.size, one.size, two.size]).toEqual([0, 1, 2]);
    expect([one.get('a'), two.get('a'), two.get('b'), one.get('b')]).toEqual([1, 3, 2, undefined]);
    expect(one.has('b')).toBe(false);
    expect(new Map(two)).toEqual(new Map([['a', 3], ['b', 2]]));
  });

  it('treats keys that are names of Object.prototype members as plain keys', () => {
    const map = PersistentMap.empty<number>().set('constructor', 1);
    expect(map.get('constructor')).toBe(1);
    expect(PersistentMap.empty<number>().get('toString')).toBeUndefined();
  });

  it('holds many keys', () => {
    let map = PersistentMap.empty<number>();
    for (let i = 0; i < 5000; i++) map = map.set(`org-${i}`, i);
    expect(map.size).toBe(5000);
    expect(map.get('org-4321')).toBe(4321);
    expect([...map]).toHaveLength(5000);
  });
});
