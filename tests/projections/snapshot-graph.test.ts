import { describe, expect, it } from 'vitest';
import { fingerprintInputs, readModelCodeFingerprint } from '../../projections/snapshot/code-fingerprint.js';
import { SnapshotFormatError, Tag, TYPED_POOL_TRAILER_BYTES, typedPoolTrailer, type SnapshotRegistry } from '../../projections/snapshot/graph-format.js';
import { readGraph } from '../../projections/snapshot/graph-reader.js';
import { GraphWriter } from '../../projections/snapshot/graph-writer.js';

/**
 * The snapshot's graph format: what a graph writes reads back as an equal graph (shapes,
 * field order, sharing, map order, number edge cases, frozen objects, registered classes
 * and functions, rebuilt fields), and what it cannot rebuild faithfully is refused with
 * the path to it.
 */

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
  norm(): number {
    return Math.hypot(this.x, this.y);
  }
}

class Counter {
  count = 0;
  /** A closure over the instance: rebuilt on load, not stored. */
  readonly bump = () => ++this.count;
}

const double = (n: number) => n * 2;
const registry: SnapshotRegistry = { classes: [{ type: Point }, { type: Counter, rebuild: { bump: (c: Counter) => () => ++c.count } }], known: [double] };

function roundTrip<T>(value: T): T {
  const encoded = new GraphWriter(registry).write(value);
  return readGraph(encoded.graph, encoded.strings, Array.from(encoded.bigints), registry).root as T;
}

/** A graph's bytes written by hand: the values, then the trailer of a graph without typed arrays. */
function graphOf(values: readonly number[]): Uint8Array {
  return Uint8Array.from([...values, ...typedPoolTrailer(0)]);
}

describe('a snapshot graph', () => {
  it('reads back plain data with its field order, numbers and strings as written', () => {
    const value = { b: 1, a: [-0, Number.NaN, Number.POSITIVE_INFINITY, -1.5, 2 ** 31, -(2 ** 31), 2 ** 53], s: 'é ✓ \u0000', n: null, u: undefined, t: true, f: false, big: -(2n ** 63n), ['__proto__']: 'a key, not a prototype' };
    const back = roundTrip(value);
    expect(Object.keys(back)).toEqual(Object.keys(value));
    expect(Object.is(back.a[0], -0)).toBe(true);
    expect(back).toEqual(value);
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.getOwnPropertyNames(back)).toContain('__proto__');
  });

  it('keeps shared objects shared, maps and sets in insertion order, typed arrays and frozen arrays', () => {
    const shared = { id: 'x' };
    const typed = Float64Array.of(1.5, Number.NaN, -0);
    const value = { one: shared, two: [shared, shared], map: new Map<unknown, unknown>([['z', shared], [3n, typed], ['a', new Set([3, 1, 2])]]), frozen: Object.freeze([1, 2]), typed, empty: Object.freeze([]) };
    const back = roundTrip(value);
    expect(back.two[0]).toBe(back.one);
    expect(back.two[1]).toBe(back.one);
    expect(back.map.get('z')).toBe(back.one);
    expect([...back.map.keys()]).toEqual(['z', 3n, 'a']);
    expect([...(back.map.get('a') as Set<number>)]).toEqual([3, 1, 2]);
    expect(back.map.get(3n)).toBe(back.typed);
    expect(back.typed).toBeInstanceOf(Float64Array);
    expect(Array.from(back.typed)).toEqual([1.5, Number.NaN, -0]);
    expect(Object.isFrozen(back.frozen)).toBe(true);
    expect(back).toEqual(value);
  });

  it('rebuilds registered classes with their prototype, known functions, and rebuilt fields bound to the new instance', () => {
    const counter = new Counter();
    counter.bump();
    const back = roundTrip({ p: new Point(3, 4), counter, twice: double });
    expect(back.p).toBeInstanceOf(Point);
    expect(back.p.norm()).toBe(5);
    expect(back.twice).toBe(double);
    expect(back.counter).toBeInstanceOf(Counter);
    expect(back.counter.bump()).toBe(2);
    expect(back.counter.count).toBe(2);
    expect(counter.count).toBe(1);
  });

  it('hands the stream out in parts as it fills when asked to, the parts making the same bytes', () => {
    const value = { list: Array.from({ length: 500 }, (_, i) => ({ i, name: `item ${i}`, typed: Int32Array.of(i, -i, i * 1000) })), big: new Float64Array(300).fill(1.25) };
    const whole = new GraphWriter(registry).write(value);
    const parts: Buffer[] = [];
    const flushed = new GraphWriter(registry, (part) => parts.push(Buffer.from(part)), 256).write(value);
    expect(parts.length).toBeGreaterThan(10);
    expect(flushed.graphBytes).toBe(whole.graph.length);
    expect(Buffer.concat([...parts, flushed.graph]).equals(Buffer.from(whole.graph))).toBe(true);
    expect(flushed.strings).toEqual(whole.strings);
  });

  it('refuses what it cannot rebuild, naming the path to it', () => {
    class Unknown {}
    const cycle: Record<string, unknown> = { name: 'loop' };
    cycle.self = [cycle];
    const refusals: [unknown, RegExp][] = [
      [{ list: [1, { inner: new Unknown() }] }, /unregistered class Unknown at \.list\[1\]\.inner/],
      [{ f: () => 1 }, /unregistered function \(f\) at \.f/],
      [{ deep: cycle }, /a cycle at \.deep\.self\[0\]/],
      [{ m: new Map([['k', Symbol('s')]]) }, /a symbol at \.m<k>/],
      [{ big: 2n ** 64n }, /a bigint beyond 64 bits at \.big/],
      [{ d: new Date(0) }, /unregistered class Date at \.d/],
    ];
    for (const [value, message] of refusals) {
      expect(() => new GraphWriter(registry).write(value)).toThrow(SnapshotFormatError);
      expect(() => new GraphWriter(registry).write(value)).toThrow(message);
    }
  });

  it('refuses bytes that are not a whole graph', () => {
    const encoded = new GraphWriter(registry).write({ a: [1, 2, 3], b: 'text' });
    const read = (bytes: Uint8Array) => readGraph(bytes, encoded.strings, Array.from(encoded.bigints), registry);
    const values = encoded.graph.subarray(0, encoded.graph.length - TYPED_POOL_TRAILER_BYTES);
    expect(() => read(encoded.graph.subarray(0, encoded.graph.length - 1))).toThrow(SnapshotFormatError);
    expect(() => read(graphOf([...values, 0]))).toThrow(/ends before its last byte/);
    expect(() => read(graphOf([99]))).toThrow(/unknown tag 99/);
    expect(() => read(Uint8Array.from([Tag.NULL]))).toThrow(/shorter than its trailer/);
    expect(() => readGraph(encoded.graph, [], [], registry)).toThrow(/not in its table/);
    // A value naming an entry past its table: a string, a shared object, a bigint.
    expect(() => readGraph(graphOf([Tag.STRING, 5]), ['only'], [], registry)).toThrow(/string number 5 is not in its table/);
    expect(() => readGraph(graphOf([Tag.REF, 0]), [], [], registry)).toThrow(/object number 0 is not in its table/);
    expect(() => readGraph(graphOf([Tag.BIGINT, 1]), [], [7n], registry)).toThrow(/bigint number 1 is not in its table/);
    expect(readGraph(graphOf([Tag.STRING, 0]), ['only'], [], registry).root).toBe('only');
  });

  it('places every typed array in one buffer of the size the graph states, each at an offset aligned to 8', () => {
    const value = { bytes: Uint8Array.of(1, 2, 3), doubles: Float64Array.of(0.5, -2), ints: Int32Array.of(7), none: new Int16Array(0), wide: BigInt64Array.of(-3n) };
    const back = roundTrip(value);
    expect(back).toEqual(value);
    const arrays = [back.bytes, back.doubles, back.ints, back.none, back.wide];
    expect(new Set(arrays.map((a) => a.buffer)).size).toBe(1);
    for (const a of arrays) expect(a.byteOffset % 8).toBe(0);
    // 3 bytes padded to 8, 16, 4 padded to 8, 0, 8.
    expect(back.bytes.buffer.byteLength).toBe(40);
  });

  it('refuses typed arrays that do not fill the buffer the graph states for them, or a size no graph could need', () => {
    const typed = [Tag.TYPED, 7, 3, 1, 2, 3]; // a Uint8Array of 3 bytes: 8 in the pool
    const withPool = (values: number[], poolBytes: number) => Uint8Array.from([...values, ...typedPoolTrailer(poolBytes)]);
    expect(readGraph(withPool(typed, 8), [], [], registry).root).toEqual(Uint8Array.of(1, 2, 3));
    expect(() => readGraph(withPool(typed, 0), [], [], registry)).toThrow(/past the 0 bytes the graph states/);
    const eight = [Tag.TYPED, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8];
    expect(() => readGraph(withPool(eight, 16), [], [], registry)).toThrow(/take 8 of the 16 bytes/);
    expect(() => readGraph(withPool(typed, 2 ** 40), [], [], registry)).toThrow(/a typed-array pool of 1099511627776 bytes/);
    expect(() => readGraph(withPool(typed, 0.5), [], [], registry)).toThrow(/a typed-array pool of 0.5 bytes/);
  });

  it("is tied to the code that folds the models: events, projections, the domain rules they share, zod's version", () => {
    const { libraries, files } = fingerprintInputs();
    expect(libraries).toEqual([expect.stringMatching(/^zod@\d+\.\d+\.\d+/)]);
    for (const file of ['events/decode-event', 'projections/read-models', 'projections/snapshot/graph-reader', 'src/domain/amendments']) expect(files.some((f) => f.startsWith(file + '.'))).toBe(true);
    expect(readModelCodeFingerprint()).toMatch(/^[0-9a-f]{64}$/);
  });
});
