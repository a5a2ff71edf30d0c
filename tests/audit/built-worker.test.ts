import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateApiKey, hashApiKey } from '../../src/auth/api-keys.js';
import { contractFetch } from '../support/api-contract.js';
import { REPO_ROOT } from '../support/run-cli.js';
import { syntheticHistory, toNdjson } from '../support/synthetic-history.js';
import { tempDir } from '../support/temp-dir.js';

/**
 * `npm start` and an installed `concord` run the built JavaScript, where the workers load
 * their built files (dist/src/audit/verification-worker.js,
 * dist/src/store/sqlite-bulk-append-worker.js) rather than the TypeScript source: this
 * runs those paths. CI builds before testing; locally the build is made here if missing.
 */
const BUILT_CLI = path.join(REPO_ROOT, 'dist/src/cli/main.js');
const tmp = tempDir();
const key = generateApiKey();
let server: ChildProcess;
let url: string;

beforeAll(async () => {
  const builtWorkers = ['dist/src/audit/verification-worker.js', 'dist/src/store/sqlite-bulk-append-worker.js'];
  if (!builtWorkers.every((file) => existsSync(path.join(REPO_ROOT, file)))) execFileSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'ignore' });
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CONCORD_')));
  server = spawn(process.execPath, [BUILT_CLI, 'serve', '--port', '0'], {
    cwd: tmp.dir,
    env: { ...base, CONCORD_SQLITE_PATH: tmp.file('built.db'), CONCORD_API_KEYS: `auditor:admin:${hashApiKey(key)}`, CONCORD_LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  url = await new Promise<string>((resolve, reject) => {
    let out = '';
    server.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    server.once('exit', (code) => reject(new Error(`the built server exited with ${code}`)));
  });
}, 120_000);

afterAll(() => {
  server?.kill('SIGTERM');
  tmp.remove();
});

describe('verification over HTTP from the built server', () => {
  it('runs in the compiled worker and passes on the seed', async () => {
    const auth = { Authorization: `Bearer ${key}` };
    const { response: started } = await contractFetch(`${url}/audit/verifications`, { method: 'POST', headers: auth });
    expect(started.status).toBe(202);
    const location = started.headers.get('location')!;
    let job: { status: string; error: string | null } = { status: 'running', error: null };
    for (let i = 0; i < 200 && job.status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      job = JSON.parse((await contractFetch(url + location, { headers: auth })).text) as typeof job;
    }
    expect(job.error).toBeNull();
    expect(job.status).toBe('passed');
  });
});

describe('an import in one transaction from the built command line', () => {
  it('writes through the compiled bulk append worker', () => {
    const file = tmp.file('history.ndjson');
    writeFileSync(file, toNdjson(syntheticHistory(40, 10, 5)));
    const env = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CONCORD_'))), CONCORD_SQLITE_PATH: tmp.file('import.db') };
    const out = execFileSync(process.execPath, [BUILT_CLI, 'import', file, '--write-mode', 'one-transaction'], { cwd: tmp.dir, env, encoding: 'utf8' });
    expect(out).toContain('imported');
    expect(out).toContain('100 developments, 100 written, 0 already present');
  });
});
