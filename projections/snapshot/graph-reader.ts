import { FIRST_CLASS, nextPoolOffset, NULL_PROTOTYPE, PLAIN_OBJECT, SnapshotFormatError, Tag, TYPED_ARRAY_KINDS, TYPED_POOL_TRAILER_BYTES, type SnapshotRegistry } from './graph-format.js';

type Read = () => unknown;
type Rebuild = (instance: never) => unknown;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function property(key: string): string {
  return IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

/**
 * A function that reads one object of a shape. Written out per shape (there are a few
 * dozen) so that V8 builds each object as the code that made it did: a plain object as
 * one literal with its keys in order, a class instance field by field, each store
 * monomorphic. Reading millions of objects through one generic loop of keyed stores was
 * several times slower and left the objects in other hidden classes than the fold makes.
 */
function shapeReader(read: Read, prototype: object | null, keys: readonly string[], rebuild: Readonly<Record<string, Rebuild>> | undefined): () => object {
  if (prototype === Object.prototype && rebuild === undefined) {
    // `__proto__: x` in a literal would set the prototype; a computed key defines the field.
    const fields = keys.map((k) => (k === '__proto__' ? `["__proto__"]: read()` : `${JSON.stringify(k)}: read()`));
    return new Function('read', `return () => ({ ${fields.join(', ')} });`)(read) as () => object;
  }
  // A rebuilt field's value is its REBUILT tag, read as undefined.
  const values = keys.map((_, i) => `const v${i} = read();`);
  const stores = keys.map((k, i) => `o${property(k)} = v${i};`);
  const rebuilt = keys.filter((k) => rebuild?.[k]).map((k) => `o${property(k)} = rebuild[${JSON.stringify(k)}](o);`);
  const body = `return () => { ${values.join(' ')} const o = Object.create(prototype); ${stores.join(' ')} ${rebuilt.join(' ')} return o; };`;
  return new Function('read', 'prototype', 'rebuild', body)(read, prototype, rebuild) as () => object;
}

function prototypesOf(registry: SnapshotRegistry): { prototype: object | null; rebuild: Readonly<Record<string, Rebuild>> | undefined }[] {
  const prototypes: { prototype: object | null; rebuild: Readonly<Record<string, Rebuild>> | undefined }[] = [];
  prototypes[PLAIN_OBJECT] = { prototype: Object.prototype, rebuild: undefined };
  prototypes[NULL_PROTOTYPE] = { prototype: null, rebuild: undefined };
  registry.classes.forEach((c, i) => (prototypes[FIRST_CLASS + i] = { prototype: c.type.prototype as object, rebuild: c.rebuild as Readonly<Record<string, Rebuild>> | undefined }));
  return prototypes;
}

/**
 * Reads what GraphWriter wrote, given the same registry (see graph-format.ts); every byte
 * must be read. The reader's state is local to one call (closures, not an object's
 * fields): at a million events this read 4.9 million objects in 7.7 s against 9.1 s as a
 * class, the tables' lookups being the hot path.
 */
export function readGraph(bytes: Uint8Array, strings: readonly string[], bigints: readonly bigint[], registry: SnapshotRegistry): { root: unknown; objects: number } {
  let position = 0;
  const objects: object[] = [];
  // The values of the array, map or set being read, above those of the ones it is inside.
  const pending: unknown[] = [];
  let top = 0;
  const shapes: (() => object)[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const prototypes = prototypesOf(registry);
  const { known } = registry;

  const fail = (message: string): never => {
    throw new SnapshotFormatError(`${message}, at byte ${position}`);
  };

  if (bytes.length < TYPED_POOL_TRAILER_BYTES) fail('the graph is shorter than its trailer');
  // The values end where the trailer starts; every byte before it must be read.
  const end = bytes.length - TYPED_POOL_TRAILER_BYTES;
  const poolBytes = view.getFloat64(end, true);
  // Each typed array's bytes are in the graph after a header of 3 bytes or more, so even
  // padded to 8 their pool is at most twice the graph: a bound on what a corrupt trailer asks for.
  if (!Number.isSafeInteger(poolBytes) || poolBytes < 0 || poolBytes > 2 * end) fail(`a typed-array pool of ${poolBytes} bytes in a graph of ${end}`);
  const pool = new ArrayBuffer(poolBytes);
  let pooled = 0;

  const varint = (): number => {
    let b = bytes[position++]!;
    // Most numbers (table numbers of small tables, small integers) fit one byte.
    if (b < 0x80) return b;
    let n = b & 0x7f;
    let scale = 0x80;
    for (;;) {
      b = bytes[position++]!;
      if (b === undefined) return fail('the graph ends inside a number');
      n += (b & 0x7f) * scale;
      if (b < 0x80) return n;
      scale *= 0x80;
    }
  };

  const missing = (what: string, id: number): never => fail(`${what} number ${id} is not in its table`);

  const entry = <T>(table: readonly T[], what: string): T => {
    const id = varint();
    return id < table.length ? table[id]! : missing(what, id);
  };

  /**
   * One call per value: about 25 million at a million events. The cases are number
   * literals (each checked against its Tag by `satisfies`), so that V8 compiles the switch
   * to a jump table; with `case Tag.STRING:` it tests the cases one by one, each a load of
   * a property of Tag. The tables' lookups are written out in their cases for the same
   * reason. Together: the graph of a million events read in a median of 4.04 s against
   * 4.38 s (eight runs each, alternating, one process per run, 2026-12-01).
   */
  const value = (): unknown => {
    const tag = bytes[position++];
    switch (tag) {
      case 0 satisfies typeof Tag.UNDEFINED:
      case 17 satisfies typeof Tag.REBUILT: // a rebuilt field's placeholder (see shapeReader)
        return undefined;
      case 1 satisfies typeof Tag.NULL:
        return null;
      case 2 satisfies typeof Tag.TRUE:
        return true;
      case 3 satisfies typeof Tag.FALSE:
        return false;
      case 4 satisfies typeof Tag.INT: {
        const z = varint();
        return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
      }
      case 5 satisfies typeof Tag.DOUBLE: {
        if (position + 8 > end) return fail('the graph ends inside a number');
        const n = view.getFloat64(position, true);
        position += 8;
        return n;
      }
      case 6 satisfies typeof Tag.STRING: {
        const id = varint();
        return id < strings.length ? strings[id] : missing('string', id);
      }
      case 7 satisfies typeof Tag.BIGINT:
        return entry(bigints, 'bigint');
      case 8 satisfies typeof Tag.REF: {
        const id = varint();
        return id < objects.length ? objects[id] : missing('object', id);
      }
      case 15 satisfies typeof Tag.KNOWN:
        return entry(known, 'registered value');
      case 16 satisfies typeof Tag.FROZEN:
        return Object.freeze(value());
      case 10 satisfies typeof Tag.SHAPE:
        defineShape();
        return value();
      case 9 satisfies typeof Tag.OBJECT: {
        const made = entry(shapes, 'shape')();
        objects.push(made);
        return made;
      }
      case 11 satisfies typeof Tag.ARRAY: {
        const base = readPending(varint());
        const a = arrayOfPending(base);
        top = base;
        objects.push(a);
        return a;
      }
      case 12 satisfies typeof Tag.MAP: {
        const base = readPending(2 * varint());
        const m = new Map<unknown, unknown>();
        for (let i = base; i < top; i += 2) m.set(pending[i], pending[i + 1]);
        top = base;
        objects.push(m);
        return m;
      }
      case 13 satisfies typeof Tag.SET: {
        const base = readPending(varint());
        const set = new Set<unknown>();
        for (let i = base; i < top; i++) set.add(pending[i]);
        top = base;
        objects.push(set);
        return set;
      }
      case 14 satisfies typeof Tag.TYPED: {
        const made = typed();
        objects.push(made);
        return made;
      }
      default:
        return fail(`an unknown tag ${tag}`);
    }
  };

  /**
   * Reads `n` values onto `pending` and answers where they start, so that an array can be
   * made once its length and values are known (arrayOfPending); maps and sets are filled
   * from it the same way. (Filling maps only once their values were read was also meant
   * to let the tables they outgrow die young: at a million events it changed nothing
   * measurable.)
   */
  const readPending = (n: number): number => {
    const base = top;
    for (let i = 0; i < n; i++) {
      // Read first: reading the value moves `top` and puts it back.
      const v = value();
      pending[top++] = v;
    }
    return base;
  };

  /**
   * The array of the values from `base` to `top`, at its exact length: the read models'
   * arrays were compacted before they were written, and an array grown by push holds up
   * to half again in spare slots, which the catch-up's compaction would copy away (at a
   * million events 87 MiB of copies and garbage in the old generation, kept as part-empty
   * pages). Numbers only are pushed one by one instead, so that V8 keeps small integers
   * and doubles unboxed in the array as the fold's pushes did, not as boxed elements.
   */
  const arrayOfPending = (base: number): unknown[] => {
    for (let i = base; i < top; i++) {
      if (typeof pending[i] !== 'number') return pending.slice(base, top);
    }
    const numbers: unknown[] = [];
    for (let i = base; i < top; i++) numbers.push(pending[i]);
    return numbers;
  };

  const defineShape = (): void => {
    const protoId = varint();
    const prototype = prototypes[protoId] ?? fail(`an unknown prototype number ${protoId}`);
    const count = varint();
    const keys: string[] = [];
    for (let i = 0; i < count; i++) {
      if (bytes[position++] !== Tag.STRING) fail("a shape's key that is not a string");
      keys.push(entry(strings, 'string'));
    }
    if (bytes[position] !== Tag.OBJECT) fail('a shape not followed by its object');
    shapes.push(shapeReader(value, prototype.prototype, keys, prototype.rebuild));
  };

  const typed = (): ArrayBufferView => {
    const type = TYPED_ARRAY_KINDS[varint()] ?? fail('an unknown typed array kind');
    const length = varint();
    const size = length * type.BYTES_PER_ELEMENT;
    if (position + size > end) fail('a typed array past the graph\'s end');
    const next = nextPoolOffset(pooled, size);
    if (next > poolBytes) fail(`typed arrays past the ${poolBytes} bytes the graph states for them`);
    const made = new type(pool, pooled, length);
    new Uint8Array(pool, pooled, size).set(bytes.subarray(position, position + size));
    pooled = next;
    position += size;
    return made;
  };

  const root = value();
  if (position !== end) fail(`the graph ends before its last byte (${end})`);
  if (pooled !== poolBytes) fail(`the typed arrays take ${pooled} of the ${poolBytes} bytes the graph states for them`);
  return { root, objects: objects.length };
}
