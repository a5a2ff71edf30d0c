/**
 * The bench-only installs (bench/peers/package.json: the Emmett SQLite event store and
 * autocannon), loaded by path so they never enter Concord's dependencies, its lock file
 * or its type-check. `npm run bench:peers` installs them; without them the run says so
 * and goes on without the measurements that need them.
 *
 * Only the shapes the benchmark calls are declared here (the packages' own types live in
 * bench/peers/node_modules, which the type-check does not see).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';

export const PEERS_DIR = path.dirname(fileURLToPath(import.meta.url));
const modules = path.join(PEERS_DIR, 'node_modules');
export const INSTALL_HINT = 'run `npm run bench:peers` to install the bench-only peers (bench/peers/package.json)';

/** An Emmett message as its SQLite store reads it back. */
export interface EmmettMessage {
  readonly type: string;
  readonly data: unknown;
  readonly metadata: Record<string, unknown> & { messageId: string; streamName: string; streamPosition: bigint; globalPosition: bigint };
}

export interface EmmettConnection {
  close(): void;
  querySingle<T>(sql: string, values?: unknown[]): Promise<T | null>;
  /** Nests: an inner withTransaction (the store's own, per append) joins the outer one. */
  withTransaction<T>(work: () => Promise<T>): Promise<T>;
}

export interface EmmettConsumer {
  processor(options: {
    processorId: string;
    startFrom: 'BEGINNING';
    stopAfter: (message: EmmettMessage) => boolean;
    eachMessage: (message: EmmettMessage) => void | Promise<void>;
  }): unknown;
  start(): Promise<void>;
  close(): Promise<void>;
}

export interface EmmettStore {
  appendToStream(stream: string, events: { type: string; data: unknown; metadata?: Record<string, unknown> }[]): Promise<unknown>;
  consumer(options: { pulling: { batchSize: number; pullingFrequencyInMs: number } }): EmmettConsumer;
}

export interface EmmettSqlite {
  readonly version: string;
  sqliteConnection(options: { fileName: string }): EmmettConnection;
  getSQLiteEventStore(options: { fileName: string; connectionOptions: { singleton: true; connection: EmmettConnection } }): EmmettStore;
  readMessagesBatch(
    connection: EmmettConnection,
    options: { after: bigint; batchSize: number },
  ): Promise<{ messages: EmmettMessage[]; currentGlobalPosition: bigint; areEventsLeft: boolean }>;
}

export interface AutocannonRequest {
  method?: string;
  path?: string;
  body?: string;
  headers?: Record<string, string>;
}

export interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
}

export type Autocannon = ((options: {
  url: string;
  connections: number;
  duration: number;
  method?: string;
  headers?: Record<string, string>;
  requests?: { method?: string; setupRequest?: (request: AutocannonRequest) => AutocannonRequest }[];
}) => Promise<AutocannonResult>) & { version: string };

const packageVersion = z.object({ version: z.string() });
function versionOf(name: string): string | undefined {
  const file = path.join(modules, name, 'package.json');
  return existsSync(file) ? packageVersion.parse(JSON.parse(readFileSync(file, 'utf8'))).version : undefined;
}

export type Loaded<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Emmett's ESM build, imported from its file so its own imports (sqlite3, uuid) resolve in bench/peers. */
export async function loadEmmettSqlite(): Promise<Loaded<EmmettSqlite>> {
  const version = versionOf('@event-driven-io/emmett-sqlite');
  if (!version) return { ok: false, reason: `@event-driven-io/emmett-sqlite is not installed: ${INSTALL_HINT}` };
  try {
    const entry = path.join(modules, '@event-driven-io/emmett-sqlite/dist/index.js');
    const loaded = (await import(pathToFileURL(entry).href)) as Omit<EmmettSqlite, 'version'>;
    return { ok: true, value: { ...loaded, version } };
  } catch (error) {
    return { ok: false, reason: `@event-driven-io/emmett-sqlite ${version} did not load: ${(error as Error).message}` };
  }
}

export function loadAutocannon(): Loaded<Autocannon> {
  const version = versionOf('autocannon');
  if (!version) return { ok: false, reason: `autocannon is not installed: ${INSTALL_HINT}` };
  try {
    const run = createRequire(path.join(PEERS_DIR, 'package.json'))('autocannon') as Autocannon;
    return { ok: true, value: Object.assign((options: Parameters<Autocannon>[0]) => run(options), { version }) };
  } catch (error) {
    return { ok: false, reason: `autocannon ${version} did not load: ${(error as Error).message}` };
  }
}

/** sqlite3's own SQLite, the engine Emmett runs on. */
export function emmettSqliteEngine(): string {
  return `sqlite3 ${versionOf('sqlite3') ?? 'unknown'}`;
}
