/**
 * The product compiled to JavaScript, as `npm start` and the `concord` command run it, for
 * the benchmark's child processes that stand for a command or a deployed server (the
 * import, the 64 writers, the cold start and the HTTP server). Run through tsx instead,
 * they would carry its loader and its compiled-source cache: about 50 MiB more resident
 * memory, a cold start that compiles TypeScript first, and worker threads (the import's
 * writing thread) that compile theirs as they start.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { progress } from './measure.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Where the build lands (ignored by git): its tree mirrors the repository's, so package.json above it still applies. */
export const COMPILED_ROOT = path.join(here, '.build');

/** Compiles src/, events/, projections/ and the cold start's entry (bench/tsconfig.compiled.json); returns COMPILED_ROOT. */
export function buildCompiled(): string {
  const started = performance.now();
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', path.join(here, 'tsconfig.compiled.json')], { stdio: ['ignore', 'inherit', 'inherit'] });
  progress(`compiled the product for the child processes (import, writers, cold start, HTTP server) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return COMPILED_ROOT;
}
