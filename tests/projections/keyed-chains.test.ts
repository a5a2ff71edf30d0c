import { describe, expect, it } from 'vitest';
import { ChunkedBigUint64Column, ChunkedInt32Column, END, KeyedChains } from '../../projections/keyed-chains.js';

/** The links of a key's chain, first to last. */
function linksOf(chains: KeyedChains, key: string): number[] {
  const slot = chains.slotOf(key);
  const links: number[] = [];
  for (let link = slot === undefined ? END : chains.firstOf(slot); link !== END; link = chains.nextOf(link)) links.push(link);
  return links;
}

describe('chains of links per key', () => {
  it('give each key its links in the order appended, numbered over all keys, across chunks and more keys than the first slots', () => {
    const chains = new KeyedChains(3);
    const expected = new Map<string, number[]>();
    for (let i = 0; i < 5_000; i++) {
      const key = `entity:${(i * 7919) % 1_500}`;
      const link = chains.append(key);
      expect(link).toBe(i);
      expect(chains.slotOf(key)).toBe(chains.appendedSlot);
      expected.set(key, [...(expected.get(key) ?? []), link]);
    }
    const check = () => {
      for (const [key, links] of expected) {
        expect(linksOf(chains, key)).toEqual(links);
        expect(chains.countOf(chains.slotOf(key)!)).toBe(links.length);
      }
    };
    check();
    chains.compact();
    check();
    // Appending after compacting grows the slots again.
    chains.append('entity:new');
    expect(linksOf(chains, 'entity:new')).toEqual([5_000]);
    expect(chains.slotOf('entity:never')).toBeUndefined();
    expect(linksOf(chains, 'entity:never')).toEqual([]);
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
