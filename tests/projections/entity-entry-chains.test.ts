import { describe, expect, it } from 'vitest';
import type { EntityRef } from '../../events/identifiers.js';
import { EntityEntryChains } from '../../projections/entity-entry-chains.js';
import { EntityKeys } from '../../projections/event-entities.js';
import { inKeyOrder, objectKeys } from './support/object-entry-keys.js';

/** A timeline entry, its keys as fields (read through objectKeys); its earliest day changes in some specs. */
interface Entry {
  lo: number;
  readonly hi: number;
  readonly seq: number;
}

/** A small deterministic generator, so a failure repeats. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

function entry(position: number, lo: number, hi = lo + 3): Entry {
  return { lo, hi, seq: position };
}

/**
 * The chains with entities named by key ("group:g"), numbered as the timeline numbers them
 * (EntityKeys): the specs below read as the timeline files and asks.
 */
function byKey(chains: EntityEntryChains<Entry>) {
  const keys = new EntityKeys();
  const refOf = (key: string) => ({ category: key.slice(0, key.indexOf(':')), id: key.slice(key.indexOf(':') + 1) }) as EntityRef;
  return {
    add: (e: Entry, entities: readonly string[]) => chains.add(e, entities.map((key) => keys.numberOf(refOf(key)))),
    sorted: (key: string) => chains.sorted(keys.numberOfKey(key)),
    beforeKeyChange: (key: string) => {
      const number = keys.numberOfKey(key);
      return number === undefined ? undefined : chains.beforeKeyChange(number);
    },
    compact: () => chains.compact(),
  };
}

/** The reference: every entry filed under the key, sorted. */
function expected(filed: Map<string, Entry[]>, key: string): Entry[] {
  return [...(filed.get(key) ?? [])].sort(inKeyOrder);
}

describe('the timeline entries of each entity', () => {
  it('come back in key order, whatever order they were filed in, across chunks of the columns', () => {
    const next = random(7);
    const chains = byKey(new EntityEntryChains<Entry>(objectKeys, 4));
    const filed = new Map<string, Entry[]>();
    for (let position = 1; position <= 2_000; position++) {
      const e = entry(position, Math.floor(next() * 400) - 200);
      const keys = [...new Set(Array.from({ length: 1 + Math.floor(next() * 3) }, () => `group:g${Math.floor(next() * 40)}`))];
      chains.add(e, keys);
      for (const key of keys) filed.set(key, [...(filed.get(key) ?? []), e]);
    }
    for (const key of filed.keys()) expect(chains.sorted(key)).toEqual(expected(filed, key));
    expect(chains.sorted('group:never')).toEqual([]);
  });

  it('answer with the entries filed since they were last asked for', () => {
    const chains = byKey(new EntityEntryChains<Entry>(objectKeys, 2));
    chains.add(entry(1, 10), ['organisation:a']);
    chains.add(entry(2, 5), ['organisation:a', 'person:p']);
    expect(chains.sorted('organisation:a').map((e) => e.seq)).toEqual([2, 1]);
    chains.add(entry(3, 7), ['organisation:a']);
    expect(chains.sorted('organisation:a').map((e) => e.seq)).toEqual([2, 3, 1]);
    expect(chains.sorted('person:p').map((e) => e.seq)).toEqual([2]);
    chains.compact();
    chains.add(entry(4, 1), ['person:p']);
    expect(chains.sorted('person:p').map((e) => e.seq)).toEqual([4, 2]);
    expect(chains.sorted('organisation:a').map((e) => e.seq)).toEqual([2, 3, 1]);
  });

  it('sort again an entity whose entry changed its key, once told', () => {
    const chains = byKey(new EntityEntryChains<Entry>(objectKeys));
    const moving = entry(1, 1);
    chains.add(moving, ['group:g']);
    chains.add(entry(2, 5), ['group:g']);
    expect(chains.sorted('group:g').map((e) => e.seq)).toEqual([1, 2]);
    expect(chains.beforeKeyChange('group:g')).toBeUndefined();
    moving.lo = 9;
    expect(chains.sorted('group:g').map((e) => e.seq)).toEqual([2, 1]);
    expect(chains.beforeKeyChange('group:never')).toBeUndefined();
  });

  it('keep a large entity sorted as its entries come, and hand its list over for a change of key', () => {
    const next = random(11);
    const chains = byKey(new EntityEntryChains<Entry>(objectKeys, 8));
    const filed = new Map<string, Entry[]>();
    const all: Entry[] = [];
    for (let position = 1; position <= 6_000; position++) {
      const e = entry(position, Math.floor(next() * 10_000));
      const keys = position % 3 === 0 ? ['organisation:big', `person:p${position % 17}`] : ['organisation:big'];
      chains.add(e, keys);
      all.push(e);
      for (const key of keys) filed.set(key, [...(filed.get(key) ?? []), e]);
      if (position === 3_000 || position === 4_100) expect(chains.sorted('organisation:big')).toEqual(expected(filed, 'organisation:big'));
    }
    expect(chains.sorted('organisation:big')).toEqual(expected(filed, 'organisation:big'));
    const moved = all[10]!;
    const list = chains.beforeKeyChange('organisation:big');
    expect(list).toBeDefined();
    const takenOut = list!.takeOut([moved]);
    expect(takenOut).toEqual([moved]);
    moved.lo = -1;
    for (const e of takenOut) list!.add(e);
    expect(chains.sorted('organisation:big')[0]).toBe(moved);
    expect(chains.sorted('organisation:big')).toEqual(expected(filed, 'organisation:big'));
    chains.compact();
    for (let p = 0; p < 17; p++) expect(chains.sorted(`person:p${p}`)).toEqual(expected(filed, `person:p${p}`));
  });
});
