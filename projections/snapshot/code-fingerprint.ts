import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folders whose code decides what the read models hold: the events' schemas, the
 * projections, and the domain rules they share (an amendment's merge of changes).
 */
const MODEL_CODE = ['events', 'projections', 'src/domain'];
/** Libraries whose output the models keep: zod parses every event they fold. */
const MODEL_LIBRARIES = ['zod'];

function libraryVersion(name: string): string {
  try {
    const manifest = createRequire(import.meta.url).resolve(`${name}/package.json`);
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

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

/** What the fingerprint covers: each library as name@version, then each code file by its path from the package root. */
export function fingerprintInputs(): { readonly root: string; readonly libraries: readonly string[]; readonly files: readonly string[] } {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const libraries = MODEL_LIBRARIES.map((name) => `${name}@${libraryVersion(name)}`);
  const files = MODEL_CODE.flatMap((folder) => codeFiles(path.join(root, folder)).sort().map((file) => path.relative(root, file)));
  return { root, libraries, files };
}

/**
 * SHA-256 over the source of the code the read models are folded by (events/,
 * projections/ and src/domain/, as this process runs them) and the version of zod. A
 * snapshot is only as right as the code that folded it: one written by other code, even
 * code whose classes have the same fields, may hold what that code folded differently,
 * so it is refused and the log folded instead.
 */
export function readModelCodeFingerprint(): string {
  if (cached !== undefined) return cached;
  const { root, libraries, files } = fingerprintInputs();
  const hash = createHash('sha256');
  for (const library of libraries) hash.update(`${library}\n`);
  for (const file of files) {
    hash.update(`${file}\n`);
    hash.update(readFileSync(path.join(root, file)));
    hash.update('\n');
  }
  return (cached = hash.digest('hex'));
}
