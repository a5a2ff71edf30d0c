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
  return { ...config, CONCORD_SQLITE_PATH: path.resolve(config.CONCORD_SQLITE_PATH) };
}
