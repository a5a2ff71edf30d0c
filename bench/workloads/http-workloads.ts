/**
 * Concord's real server (the CLI's `serve`, in its own process so the load generator does
 * not share its event loop) on the benchmark's store, loaded by autocannon over loopback.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { hashApiKey } from '../../src/auth/api-keys.js';
import { CONCORD_NODE_FLAGS } from '../../src/cli/node-flags.js';
import { Prng } from '../prng.js';
import type { Autocannon, AutocannonResult } from '../peers/load-peers.js';

export const HTTP_CONNECTIONS = 50;
/** Raised or lowered for the benchmark, and said so in the results. */
export const HTTP_SERVER_SETTINGS = {
  CONCORD_RATE_LIMIT_PER_MINUTE: '0',
  CONCORD_LOG_LEVEL: 'warn',
  CONCORD_SEED: 'never',
  // It starts from the snapshot the cold start left beside the store (as a restarted server does) and writes none,
  // neither before listening nor in a child process while the POST rounds write.
  CONCORD_SNAPSHOT_AFTER_EVENTS: '0',
  CONCORD_SNAPSHOT_REFRESH_EVENTS: '0',
} as const;

export function httpConfiguration(autocannon: Autocannon, seconds: number): string {
  return (
    `autocannon ${autocannon.version}, ${HTTP_CONNECTIONS} connections, ${seconds} s per round, on 127.0.0.1; the server is \`concord serve\` (compiled, node ${CONCORD_NODE_FLAGS.join(' ')} as in \`npm start\`) in its own process on the benchmark's store, ` +
    'with CONCORD_RATE_LIMIT_PER_MINUTE=0 (rate limiting off; the default is 6,000 per minute per caller), CONCORD_LOG_LEVEL=warn (no per-request logs), CONCORD_SEED=never, CONCORD_SNAPSHOT_AFTER_EVENTS=0 and CONCORD_SNAPSHOT_REFRESH_EVENTS=0 (it starts from the read-model snapshot the cold start left beside the store, as a restarted server does, and writes none, neither at start nor while the POST rounds write); ' +
    'GET /timeline?from=<a random day 1995-2024>&limit=50 anonymously (the 50 developments from that day on, so pages are spread over the whole history), after a 2 s unmeasured warm-up; ' +
    'POST /developments with an editor API key (Authorization: Bearer), each body a distinct PersonRegistered, acknowledged once durable (201), after a 2 s unmeasured warm-up; ' +
    'in the same rounds, the same GET load against two floor servers that answer every request with one fixed page of this server\'s (GET /timeline?from=2010-06-15&limit=50), serialised per request and nothing else: a bare express app with res.json, and node:http alone (bench/workloads/http-floor-server.ts); ' +
    `then, in each round, the GET and POST loads at once, ${HTTP_CONNECTIONS} connections each (a live server's reads while it is written to)`
  );
}

export interface RunningServer {
  readonly url: string;
  readonly editorKey: string;
  stop(): Promise<void>;
}

/**
 * Starts `concord serve`, compiled (bench/compiled-build.ts), on the store and waits until
 * it listens: after its read models caught up and it gave the catch-up's spare memory back.
 */
export async function startConcordServer(root: string, compiledRoot: string, storePath: string, workDir: string, heapMiB: number): Promise<RunningServer> {
  const editorKey = `ck_bench_${process.pid}_${Date.now()}`;
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CONCORD_')));
  Object.assign(env, HTTP_SERVER_SETTINGS, {
    CONCORD_SQLITE_PATH: storePath,
    CONCORD_KEYS_FILE: path.join(workDir, 'no-keys-file.json'),
    CONCORD_API_KEYS: `bench:editor:${hashApiKey(editorKey)}`,
  });
  const child = spawn(process.execPath, [`--max-old-space-size=${heapMiB}`, ...CONCORD_NODE_FLAGS, path.join(compiledRoot, 'src/cli/main.js'), 'serve', '--port', '0', '--host', '127.0.0.1'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { url: await listeningUrl(child, 'concord serve'), editorKey, stop: () => stopChild(child) };
}

export type FloorKind = 'express' | 'node';

/** A server that answers every GET with the page in `pageFile` and nothing else (bench/workloads/http-floor-server.ts). */
export async function startFloorServer(root: string, kind: FloorKind, pageFile: string): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'bench/workloads/http-floor-server.ts'), kind, pageFile], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { url: await listeningUrl(child, `the ${kind} floor server`), stop: () => stopChild(child) };
}

/** Waits for the child's "listening on <url>" line; rejects with its stderr if it exits first. */
function listeningUrl(child: ChildProcess, name: string): Promise<string> {
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  return new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code} before listening: ${stderr.trim()}`)));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export interface HttpRound {
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly requests: number;
  /** Answers other than 2xx, plus connection errors and timeouts: any of them voids the round's figures. */
  readonly failures: number;
}

function roundOf(result: AutocannonResult): HttpRound {
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * GET /timeline pages of 50 from random days (after an unmeasured warm-up, so the server's
 * code is compiled). Asking `from` a day spreads the pages over the whole history; `at` a
 * day alone would ask the same first page (the oldest items) for almost every day.
 */
export async function measureTimelineGets(autocannon: Autocannon, url: string, seconds: number, seed: number): Promise<HttpRound> {
  const rnd = new Prng(seed);
  const load = (duration: number) =>
    autocannon({
      url,
      connections: HTTP_CONNECTIONS,
      duration,
      requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: `/timeline?from=${rnd.int(1995, 2024)}-${pad(rnd.int(1, 12))}-${pad(rnd.int(1, 28))}&limit=50` }) }],
    });
  await load(2);
  return roundOf(await load(seconds));
}

/**
 * POST /developments, each body a distinct valid development, written by an editor key,
 * after an unmeasured warm-up: the first commits on a cold store file are slow (its pages
 * are not yet cached) and would otherwise count in the first round's latency.
 */
export async function measureDevelopmentPosts(autocannon: Autocannon, server: RunningServer, seconds: number, round: number): Promise<HttpRound> {
  let n = 0;
  const load = (duration: number) =>
    autocannon({
      url: server.url,
      connections: HTTP_CONNECTIONS,
      duration,
      headers: { authorization: `Bearer ${server.editorKey}`, 'content-type': 'application/json' },
      requests: [
        {
          method: 'POST',
          setupRequest: (request) => {
            n++;
            return { ...request, method: 'POST', path: '/developments', body: JSON.stringify({ type: 'PersonRegistered', personId: `http-${round}-${n}`, name: `HTTP Person ${round}.${n}` }) };
          },
        },
      ],
    });
  await load(2);
  return roundOf(await load(seconds));
}

/**
 * The GET load and the POST load at once, each with its own 50 connections: a live
 * server's reads while developments arrive (each read then follows writes the read
 * models have just taken in).
 */
export async function measureReadsWhileWriting(autocannon: Autocannon, server: RunningServer, seconds: number, round: number): Promise<{ get: HttpRound; post: HttpRound }> {
  // Seeds and person ids of their own, apart from the rounds that run each load alone.
  const [get, post] = await Promise.all([measureTimelineGets(autocannon, server.url, seconds, 300 + round), measureDevelopmentPosts(autocannon, server, seconds, 100 + round)]);
  return { get, post };
}
