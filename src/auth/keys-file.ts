import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, type ConcordConfig } from '../config.js';
import { generateApiKey, hashApiKey, KeyRing, keysFile, parseKeysVariable, type Caller, type KeyLookup, type Role, type StoredKey } from './api-keys.js';

export function readKeysFile(file: string): StoredKey[] {
  if (!existsSync(file)) return [];
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = keysFile.safeParse(json);
  if (!parsed.success) throw new ConfigError(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data.keys;
}

/** The keys of the configuration: the keys file plus CONCORD_API_KEYS. */
export function loadKeyRing(config: ConcordConfig): KeyRing {
  try {
    return new KeyRing([...readKeysFile(config.CONCORD_KEYS_FILE), ...(config.CONCORD_API_KEYS ? parseKeysVariable(config.CONCORD_API_KEYS) : [])]);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError((error as Error).message);
  }
}

const RECHECK_MS = 1000;

/**
 * The configured keys, re-read when the keys file changes (checked at most once a
 * second), so a key created with `concord keys create` works without a restart. A file
 * that turns invalid keeps the last good keys rather than locking everyone out.
 */
export function liveKeyRing(config: ConcordConfig, onReloadError: (error: Error) => void = () => {}): KeyLookup {
  let ring = loadKeyRing(config);
  let seen = mtimeOf(config.CONCORD_KEYS_FILE);
  let checkedAt = Date.now();
  return {
    find(rawKey: string): Caller | undefined {
      const now = Date.now();
      if (now - checkedAt >= RECHECK_MS) {
        checkedAt = now;
        const mtime = mtimeOf(config.CONCORD_KEYS_FILE);
        if (mtime !== seen) {
          seen = mtime;
          try {
            ring = loadKeyRing(config);
          } catch (error) {
            onReloadError(error as Error);
          }
        }
      }
      return ring.find(rawKey);
    },
  };
}

function mtimeOf(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

export class DuplicateKeyNameError extends Error {
  readonly code = 'duplicate-key-name';
}

/**
 * Creates a key and stores its hash (the file is written whole then renamed, readable by
 * its owner only). Returns the raw key: the only time it exists outside the caller.
 */
export function createKey(file: string, name: string, role: Role, now = new Date()): string {
  const keys = readKeysFile(file);
  if (keys.some((k) => k.name === name)) throw new DuplicateKeyNameError(`a key named "${name}" exists already in ${file}`);
  const key = generateApiKey();
  const next = { keys: [...keys, { name, role, sha256: hashApiKey(key), createdAt: now.toISOString() }] };
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(next, null, 2) + '\n', { mode: 0o600 });
  renameSync(temp, file);
  return key;
}
