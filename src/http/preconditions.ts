import type { Precondition } from '../recording/record-development.js';
import { HttpProblem } from './problem.js';

/** A strong entity tag carrying a stream revision: `"12"`. */
export function revisionTag(revision: number): string {
  return `"${revision}"`;
}

const TAG = /^(W\/)?"([\x21\x23-\x7e]*)"$/;

/**
 * Reads If-Match (RFC 9110 13.1.1): `*`, or a list of entity tags compared strongly, so a
 * weak tag never matches and neither does one that is not a revision of ours; such a
 * list leaves no revision to match and the write fails with 412.
 */
export function parseIfMatch(header: string | undefined): Precondition | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  if (value === '*') return { exists: true };
  const revisions: number[] = [];
  for (const part of value.split(',').map((p) => p.trim()).filter(Boolean)) {
    const match = TAG.exec(part);
    if (!match) {
      throw new HttpProblem(400, 'invalid-header', 'Invalid header', 'If-Match is "*" or a list of entity tags such as "12", as sent in ETag', {
        errors: [{ header: 'If-Match', message: `"${part}" is not an entity tag` }],
      });
    }
    if (match[1] === undefined && /^\d{1,15}$/.test(match[2]!)) revisions.push(Number(match[2]));
  }
  return { revisions };
}
