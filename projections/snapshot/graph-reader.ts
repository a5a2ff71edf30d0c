import { FIRST_CLASS, NULL_PROTOTYPE, PLAIN_OBJECT, SnapshotFormatError, Tag, TYPED_ARRAY_KINDS, type SnapshotRegistry } from './graph-format.js';

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
  const shapes: (() => object)[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const prototypes = prototypesOf(registry);
  const { known } = registry;

  const fail = (message: string): never => {
    throw new SnapshotFormatError(`${message}, at byte ${position}`);
  };

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

  const entry = <T>(table: readonly T[], what: string): T => {
    const id = varint();
    return id < table.length ? table[id]! : fail(`${what} number ${id} is not in its table`);
  };

  const value = (): unknown => {
    const tag = bytes[position++];
    switch (tag) {
      case Tag.UNDEFINED:
      case Tag.REBUILT: // a rebuilt field's placeholder (see shapeReader)
        return undefined;
      case Tag.NULL:
        return null;
      case Tag.TRUE:
        return true;
      case Tag.FALSE:
        return false;
      case Tag.INT: {
        const z = varint();
        return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
      }
      case Tag.DOUBLE: {
        if (position + 8 > bytes.length) return fail('the graph ends inside a number');
        const n = view.getFloat64(position, true);
        position += 8;
        return n;
      }
      case Tag.STRING:
        return entry(strings, 'string');
      case Tag.BIGINT:
        return entry(bigints, 'bigint');
      case Tag.REF:
        return entry(objects, 'object');
      case Tag.KNOWN:
        return entry(known, 'registered value');
      case Tag.FROZEN:
        return Object.freeze(value());
      case Tag.SHAPE:
        defineShape();
        return value();
      case Tag.OBJECT: {
        const made = entry(shapes, 'shape')();
        objects.push(made);
        return made;
      }
      case Tag.ARRAY: {
        const n = varint();
        const a: unknown[] = [];
        for (let i = 0; i < n; i++) a.push(value());
        objects.push(a);
        return a;
      }
      case Tag.MAP: {
        const n = varint();
        const m = new Map<unknown, unknown>();
        for (let i = 0; i < n; i++) m.set(value(), value());
        objects.push(m);
        return m;
      }
      case Tag.SET: {
        const n = varint();
        const set = new Set<unknown>();
        for (let i = 0; i < n; i++) set.add(value());
        objects.push(set);
        return set;
      }
      case Tag.TYPED: {
        const made = typed();
        objects.push(made);
        return made;
      }
      default:
        return fail(`an unknown tag ${tag}`);
    }
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
    if (position + size > bytes.length) fail('a typed array past the graph\'s end');
    const made = new type(length);
    new Uint8Array(made.buffer).set(bytes.subarray(position, position + size));
    position += size;
    return made;
  };

  const root = value();
  if (position !== bytes.length) fail(`the graph ends before its last byte (${bytes.length})`);
  return { root, objects: objects.length };
}
