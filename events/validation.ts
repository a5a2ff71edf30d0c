import type { z } from 'zod';

/** One offending field: a JSON Pointer (RFC 6901) into the input and what is wrong. */
export interface FieldIssue {
  readonly pointer: string;
  readonly message: string;
}

export function pointerOf(path: readonly PropertyKey[]): string {
  return path.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

export function issuesOf(error: z.ZodError, prefix: readonly PropertyKey[] = []): FieldIssue[] {
  return error.issues.map((i) => ({ pointer: pointerOf([...prefix, ...i.path]), message: i.message }));
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };
