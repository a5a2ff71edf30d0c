import path from 'node:path';
import { z } from 'zod';
import { issuesOf } from '../events/validation.js';

/**
 * One configuration for every command (serve, import, and later ones), read from the
 * environment. Unknown CONCORD_* variables are rejected so a typo never silently falls
 * back to a default.
 */
export const configSchema = z.strictObject({
  CONCORD_STORE: z.enum(['sqlite', 'esdb']).default('sqlite'),
  CONCORD_SQLITE_PATH: z.string().min(1).default('./.concord/concord.db'),
  /**
   * Where the SQLite store syncs its write-ahead log: `off-thread` (commits without a
   * sync, the log fsynced on the thread pool, appends acknowledged once synced; more
   * appends a second from concurrent writers, and reads served meanwhile) or `in-commit`
   * (each COMMIT syncs, blocking the process; a write answered one event-loop turn
   * sooner, which favours writes on a server busy with reads). Durable either way.
   */
  CONCORD_SQLITE_SYNC: z.enum(['off-thread', 'in-commit']).default('off-thread'),
  CONCORD_ESDB_URL: z
    .string()
    .regex(/^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover|kurrent|kurrent\+discover):\/\//, 'an EventStoreDB connection string, e.g. esdb://localhost:2113?tls=false')
    .optional(),
  /** Deadline of every EventStoreDB call but subscriptions, in milliseconds: a dead node fails fast. */
  CONCORD_ESDB_DEADLINE_MS: z.coerce.number().int().min(100).max(60_000).default(2000),
  /** `auto` loads the bundled seed into an empty store at `serve`; `never` skips it. */
  CONCORD_SEED: z.enum(['auto', 'never']).default('auto'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Address `serve` listens on; 0.0.0.0 inside a container. */
  CONCORD_HOST: z.string().min(1).default('127.0.0.1'),
  /** How long a read with minPosition waits for the read models, in milliseconds. */
  CONCORD_MIN_POSITION_WAIT_MS: z.coerce.number().int().min(0).max(60_000).default(5000),
  /** API keys (hashes) created by `concord keys create`. */
  CONCORD_KEYS_FILE: z.string().min(1).default('./.concord/keys.json'),
  /** More API keys as comma-separated `name:role:sha256` entries. */
  CONCORD_API_KEYS: z.string().min(1).optional(),
  /** `true` closes reads to callers without a key; writes always need one. */
  CONCORD_READS_REQUIRE_KEY: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  CONCORD_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Origins allowed to call the API from a browser, comma-separated; CORS is off without it. */
  CONCORD_CORS_ORIGINS: z.string().min(1).optional(),
  /** Requests per minute per caller; 0 turns rate limiting off (the benchmark says when it does). */
  CONCORD_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(6000),
  /** A request still unanswered after this many milliseconds gets a 503. */
  CONCORD_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  /** /readyz fails when the read models have been behind the store for longer than this. */
  CONCORD_READY_MAX_LAG_SECONDS: z.coerce.number().min(0).default(5),
  /** Seconds between heartbeats on GET /timeline/live. */
  CONCORD_LIVE_HEARTBEAT_SECONDS: z.coerce.number().min(0.05).max(300).default(15),
  /** Unread bytes a live client may leave before it is cut off (it reconnects with Last-Event-ID). */
  CONCORD_LIVE_MAX_BUFFERED_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  /**
   * `true` has `serve` give the catch-up's spare memory back to the system before it
   * listens (src/runtime/release-catch-up-memory.ts): 6-14 s more to ready at
   * 1,000,000 events, for about 250 MiB less resident memory. `compact` also moves every
   * object of the old generation together: about 100 MiB less again at 1,000,000 (260 on
   * Node 24), for a start-up peak about 550 MiB higher. `false`: no release.
   */
  CONCORD_RELEASE_MEMORY_AFTER_CATCH_UP: z
    .enum(['true', 'false', 'compact'])
    .default('true')
    .transform((v) => (v === 'false' ? false : v === 'compact' ? ('compact' as const) : ('release' as const))),
  /**
   * The read-model snapshot `serve` starts from and `concord snapshot` writes
   * (projections/snapshot/): `auto` is CONCORD_SQLITE_PATH with `.read-models` added for
   * the SQLite store, none for EventStoreDB; `off` never reads or writes one; anything
   * else is the file's path.
   */
  CONCORD_SNAPSHOT_FILE: z.string().min(1).default('auto'),
  /**
   * `serve` writes a snapshot before it listens when its start-up folded at least this
   * many events (so that the next start loads it instead of folding the log again): at
   * 1,000,000 events 20-25 s, peaking at about 1.25 GB resident against the catch-up's
   * 0.9 GB; 0 never does.
   */
  CONCORD_SNAPSHOT_AFTER_EVENTS: z.coerce.number().int().min(0).default(100_000),
  /**
   * While `serve` runs, a child process (`concord snapshot`) writes a new snapshot each
   * time this many more events were folded, so a restart starts near the log's head
   * (src/runtime/snapshot-refresher.ts); 0 never does.
   */
  CONCORD_SNAPSHOT_REFRESH_EVENTS: z.coerce.number().int().min(0).default(100_000),
  /** The least time between two such refreshes, in seconds (events keep counting meanwhile). */
  CONCORD_SNAPSHOT_REFRESH_MIN_SECONDS: z.coerce.number().min(0).default(600),
  /** How long a shutdown waits for in-flight requests before closing connections. */
  CONCORD_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
});
export type ConcordConfig = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  readonly code = 'invalid-configuration';
}

export const CONFIG_VARIABLES = Object.keys(configSchema.shape);

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ConcordConfig {
  const picked: Record<string, string> = {};
  const unknown: string[] = [];
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined || value === '') continue;
    if (CONFIG_VARIABLES.includes(key)) picked[key] = value;
    else if (key.startsWith('CONCORD_') && !key.startsWith('CONCORD_TEST_')) unknown.push(key);
  }
  if (unknown.length > 0) throw new ConfigError(`unknown configuration variable(s): ${unknown.join(', ')}; known: ${CONFIG_VARIABLES.join(', ')}`);
  const parsed = configSchema.safeParse(picked);
  if (!parsed.success) {
    throw new ConfigError(`invalid configuration: ${issuesOf(parsed.error).map((i) => `${i.pointer.slice(1)}: ${i.message}`).join('; ')}`);
  }
  const config = parsed.data;
  if (config.CONCORD_STORE === 'esdb' && !config.CONCORD_ESDB_URL) throw new ConfigError('CONCORD_STORE=esdb needs CONCORD_ESDB_URL, e.g. esdb://localhost:2113?tls=false');
  return { ...config, CONCORD_SQLITE_PATH: path.resolve(config.CONCORD_SQLITE_PATH), CONCORD_KEYS_FILE: path.resolve(config.CONCORD_KEYS_FILE) };
}

/** The read-model snapshot's file (see CONCORD_SNAPSHOT_FILE); undefined when there is none. */
export function snapshotFileOf(config: ConcordConfig): string | undefined {
  const file = config.CONCORD_SNAPSHOT_FILE;
  if (file === 'off') return undefined;
  if (file !== 'auto') return path.resolve(file);
  return config.CONCORD_STORE === 'sqlite' ? `${config.CONCORD_SQLITE_PATH}.read-models` : undefined;
}
