import type { z } from 'zod';

/** Readonly markers do not change the JSON on the wire; compare shapes without them. */
type Plain<T> = T extends readonly (infer U)[] ? Plain<U>[] : T extends object ? { -readonly [K in keyof T]: Plain<T[K]> } : T;

type MutuallyAssignable<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/**
 * True when the schema's output is the view type: assignable both ways and with the same
 * keys, so an optional field added to one side only is caught too.
 */
export type Describes<S extends z.ZodType, V> =
  MutuallyAssignable<Plain<z.output<S>>, Plain<V>> extends true ? (MutuallyAssignable<keyof z.output<S>, keyof V> extends true ? true : false) : false;

/**
 * A compile-time check that a response schema describes a TypeScript type of the code:
 * `describes<typeof schema, Type>(true)` fails `tsc` when they drift apart.
 */
export function describes<S extends z.ZodType, V>(matches: Describes<S, V>): void {
  void matches;
}
