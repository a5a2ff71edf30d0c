import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';

/**
 * API keys: random, 256 bits, shown once; Concord keeps only their SHA-256. A key's name
 * becomes `recordedBy` of what it writes and scopes its Idempotency-Keys.
 */
export const ROLES = ['reader', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** reader: every GET; editor: also POST /developments; admin: also audit and verification. */
export function roleAllows(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

export const keyName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'a key name is 1 to 64 lowercase letters, digits, dots, underscores or hyphens, starting with a letter or digit');

export const storedKey = z.strictObject({
  name: keyName,
  role: z.enum(ROLES),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'the SHA-256 of the key, 64 lowercase hex digits'),
  createdAt: z.iso.datetime({ offset: true }).optional(),
});
export type StoredKey = z.infer<typeof storedKey>;

export const keysFile = z.strictObject({ keys: z.array(storedKey) });

const KEY_PREFIX = 'ck_';

export function generateApiKey(): string {
  return KEY_PREFIX + randomBytes(32).toString('base64url');
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export interface Caller {
  readonly name: string;
  readonly role: Role;
  readonly authenticated: boolean;
}

export const ANONYMOUS: Caller = { name: 'anonymous', role: 'reader', authenticated: false };

/** Finds the caller a raw key belongs to. */
export interface KeyLookup {
  find(rawKey: string): Caller | undefined;
}

/** The keys a server accepts, looked up by hash so a raw key is never kept or compared. */
export class KeyRing implements KeyLookup {
  private readonly byHash: Map<string, StoredKey>;

  constructor(keys: readonly StoredKey[]) {
    const names = new Set<string>();
    for (const key of keys) {
      if (names.has(key.name)) throw new Error(`two API keys are named "${key.name}"; names must be unique because they become recordedBy`);
      names.add(key.name);
    }
    this.byHash = new Map(keys.map((k) => [k.sha256, k]));
  }

  get size(): number {
    return this.byHash.size;
  }

  find(rawKey: string): Caller | undefined {
    const key = this.byHash.get(hashApiKey(rawKey));
    return key && { name: key.name, role: key.role, authenticated: true };
  }
}

/** `CONCORD_API_KEYS`: comma-separated `name:role:sha256` entries (hashes, never raw keys). */
export function parseKeysVariable(value: string): StoredKey[] {
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry, i) => {
      const [name, role, sha256, ...rest] = entry.split(':');
      const parsed = storedKey.safeParse({ name, role, sha256 });
      if (rest.length > 0 || !parsed.success) {
        throw new Error(`CONCORD_API_KEYS entry ${i + 1} is not name:role:sha256 (${parsed.success ? 'too many parts' : parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')})`);
      }
      return parsed.data;
    });
}
