import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folders whose code decides what the read models hold: the events' schemas and the projections. */
const MODEL_CODE = ['events', 'projections'];

let cached: string | undefined;

function codeFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...codeFiles(full));
    else if (/\.(js|ts|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(full);
  }
  return files;
}

/**
 * SHA-256 over the source of the code the read models are folded by (events/ and
 * projections/, as this process runs them). A snapshot is only as right as the code that
 * folded it: one written by other code, even code whose classes have the same fields, may
 * hold what that code folded differently, so it is refused and the log folded instead.
 */
export function readModelCodeFingerprint(): string {
  if (cached !== undefined) return cached;
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const hash = createHash('sha256');
  for (const folder of MODEL_CODE) {
    for (const file of codeFiles(path.join(root, folder)).sort()) {
      hash.update(`${path.relative(root, file)}\n`);
      hash.update(readFileSync(file));
      hash.update('\n');
    }
  }
  return (cached = hash.digest('hex'));
}
