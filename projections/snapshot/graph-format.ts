/**
 * The byte format of a read-model graph (see graph-writer.ts and graph-reader.ts): one
 * tag per value, then its payload. Objects, arrays, maps, sets and typed arrays are
 * numbered in the order they are completed (after their contents), so a second reference
 * to one is a REF to its number; strings and bigints are numbered in tables of their own,
 * so each distinct one is stored, and rebuilt, once.
 */
export const Tag = {
  UNDEFINED: 0,
  NULL: 1,
  TRUE: 2,
  FALSE: 3,
  /** A 32-bit integer, zigzag varint. */
  INT: 4,
  /** Any other number, 8 bytes little-endian. */
  DOUBLE: 5,
  STRING: 6,
  BIGINT: 7,
  REF: 8,
  /** An object of a shape defined before (varint shape number), then its fields' values in the shape's order. */
  OBJECT: 9,
  /** Defines the next shape (varint prototype number, varint key count, key string numbers); an OBJECT follows. */
  SHAPE: 10,
  ARRAY: 11,
  MAP: 12,
  SET: 13,
  /** Varint kind (TYPED_ARRAY_KINDS), varint length in elements, then the elements' bytes. */
  TYPED: 14,
  /** A function or constant of the registry (varint number). */
  KNOWN: 15,
  /** The next array or object is frozen. */
  FROZEN: 16,
  /** A field the registry rebuilds on load (see SnapshotClass.rebuild). */
  REBUILT: 17,
} as const;

/**
 * The graph's last bytes: the size in bytes of one buffer that holds every typed array of
 * the graph, each at an offset aligned to 8 (a float64, little-endian). The reader makes
 * that buffer before the first value and places each typed array in it, so that the read
 * does not add to V8's external memory array by array: at a million events 459 typed
 * arrays (105 MiB) added up while the heap was at its largest, past V8's step of 64 MiB,
 * and V8 collected the whole heap in the middle of the read (0.7-1.2 s) only to collect
 * it again once the read was done.
 */
export const TYPED_POOL_TRAILER_BYTES = 8;

export function typedPoolTrailer(poolBytes: number): Uint8Array {
  const trailer = new DataView(new ArrayBuffer(TYPED_POOL_TRAILER_BYTES));
  trailer.setFloat64(0, poolBytes, true);
  return new Uint8Array(trailer.buffer);
}

/** Where a typed array of `bytes` ends in the pool, starting at `at` (see TYPED_POOL_TRAILER_BYTES). */
export function nextPoolOffset(at: number, bytes: number): number {
  return at + Math.ceil(bytes / 8) * 8;
}

export const TYPED_ARRAY_KINDS = [Float64Array, Float32Array, Int32Array, Uint32Array, Int16Array, Uint16Array, Int8Array, Uint8Array, BigInt64Array, BigUint64Array] as const;

/** Prototype numbers below the registry's classes. */
export const PLAIN_OBJECT = 0;
export const NULL_PROTOTYPE = 1;
export const FIRST_CLASS = 2;

/** A class whose instances may be in a snapshot. */
export interface SnapshotClass {
  readonly type: abstract new (...args: never[]) => object;
  /**
   * Fields not stored but made again on load from the instance's other fields (closures
   * over the instance). They keep their place in the field order.
   */
  readonly rebuild?: Readonly<Record<string, (instance: never) => unknown>>;
}

/** What a snapshot may hold besides plain data: its classes, and functions or constants shared by identity. */
export interface SnapshotRegistry {
  readonly classes: readonly SnapshotClass[];
  readonly known: readonly unknown[];
}

export class SnapshotFormatError extends Error {
  readonly code = 'SNAPSHOT_FORMAT';
  constructor(message: string) {
    super(message);
    this.name = 'SnapshotFormatError';
  }
}
