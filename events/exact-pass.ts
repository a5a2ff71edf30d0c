import type { z } from 'zod';

/**
 * Whether zod would accept a value and give it back unchanged: `exactPass(schema)(value)`
 * is true only if `schema.safeParse(value)` succeeds with an output equal to `value`
 * (same keys in the same order, same values). The value itself can then stand for zod's
 * output, which spares building a copy of every object of it.
 *
 * Why: every event read back is validated (catch-up, read all, verify), and zod builds a
 * new object for every object it parses: at a million events that is a million data
 * objects and their sources made only to be equal to what `JSON.parse` just made. The
 * predicate is compiled once per schema from zod's own definition of it. It answers
 * "yes" only for the plain cases it knows exactly: strict objects in the schema's key
 * order with optional fields left out, arrays, enums, strings with length, pattern and
 * trim checks. Leaves with rules of their own (a refinement, a format, a number's
 * bounds) are judged by zod one value at a time and the values it accepted unchanged
 * are remembered, which holds as long as refinements are pure (the catalogue's are).
 * Anything else (a union, a record, a default, a transform, an object with a
 * refinement, a key given as undefined) answers "no", and the caller asks zod.
 * Errors always come from zod.
 */
export type ExactPass = (value: unknown) => boolean;

/** zod's definitions as far as this reads them (zod 4's `_zod.def`). */
interface Definition {
  readonly type: string;
  readonly checks?: readonly { readonly _zod: { readonly def: CheckDefinition } }[];
  readonly shape?: Record<string, z.ZodType>;
  readonly innerType?: z.ZodType;
  readonly element?: z.ZodType;
  readonly entries?: Record<string, string | number>;
  readonly values?: readonly unknown[];
}

interface CheckDefinition {
  readonly check: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly length?: number;
  readonly format?: string;
  readonly pattern?: RegExp;
  readonly tx?: (value: string) => string;
}

const definitionOf = (schema: z.ZodType): Definition => (schema as unknown as { _zod: { def: Definition } })._zod.def;

const compiled = new WeakMap<z.ZodType, ExactPass>();

export function exactPass(schema: z.ZodType): ExactPass {
  let pass = compiled.get(schema);
  if (pass === undefined) compiled.set(schema, (pass = compile(schema)));
  return pass;
}

const NEVER: ExactPass = () => false;

/**
 * The fields each kind's definition may have for this to read it whole. A definition with
 * any other (a format, a coercion, a default, a catch) is not one of the plain cases.
 */
const KNOWN_FIELDS: Record<string, ReadonlySet<string>> = {
  object: new Set(['type', 'shape', 'catchall']),
  optional: new Set(['type', 'innerType']),
  nullable: new Set(['type', 'innerType']),
  array: new Set(['type', 'element', 'checks']),
  enum: new Set(['type', 'entries']),
  literal: new Set(['type', 'values']),
  boolean: new Set(['type']),
  unknown: new Set(['type']),
  any: new Set(['type']),
  string: new Set(['type', 'checks']),
};

function compile(schema: z.ZodType): ExactPass {
  const def = definitionOf(schema);
  const known = KNOWN_FIELDS[def.type];
  if (known === undefined || Object.keys(def).some((field) => !known.has(field))) {
    // A string of a format (url, uuid, datetime) or a number: zod judges each value.
    if (def.type === 'string' && !('coerce' in def)) return rememberedLeaf(schema, (value) => typeof value === 'string');
    if (def.type === 'number' && !('coerce' in def)) return rememberedLeaf(schema, (value) => typeof value === 'number');
    return NEVER;
  }
  switch (def.type) {
    case 'object':
      return objectPass(def.shape!);
    case 'optional':
      // A key given as undefined is zod's to judge (objectPass never asks for it).
      return exactPass(def.innerType!);
    case 'nullable': {
      const inner = exactPass(def.innerType!);
      return (value) => value === null || inner(value);
    }
    case 'array':
      return arrayPass(def);
    case 'enum': {
      const values = new Set(Object.values(def.entries!));
      return (value) => (typeof value === 'string' || typeof value === 'number') && values.has(value);
    }
    case 'literal': {
      const values = new Set(def.values);
      return (value) => values.has(value);
    }
    case 'boolean':
      return (value) => typeof value === 'boolean';
    case 'unknown':
    case 'any':
      return () => true;
    default:
      return stringPass(schema, def);
  }
}

/**
 * An object holding no key beyond the shape (a strict object refuses one, others drop
 * or keep it): zod's output holds the shape's keys that are present, in the shape's
 * order, so the value must hold them in that order too.
 */
function objectPass(shape: Record<string, z.ZodType>): ExactPass {
  const keys = Object.keys(shape);
  const fields = keys.map((key) => ({ key, pass: exactPass(shape[key]!), optional: definitionOf(shape[key]!).type === 'optional' }));
  const count = fields.length;
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    // A plain object only: zod reads other prototypes' objects as it does, but copies them plain.
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return false;
    let next = 0;
    for (const key in value) {
      // The value's keys come in the shape's order: walk the shape along, past optional fields left out.
      while (next < count && fields[next]!.key !== key) if (!fields[next++]!.optional) return false;
      if (next === count) return false;
      const v = (value as Record<string, unknown>)[key];
      if (v === undefined || !fields[next]!.pass(v)) return false;
      next++;
    }
    for (; next < count; next++) if (!fields[next]!.optional) return false;
    return true;
  };
}

function arrayPass(def: Definition): ExactPass {
  const element = exactPass(def.element!);
  let min = 0;
  let max = Number.POSITIVE_INFINITY;
  for (const { _zod: { def: check } } of def.checks ?? []) {
    if (check.check === 'min_length') min = Math.max(min, check.minimum!);
    else if (check.check === 'max_length') max = Math.min(max, check.maximum!);
    else if (check.check === 'length_equals') (min = Math.max(min, check.length!)), (max = Math.min(max, check.length!));
    else return NEVER;
  }
  return (value) => {
    if (!Array.isArray(value) || value.length < min || value.length > max) return false;
    for (let i = 0; i < value.length; i++) if (!(i in value) || !element(value[i])) return false;
    return true;
  };
}

/** Strings checked by length, pattern and idempotent rewrites (trim) here; any other rule by zod, remembered. */
function stringPass(schema: z.ZodType, def: Definition): ExactPass {
  const rules: ((s: string) => boolean)[] = [];
  for (const { _zod: { def: check } } of def.checks ?? []) {
    switch (check.check) {
      case 'min_length':
        rules.push((s) => s.length >= check.minimum!);
        break;
      case 'max_length':
        rules.push((s) => s.length <= check.maximum!);
        break;
      case 'length_equals':
        rules.push((s) => s.length === check.length!);
        break;
      case 'string_format': {
        // `.regex()` is a format of its own; the others (url, uuid, email) are zod's to judge.
        if (check.format !== 'regex') return rememberedLeaf(schema, (value) => typeof value === 'string');
        const pattern = check.pattern!;
        rules.push((s) => ((pattern.lastIndex = 0), pattern.test(s)));
        break;
      }
      case 'overwrite': {
        // A rewrite (trim, case) leaves the value as it is only if the value is its own rewrite.
        const tx = check.tx!;
        rules.push((s) => tx(s) === s);
        break;
      }
      default:
        return rememberedLeaf(schema, (value) => typeof value === 'string');
    }
  }
  return (value) => {
    if (typeof value !== 'string') return false;
    for (const rule of rules) if (!rule(value)) return false;
    return true;
  };
}

/** How many accepted values a leaf remembers before it starts over (odd inputs cannot grow it). */
const REMEMBERED_VALUES = 50_000;

/**
 * A leaf whose rules are zod's alone (a refinement, a format, a number's bounds): zod
 * judges each value once, and the values it gave back unchanged are remembered, since
 * they repeat (dates, the same URL on many events).
 */
function rememberedLeaf(schema: z.ZodType, shape: (value: unknown) => boolean): ExactPass {
  const accepted = new Set<unknown>();
  return (value) => {
    if (!shape(value)) return false;
    if (accepted.has(value)) return true;
    const result = schema.safeParse(value);
    if (!result.success || result.data !== value) return false;
    if (accepted.size >= REMEMBERED_VALUES) accepted.clear();
    accepted.add(value);
    return true;
  };
}
