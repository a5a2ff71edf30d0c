import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DEVELOPMENT_TYPES, definitionOf, parseData } from '../../events/catalogue.js';
import { exactPass } from '../../events/exact-pass.js';
import { seedFile } from '../../src/package-root.js';
import { generatedLog } from '../support/generated-log.js';

/** Equal as zod's output must be to stand for it: same keys in the same order, same values (undefined included). */
function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  }
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k, i) => k === kb[i] && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return Object.is(a, b);
}

/** The oracle: whenever the predicate says yes, zod accepts the value and gives it back as it is. */
function expectExactWhenPassed(schema: z.ZodType, value: unknown): boolean {
  const passed = exactPass(schema)(value);
  if (passed) {
    const result = schema.safeParse(value);
    expect(result.success, JSON.stringify(value)).toBe(true);
    expect(sameValue(result.data, value), JSON.stringify(value)).toBe(true);
  }
  return passed;
}

const BAD_VALUES: unknown[] = [undefined, null, 42, -1.5, true, '', ' padded ', 'Not A Slug', 'x'.repeat(6000), '2020-13-01', '../', [], {}, ['x']];

/** Every value one small step from `value`: a key dropped, added, replaced or moved, and the same inside. */
function* mutantsOf(value: unknown, depth = 0): Generator<unknown> {
  if (depth > 2) return;
  if (Array.isArray(value)) {
    yield [];
    yield [...value, ...value];
    yield Array.from({ length: 51 }, () => value[0]);
    if (value.length > 0) for (const m of mutantsOf(value[0], depth + 1)) yield [m, ...value.slice(1)];
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const entries = Object.entries(value);
  yield Object.fromEntries([...entries].reverse());
  yield { ...value, extra: 'x' };
  yield { extra: 'x', ...value };
  for (const [key, v] of entries) {
    yield Object.fromEntries(entries.filter(([k]) => k !== key));
    for (const bad of BAD_VALUES) yield { ...value, [key]: bad };
    if (typeof v === 'string') yield { ...value, [key]: ` ${v}` };
    for (const m of mutantsOf(v, depth + 1)) yield { ...value, [key]: m };
  }
}

const seed = (JSON.parse(readFileSync(seedFile(), 'utf8')) as Record<string, unknown>[]).map(({ type, ...data }) => ({ type: type as string, data }));
const generated = generatedLog(3_000, 11).map((e) => ({ type: e.type, data: e.data }));
const developments = [...seed, ...generated];

describe('exact pass: zod would give this value back unchanged', () => {
  it('passes every development of the seed and of a generated log as it is, zod agreeing, except corrections (their changes are a record: zod decides)', () => {
    const notPassed = new Map<string, number>();
    for (const { type, data } of developments) {
      if (!expectExactWhenPassed(definitionOf(type)!.schema, data)) notPassed.set(type, (notPassed.get(type) ?? 0) + 1);
    }
    expect([...notPassed.keys()]).toEqual(['DevelopmentCorrected']);
    expect(new Set(developments.map((d) => d.type)).size).toBeGreaterThanOrEqual(DEVELOPMENT_TYPES.length - 1);
  });

  it('never passes a value zod would refuse or change: every one-step mutant of every kind of development', () => {
    const examples = new Map(developments.map((d) => [d.type, d]));
    let passed = 0;
    let refused = 0;
    for (const { type, data } of examples.values()) {
      for (const mutant of mutantsOf(data)) (expectExactWhenPassed(definitionOf(type)!.schema, mutant) ? passed++ : refused++);
    }
    // Both answers were given: optional fields dropped pass, the rest go to zod.
    expect(passed).toBeGreaterThan(50);
    expect(refused).toBeGreaterThan(1_000);
  });

  it('never passes arbitrary JSON that zod would refuse or change, for any type', () => {
    fc.assert(
      fc.property(fc.constantFrom(...DEVELOPMENT_TYPES), fc.jsonValue(), (type, value) => {
        expectExactWhenPassed(definitionOf(type)!.schema, value);
      }),
      { numRuns: 2_000 },
    );
  });

  it('gives the data itself as the parsed development when it passes, and zod output otherwise', () => {
    const data = { groupId: 'iag-tvet', organisationId: 'cedefop', on: '2023-12-07' };
    const parsed = parseData('MemberJoined', data);
    expect(parsed.ok && parsed.value.data).toBe(data);
    const unordered = { organisationId: 'cedefop', groupId: 'iag-tvet', on: '2023-12-07' };
    const fromZod = parseData('MemberJoined', unordered);
    expect(fromZod.ok && fromZod.value.data).not.toBe(unordered);
    expect(fromZod.ok && Object.keys(fromZod.value.data)).toEqual(['groupId', 'organisationId', 'on']);
    expect(parseData('MemberJoined', { ...data, on: '2023-02-30' })).toMatchObject({ ok: false, issues: [{ pointer: '/on' }] });
  });
});

describe('exact pass, rule by rule', () => {
  const cases: [string, z.ZodType, unknown, boolean][] = [
    ['a trimmed string as it is', z.string().trim(), 'a', true],
    ['a string trim would change', z.string().trim(), ' a', false],
    ['a string within its lengths', z.string().min(2).max(3), 'abc', true],
    ['a string over its maximum', z.string().max(3), 'abcd', false],
    ['a string of an exact length', z.string().length(2), 'ab', true],
    ['a pattern with the g flag, twice', z.string().regex(/a/g), 'a', true],
    ['a format (zod judges it)', z.url(), 'https://example.org/a', true],
    ['a format zod refuses', z.url(), 'not a url', false],
    ['a refinement (zod judges it)', z.string().refine((s) => s.startsWith('x')), 'xy', true],
    ['a refinement zod refuses', z.string().refine((s) => s.startsWith('x')), 'yx', false],
    ['a number (zod judges it)', z.number().int().positive(), 3, true],
    ['a number out of bounds', z.number().int().positive(), -3, false],
    ['a number that is not one', z.number(), Number.NaN, false],
    ['an enum value', z.enum(['a', 'b']), 'b', true],
    ['not an enum value', z.enum(['a', 'b']), 'c', false],
    ['a literal', z.literal('x'), 'x', true],
    ['null where nullable', z.string().nullable(), null, true],
    ['an array within its bounds', z.array(z.string()).min(1).max(2), ['a'], true],
    ['an array over its maximum', z.array(z.string()).max(1), ['a', 'b'], false],
    ['an array with a hole', z.array(z.string().optional()), [, 'a'], false],
    ['a strict object in order, optional left out', z.strictObject({ a: z.string(), b: z.string().optional(), c: z.string() }), { a: 'x', c: 'y' }, true],
    ['a strict object out of order', z.strictObject({ a: z.string(), c: z.string() }), { c: 'y', a: 'x' }, false],
    ['a strict object missing a required key', z.strictObject({ a: z.string(), c: z.string() }), { a: 'x' }, false],
    ['an optional key given as undefined', z.strictObject({ a: z.string().optional() }), { a: undefined }, false],
    ['an object with a key zod would drop', z.object({ a: z.string() }), { a: 'x', b: 'y' }, false],
    ['a loose object with a key beyond its shape', z.looseObject({ a: z.string() }), { a: 'x', b: 'y' }, false],
    ['an object of another class', z.object({ a: z.string() }), new (class { a = 'x'; })(), false],
    ['an object with a refinement (zod decides)', z.object({ a: z.string() }).refine(() => true), { a: 'x' }, false],
    ['a default (zod decides)', z.string().default('x'), 'y', false],
    ['a union (zod decides)', z.union([z.string(), z.number()]), 'x', false],
    ['a record (zod decides)', z.record(z.string(), z.string()), { a: 'x' }, false],
    ['a transform (zod decides)', z.string().transform((s) => s.toUpperCase()), 'X', false],
  ];
  it.each(cases)('%s', (_, schema, value, expected) => {
    expect(expectExactWhenPassed(schema, value)).toBe(expected);
    // Asked again, from what it remembered: the same answer.
    expect(exactPass(schema)(value)).toBe(expected);
  });
});
