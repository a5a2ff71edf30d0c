import { FIRST_CLASS, nextPoolOffset, NULL_PROTOTYPE, PLAIN_OBJECT, SnapshotFormatError, Tag, TYPED_ARRAY_KINDS, typedPoolTrailer, type SnapshotRegistry } from './graph-format.js';
import { ShapeTable } from './graph-shapes.js';

/** A graph written by GraphWriter: the value stream, and the tables it numbers strings and bigints by. */
export interface EncodedGraph {
  /** The value stream, or its last part when the writer hands the rest out as it goes (see `flush`). */
  readonly graph: Uint8Array;
  /** The whole value stream's length in bytes. */
  readonly graphBytes: number;
  readonly strings: readonly string[];
  readonly bigints: BigInt64Array;
  readonly objects: number;
}

/** The part of the value stream a writer with `flush` holds before handing it out. */
const FLUSH_BYTES = 16 * 2 ** 20;

const MIN_INT32 = -(2 ** 31);
const MAX_INT32 = 2 ** 31 - 1;

/** Where a value sits in the graph, added to an error as it unwinds, so a refusal names the field. */
function within(error: unknown, step: string): never {
  if (error instanceof SnapshotFormatError) {
    error.message = error.message.replace(' at ', ` at ${step}`);
    throw error;
  }
  throw error;
}

/**
 * Writes a graph of read-model objects (plain objects, arrays, maps, sets, typed arrays,
 * registered classes) to bytes that readGraph (graph-reader.ts) turns back into an equal
 * graph: the same shapes in the same field order, the same sharing of objects, the same
 * insertion order of maps. An object is its own enumerable string-keyed fields, read by
 * value (the read models have no other kind). What it cannot rebuild faithfully it
 * refuses, naming the path: a cycle, an unregistered class or function, a symbol key or
 * value, a bigint past 64 bits.
 */
export class GraphWriter {
  private bytes = new Uint8Array(1 << 16);
  private length = 0;
  /** Bytes already handed to `flush`. */
  private flushed = 0;
  private readonly view = new DataView(new ArrayBuffer(8));
  /** An object's number once written. */
  private readonly objectIds = new Map<object, number>();
  /** The objects whose contents are being written: meeting one again is a cycle. */
  private readonly ancestors: object[] = [];
  private readonly stringIds = new Map<string, number>();
  private readonly bigintIds = new Map<bigint, number>();
  private readonly shapes = new ShapeTable();
  private readonly prototypes: Map<object, { id: number; rebuilt: ReadonlySet<string> }>;
  private readonly known: Map<unknown, number>;
  private nextObject = 0;
  /** The size of the buffer the reader places every typed array in (see TYPED_POOL_TRAILER_BYTES). */
  private typedPoolBytes = 0;

  /**
   * `flush`, when given, takes the value stream in parts of up to `flushBytes` as they
   * fill, and must be done with each part when it returns: a million events' graph is
   * 180 MB that need not be held twice over while the file is written.
   */
  constructor(
    registry: SnapshotRegistry,
    private readonly flush?: (part: Uint8Array) => void,
    private readonly flushBytes = FLUSH_BYTES,
  ) {
    if (flush) this.bytes = new Uint8Array(flushBytes);
    this.prototypes = new Map(registry.classes.map((c, i) => [c.type.prototype as object, { id: FIRST_CLASS + i, rebuilt: new Set(Object.keys(c.rebuild ?? {})) }]));
    this.known = new Map(registry.known.map((value, i) => [value, i]));
  }

  /** Writes the value and returns everything written so far. */
  write(root: unknown): EncodedGraph {
    this.value(root);
    this.raw(typedPoolTrailer(this.typedPoolBytes));
    return {
      graph: this.bytes.subarray(0, this.length),
      graphBytes: this.flushed + this.length,
      strings: [...this.stringIds.keys()],
      bigints: BigInt64Array.from(this.bigintIds.keys()),
      objects: this.nextObject,
    };
  }

  private value(v: unknown): void {
    switch (typeof v) {
      case 'undefined':
        return this.byte(Tag.UNDEFINED);
      case 'boolean':
        return this.byte(v ? Tag.TRUE : Tag.FALSE);
      case 'number':
        if (Number.isInteger(v) && v >= MIN_INT32 && v <= MAX_INT32 && !Object.is(v, -0)) {
          this.byte(Tag.INT);
          return this.varint(v >= 0 ? v * 2 : -v * 2 - 1);
        }
        this.byte(Tag.DOUBLE);
        this.view.setFloat64(0, v, true);
        for (let i = 0; i < 8; i++) this.byte(this.view.getUint8(i));
        return;
      case 'string':
        return this.numbered(Tag.STRING, this.stringIds, v);
      case 'bigint':
        if (v < -(2n ** 63n) || v >= 2n ** 63n) throw new SnapshotFormatError(`a bigint beyond 64 bits at : ${v}`);
        return this.numbered(Tag.BIGINT, this.bigintIds, v);
      case 'object':
        if (v === null) return this.byte(Tag.NULL);
        return this.object(v);
      case 'function': {
        const id = this.known.get(v);
        if (id === undefined) throw new SnapshotFormatError(`an unregistered function (${v.name || 'anonymous'}) at `);
        this.byte(Tag.KNOWN);
        return this.varint(id);
      }
      default:
        throw new SnapshotFormatError(`a ${typeof v} at `);
    }
  }

  private numbered<K>(tag: number, ids: Map<K, number>, v: K): void {
    let id = ids.get(v);
    if (id === undefined) ids.set(v, (id = ids.size));
    this.byte(tag);
    this.varint(id);
  }

  private object(o: object): void {
    const seen = this.objectIds.get(o);
    if (seen !== undefined) {
      this.byte(Tag.REF);
      return this.varint(seen);
    }
    const known = this.known.get(o);
    if (known !== undefined) {
      this.byte(Tag.KNOWN);
      return this.varint(known);
    }
    // Only an object still being written can be met again before it is numbered.
    if (this.ancestors.includes(o)) throw new SnapshotFormatError('a cycle at ');
    this.ancestors.push(o);
    if (Object.isFrozen(o)) this.byte(Tag.FROZEN);
    if (Array.isArray(o)) this.array(o);
    else if (o instanceof Map) this.map(o);
    else if (o instanceof Set) this.set(o);
    else if (ArrayBuffer.isView(o)) this.typed(o);
    else this.fields(o);
    this.ancestors.pop();
    this.objectIds.set(o, this.nextObject++);
  }

  private array(a: readonly unknown[]): void {
    this.byte(Tag.ARRAY);
    this.varint(a.length);
    let i = 0;
    try {
      for (; i < a.length; i++) this.value(a[i]);
    } catch (error) {
      within(error, `[${i}]`);
    }
  }

  private map(m: ReadonlyMap<unknown, unknown>): void {
    this.byte(Tag.MAP);
    this.varint(m.size);
    let at: unknown;
    try {
      for (const [k, v] of m) {
        at = k;
        this.value(k);
        this.value(v);
      }
    } catch (error) {
      within(error, `<${String(at)}>`);
    }
  }

  private set(s: ReadonlySet<unknown>): void {
    this.byte(Tag.SET);
    this.varint(s.size);
    for (const v of s) this.value(v);
  }

  private typed(t: ArrayBufferView): void {
    const kind = TYPED_ARRAY_KINDS.findIndex((type) => t.constructor === type);
    if (kind < 0) throw new SnapshotFormatError(`a ${t.constructor.name} at `);
    this.byte(Tag.TYPED);
    this.varint(kind);
    this.varint((t as unknown as { length: number }).length);
    this.raw(new Uint8Array(t.buffer, t.byteOffset, t.byteLength));
    this.typedPoolBytes = nextPoolOffset(this.typedPoolBytes, t.byteLength);
  }

  private fields(o: object): void {
    const proto = Object.getPrototypeOf(o) as object | null;
    const registered = proto === null || proto === Object.prototype ? undefined : this.prototypes.get(proto);
    if (proto !== null && proto !== Object.prototype && registered === undefined) throw new SnapshotFormatError(`an instance of the unregistered class ${proto.constructor?.name ?? '?'} at `);
    if (Object.getOwnPropertySymbols(o).length > 0) throw new SnapshotFormatError('a symbol-keyed property at ');
    const keys = Object.keys(o);
    const protoId = proto === null ? NULL_PROTOTYPE : (registered?.id ?? PLAIN_OBJECT);
    let shape = this.shapes.find(protoId, keys);
    if (shape === undefined) {
      shape = this.shapes.add(protoId, keys);
      this.byte(Tag.SHAPE);
      this.varint(protoId);
      this.varint(keys.length);
      for (const key of keys) this.numbered(Tag.STRING, this.stringIds, key);
    }
    this.byte(Tag.OBJECT);
    this.varint(shape);
    const record = o as Record<string, unknown>;
    let key = '';
    try {
      for (key of keys) {
        if (registered?.rebuilt.has(key)) this.byte(Tag.REBUILT);
        else this.value(record[key]);
      }
    } catch (error) {
      within(error, `.${key}`);
    }
  }

  private byte(b: number): void {
    if (this.length === this.bytes.length) this.grow(1);
    this.bytes[this.length++] = b;
  }

  private varint(n: number): void {
    while (n >= 0x80) {
      this.byte((n % 0x80) | 0x80);
      n = Math.floor(n / 0x80);
    }
    this.byte(n);
  }

  private raw(chunk: Uint8Array): void {
    if (this.length + chunk.length > this.bytes.length) this.grow(chunk.length);
    this.bytes.set(chunk, this.length);
    this.length += chunk.length;
  }

  private grow(atLeast: number): void {
    if (this.flush) {
      this.flush(this.bytes.subarray(0, this.length));
      this.flushed += this.length;
      this.length = 0;
      if (this.bytes.length < this.flushBytes) this.bytes = new Uint8Array(this.flushBytes);
      if (atLeast <= this.bytes.length) return;
    }
    const next = new Uint8Array(Math.max(this.bytes.length * 2, this.length + atLeast));
    next.set(this.bytes.subarray(0, this.length));
    this.bytes = next;
  }
}
