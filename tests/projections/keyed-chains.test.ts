import { describe, expect, it } from 'vitest';
import { ChunkedBigUint64Column, ChunkedInt32Column, END, KeyedChains } from '../../projections/keyed-chains.js';

/** The links of a key's chain, first to last. */
function linksOf(chains: KeyedChains, key: number): number[] {
  const links: number[] = [];
  for (let link = chains.firstOf(key); link !== END; link = chains.nextOf(link)) links.push(link);
  return links;
}

describe('chains of links per key', () => {
  it('give each key (a number) its links in the order appended, numbered over all keys, across chunks and more keys than the first slots', () => {
    const chains = new KeyedChains(3);
    const expected = new Map<number, number[]>();
    for (let i = 0; i < 5_000; i++) {
      // Keys 0..1,499 met in a scrambled order, the odd ones only: some keys below the highest have no chain.
      const key = ((i * 7919) % 1_500) | 1;
      const link = chains.append(key);
      expect(link).toBe(i);
      expected.set(key, [...(expected.get(key) ?? []), link]);
    }
    const check = () => {
      for (const [key, links] of expected) {
        expect(linksOf(chains, key)).toEqual(links);
        expect(chains.countOf(key)).toBe(links.length);
      }
      for (const never of [0, 2, 1_498, 1_500, 10_000]) {
        expect(linksOf(chains, never)).toEqual([]);
        expect(chains.countOf(never)).toBe(0);
      }
    };
    check();
    chains.compact();
    check();
    // Appending after compacting grows the slots again, past keys never appended under.
    chains.append(3_000);
    expect(linksOf(chains, 3_000)).toEqual([5_000]);
    expect(linksOf(chains, 2_999)).toEqual([]);
    check();
  });
});

describe('chunked columns', () => {
  it('keep each number set, across chunks', () => {
    const ints = new ChunkedInt32Column(2);
    const positions = new ChunkedBigUint64Column(2);
    for (let at = 0; at < 50; at++) {
      ints.set(at, 100 - at * 3);
      positions.set(at, 2n ** 62n + BigInt(at));
    }
    ints.set(7, 42);
    for (let at = 0; at < 50; at++) {
      expect(ints.get(at)).toBe(at === 7 ? 42 : 100 - at * 3);
      expect(positions.get(at)).toBe(2n ** 62n + BigInt(at));
    }
  });
});
