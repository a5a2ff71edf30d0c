import fc from 'fast-check';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { LeastRecentlyUsed } from '../../src/recording/least-recently-used.js';

/** The obvious model: a Map whose first key is the least recent, found by walking from its start. */
class ModelLru<K, V> {
  readonly entries = new Map<K, V>();
  constructor(readonly capacity: number) {}
  keep(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
}

type Step = { readonly kind: 'keep' | 'delete' | 'get'; readonly key: number };

const steps = fc.array(
  fc.record({ kind: fc.constantFrom<Step['kind']>('keep', 'keep', 'keep', 'delete', 'get'), key: fc.integer({ min: 0, max: 40 }) }),
  { maxLength: 400 },
);

describe('a map of the least recently used entries', () => {
  it('drops the least recently kept entry once past its capacity', () => {
    const lru = new LeastRecentlyUsed<string, number>(2);
    lru.keep('a', 1);
    lru.keep('b', 2);
    lru.keep('a', 3);

    lru.keep('c', 4);

    expect([...lru.keys()]).toEqual(['a', 'c']);
    expect(lru.get('a')).toBe(3);
    expect(lru.get('b')).toBeUndefined();
  });

  it('does not make an entry more recent by reading it', () => {
    const lru = new LeastRecentlyUsed<string, number>(2);
    lru.keep('a', 1);
    lru.keep('b', 2);
    lru.get('a');

    lru.keep('c', 3);

    expect([...lru.keys()]).toEqual(['b', 'c']);
  });

  it('holds what the obvious model holds, in the same order, after any keeps, deletes and reads', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), steps, (capacity, script) => {
        const lru = new LeastRecentlyUsed<number, number>(capacity);
        const model = new ModelLru<number, number>(capacity);
        script.forEach(({ kind, key }, index) => {
          if (kind === 'keep') {
            lru.keep(key, index);
            model.keep(key, index);
          } else if (kind === 'delete') {
            expect(lru.delete(key)).toBe(model.entries.delete(key));
          } else {
            expect(lru.get(key)).toBe(model.entries.get(key));
          }
          expect([...lru.keys()]).toEqual([...model.entries.keys()]);
          expect(lru.size).toBe(model.entries.size);
        });
      }),
    );
  });

  it('keeps its order over many evictions of a large map', () => {
    const lru = new LeastRecentlyUsed<number, number>(1_000);
    const model = new ModelLru<number, number>(1_000);
    for (let i = 0; i < 20_000; i++) {
      // New keys, with every third step keeping an older one again.
      const key = i % 3 === 0 ? i >> 1 : i;
      lru.keep(key, i);
      model.keep(key, i);
    }
    expect([...lru.keys()]).toEqual([...model.entries.keys()]);
  });

  it('holds no more memory after millions of keeps of a few keys, with nothing evicted', () => {
    // A Map iterator kept and never advanced held every table the Map outgrew: 377 MiB here.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    // Off again: contexts made later (other specs in this worker) get no `gc`.
    setFlagsFromString('--no-expose-gc');
    const lru = new LeastRecentlyUsed<string, number>(10_000);
    const keys = Array.from({ length: 64 }, (_, k) => `stream-${k}`);
    for (const key of keys) lru.keep(key, 0);
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 2_000_000; i++) lru.keep(keys[i % 64]!, i);
    gc();
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(16 * 1024 * 1024);
    expect(lru.size).toBe(64);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new LeastRecentlyUsed(0)).toThrow(RangeError);
    expect(() => new LeastRecentlyUsed(1.5)).toThrow(RangeError);
  });
});
