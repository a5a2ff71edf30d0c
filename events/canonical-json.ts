/**
 * Canonical JSON (RFC 8785, JCS) for JSON values: object keys sorted by UTF-16 code
 * units, no whitespace, ECMAScript number serialisation. Used wherever two payloads must
 * compare or hash equal byte for byte (idempotency, content ids, digests).
 *
 * Written as one string-building pass without intermediate arrays: it runs for every
 * event recorded (content id and hash chain), so it sits on the write path's hot loop.
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return jsonString(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonical JSON has no representation for NaN or Infinity');
      return JSON.stringify(value);
    case 'bigint':
      return `"${value.toString()}"`;
    case 'object':
      if (value === null) return 'null';
      return Array.isArray(value) ? canonicalArray(value) : canonicalObject(value as Record<string, unknown>);
    default:
      throw new TypeError(`canonical JSON cannot encode a ${typeof value}`);
  }
}

/**
 * A value with its canonical JSON, computed once for every step that needs it: an
 * imported development's data is canonicalised for its content id and again for its
 * hash-chain link, and the two must be the same bytes anyway. Users compare `value` by
 * identity, so the JSON is reused only for that very object.
 */
export interface CanonicalValue {
  readonly value: unknown;
  readonly json: string;
}

export function canonicalValue(value: unknown): CanonicalValue {
  return { value, json: canonicalJson(value) };
}

function canonicalArray(values: readonly unknown[]): string {
  let json = '[';
  for (let i = 0; i < values.length; i += 1) {
    if (i > 0) json += ',';
    const item = values[i];
    json += item === undefined ? 'null' : canonicalJson(item);
  }
  return `${json}]`;
}

function canonicalObject(object: Record<string, unknown>): string {
  const keys = sortedInPlace(Object.keys(object));
  let json = '{';
  let first = true;
  for (const key of keys) {
    const member = object[key];
    if (member === undefined) continue;
    json += `${first ? '' : ','}${jsonString(key)}:${canonicalJson(member)}`;
    first = false;
  }
  return `${json}}`;
}

/**
 * The keys sorted by UTF-16 code units, as RFC 8785 orders them (`<` on strings compares
 * code units, as Array.prototype.sort does): an insertion sort in place for the few keys
 * an object has, since `sort` copied each array it sorted (a tenth of everything an
 * import allocated, 2026-12-02); longer arrays still go to `sort`.
 */
function sortedInPlace(keys: string[]): string[] {
  if (keys.length > 16) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    let j = i - 1;
    while (j >= 0 && keys[j]! > key) {
      keys[j + 1] = keys[j]!;
      j--;
    }
    keys[j + 1] = key;
  }
  return keys;
}

/** What JSON.stringify escapes in a string: quote, backslash, control characters, lone surrogates. */
const NEEDS_ESCAPING = /["\\\u0000-\u001f\ud800-\udfff]/;

/** JSON.stringify's output for a string, without calling it for the common plain string. */
function jsonString(text: string): string {
  return NEEDS_ESCAPING.test(text) ? JSON.stringify(text) : `"${text}"`;
}
