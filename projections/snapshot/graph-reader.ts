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

/** Reads what GraphWriter wrote, given the same registry (see graph-format.ts). */
export class GraphReader {
  private position = 0;
  private readonly objects: object[] = [];
  private readonly shapes: (() => object)[] = [];
  private readonly view: DataView;
  private readonly prototypes: readonly { prototype: object | null; rebuild: Readonly<Record<string, Rebuild>> | undefined }[];
  private readonly read: Read = () => this.value();

  constructor(
    private readonly bytes: Uint8Array,
    private readonly strings: readonly string[],
    private readonly bigints: readonly bigint[],
    private readonly registry: SnapshotRegistry,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const prototypes: { prototype: object | null; rebuild: Readonly<Record<string, Rebuild>> | undefined }[] = [];
    prototypes[PLAIN_OBJECT] = { prototype: Object.prototype, rebuild: undefined };
    prototypes[NULL_PROTOTYPE] = { prototype: null, rebuild: undefined };
    registry.classes.forEach((c, i) => (prototypes[FIRST_CLASS + i] = { prototype: c.type.prototype as object, rebuild: c.rebuild as Readonly<Record<string, Rebuild>> | undefined }));
    this.prototypes = prototypes;
  }

  /** The graph's root; every byte must be read. */
  readRoot(): unknown {
    const root = this.value();
    if (this.position !== this.bytes.length) throw new SnapshotFormatError(`the graph ends at byte ${this.position} of ${this.bytes.length}`);
    return root;
  }

  get objectCount(): number {
    return this.objects.length;
  }

  private value(): unknown {
    const tag = this.bytes[this.position++];
    switch (tag) {
      case Tag.UNDEFINED:
        return undefined;
      case Tag.NULL:
        return null;
      case Tag.TRUE:
        return true;
      case Tag.FALSE:
        return false;
      case Tag.INT: {
        const z = this.varint();
        return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
      }
      case Tag.DOUBLE: {
        const n = this.view.getFloat64(this.position, true);
        this.position += 8;
        return n;
      }
      case Tag.STRING: {
        const id = this.varint();
        return id < this.strings.length ? this.strings[id] : this.outOfRange('string', id);
      }
      case Tag.BIGINT: {
        const id = this.varint();
        return id < this.bigints.length ? this.bigints[id] : this.outOfRange('bigint', id);
      }
      case Tag.REF: {
        const id = this.varint();
        return id < this.objects.length ? this.objects[id] : this.outOfRange('object', id);
      }
      case Tag.KNOWN:
        return this.entry(this.registry.known, 'registered value');
      case Tag.FROZEN:
        return Object.freeze(this.value());
      case Tag.REBUILT:
        return undefined;
      default:
        return this.numberedObject(tag);
    }
  }

  private numberedObject(tag: number | undefined): object {
    let made: object;
    switch (tag) {
      case Tag.OBJECT:
        made = this.entry(this.shapes, 'shape')();
        break;
      case Tag.SHAPE:
        this.defineShape();
        return this.numberedObject(this.bytes[this.position++]);
      case Tag.ARRAY: {
        const n = this.varint();
        const a: unknown[] = [];
        for (let i = 0; i < n; i++) a.push(this.value());
        made = a;
        break;
      }
      case Tag.MAP: {
        const n = this.varint();
        const m = new Map<unknown, unknown>();
        for (let i = 0; i < n; i++) m.set(this.value(), this.value());
        made = m;
        break;
      }
      case Tag.SET: {
        const n = this.varint();
        const s = new Set<unknown>();
        for (let i = 0; i < n; i++) s.add(this.value());
        made = s;
        break;
      }
      case Tag.TYPED:
        made = this.typed();
        break;
      default:
        throw new SnapshotFormatError(`an unknown tag ${tag} at byte ${this.position - 1}`);
    }
    this.objects.push(made);
    return made;
  }

  private defineShape(): void {
    const protoId = this.varint();
    const prototype = this.prototypes[protoId];
    if (prototype === undefined) throw new SnapshotFormatError(`an unknown prototype number ${protoId} at byte ${this.position}`);
    const count = this.varint();
    const keys: string[] = [];
    for (let i = 0; i < count; i++) {
      if (this.bytes[this.position++] !== Tag.STRING) throw new SnapshotFormatError(`a shape's key that is not a string at byte ${this.position - 1}`);
      keys.push(this.entry(this.strings, 'string'));
    }
    this.shapes.push(shapeReader(this.read, prototype.prototype, keys, prototype.rebuild));
  }

  private typed(): ArrayBufferView {
    const type = TYPED_ARRAY_KINDS[this.varint()];
    if (type === undefined) throw new SnapshotFormatError(`an unknown typed array kind at byte ${this.position}`);
    const length = this.varint();
    const made = new type(length);
    const bytes = length * type.BYTES_PER_ELEMENT;
    if (this.position + bytes > this.bytes.length) throw new SnapshotFormatError(`a typed array past the graph's end at byte ${this.position}`);
    new Uint8Array(made.buffer).set(this.bytes.subarray(this.position, this.position + bytes));
    this.position += bytes;
    return made;
  }

  private entry<T>(table: readonly T[], what: string): T {
    const id = this.varint();
    return id < table.length ? table[id]! : this.outOfRange(what, id);
  }

  private outOfRange(what: string, id: number): never {
    throw new SnapshotFormatError(`${what} number ${id} is not in its table, at byte ${this.position}`);
  }

  private varint(): number {
    const { bytes } = this;
    let b = bytes[this.position++]!;
    // Most numbers (string, object and shape numbers of small tables, small integers) fit one byte.
    if (b < 0x80) return b;
    let n = b & 0x7f;
    let scale = 0x80;
    for (;;) {
      b = bytes[this.position++]!;
      if (b === undefined) throw new SnapshotFormatError('the graph ends inside a number');
      n += (b & 0x7f) * scale;
      if (b < 0x80) return n;
      scale *= 0x80;
    }
  }
}
