import { describe, expect, it } from 'vitest';
import { generateApiKey, hashApiKey, KeyRing, parseKeysVariable, roleAllows } from '../../src/auth/api-keys.js';

describe('API keys', () => {
  it('are random, high-entropy and never equal', () => {
    const keys = new Set(Array.from({ length: 100 }, generateApiKey));
    expect(keys.size).toBe(100);
    for (const key of keys) expect(key).toMatch(/^ck_[A-Za-z0-9_-]{43}$/); // 256 bits
  });

  it('are found by their SHA-256 only', () => {
    const key = generateApiKey();
    const ring = new KeyRing([{ name: 'alice', role: 'editor', sha256: hashApiKey(key) }]);
    expect(ring.find(key)).toEqual({ name: 'alice', role: 'editor', authenticated: true });
    expect(ring.find(key + 'x')).toBeUndefined();
  });

  it('refuse two keys with one name (names become recordedBy)', () => {
    expect(() => new KeyRing([{ name: 'a', role: 'reader', sha256: '0'.repeat(64) }, { name: 'a', role: 'admin', sha256: '1'.repeat(64) }])).toThrow(/two API keys are named "a"/);
  });

  it('order roles reader < editor < admin', () => {
    expect(roleAllows('admin', 'editor')).toBe(true);
    expect(roleAllows('editor', 'editor')).toBe(true);
    expect(roleAllows('reader', 'editor')).toBe(false);
    expect(roleAllows('editor', 'admin')).toBe(false);
  });

  it('read CONCORD_API_KEYS as name:role:sha256 entries, naming a bad one', () => {
    expect(parseKeysVariable(`a:reader:${'0'.repeat(64)}, b:admin:${'f'.repeat(64)}`)).toEqual([
      { name: 'a', role: 'reader', sha256: '0'.repeat(64) },
      { name: 'b', role: 'admin', sha256: 'f'.repeat(64) },
    ]);
    expect(() => parseKeysVariable(`a:reader:${'0'.repeat(64)},b:root:${'0'.repeat(64)}`)).toThrow(/entry 2/);
    expect(() => parseKeysVariable('a:reader:ck_raw-key-not-a-hash')).toThrow(/sha256/);
  });
});
