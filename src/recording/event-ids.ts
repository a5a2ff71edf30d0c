import { hash } from 'node:crypto';
import type { Development } from '../../events/catalogue.js';
import { canonicalJson, canonicalValue, type CanonicalValue } from '../../events/canonical-json.js';

/**
 * One idempotency scheme for every path: a development's event id is a UUID v5, so the
 * same request, reload or re-run always produces the same id and the store can tell a
 * retry from a new development. The namespaces are fixed forever: changing them would
 * make every earlier import look new.
 */
const IDEMPOTENCY_KEY_NAMESPACE = uuidBytes('6b0d3a8e-52c4-4f4e-9a53-2f0d6c1a9e41');
const CONTENT_NAMESPACE = uuidBytes('1f7e2c55-8d0b-4b8e-b6a4-7c3f9d2e5a10');

/** HTTP: scoped to the caller, so two callers' keys never collide. */
export function idempotencyKeyEventId(caller: string, idempotencyKey: string): string {
  return uuidV5(`${caller}\u0000${idempotencyKey}`, IDEMPOTENCY_KEY_NAMESPACE);
}

/** Seed and import files: the canonical content of the development itself. */
export function contentEventId(development: Development): string {
  return contentIdentity(development).eventId;
}

/**
 * The content event id with the canonical JSON of the data it derives from, for the
 * hash chain to reuse (src/audit/hash-chain.ts) instead of canonicalising it again.
 */
export function contentIdentity(development: Development): { eventId: string; data: CanonicalValue | undefined } {
  const data = development.data === undefined ? undefined : canonicalValue(development.data);
  return { eventId: uuidV5(contentJson(development.type, data?.json), CONTENT_NAMESPACE), data };
}

/** What two developments must share to be "the same development". */
export function contentOf(development: Development): string {
  return contentJson(development.type, development.data === undefined ? undefined : canonicalJson(development.data));
}

/** canonicalJson({ type, data }), from the data's canonical JSON: "data" sorts before "type", and is left out when missing. */
function contentJson(type: string, dataJson: string | undefined): string {
  return dataJson === undefined ? `{"type":${canonicalJson(type)}}` : `{"data":${dataJson},"type":${canonicalJson(type)}}`;
}

/**
 * RFC 4122 version 5 (SHA-1, name-based), as the `uuid` package computes it, on Node's
 * hash directly: every imported development needs one, and `uuid` encodes the name to
 * bytes in JavaScript first. The name is written after the namespace into one buffer
 * kept for the purpose (a Buffer.from and a concat per id cost about 0.5 µs more), and
 * the digest comes as hex with the version and variant set in the text (a digest as a
 * Buffer cost about 0.9 µs more per id on Node 20).
 */
function uuidV5(name: string, namespace: Buffer): string {
  // At most 3 bytes of UTF-8 per UTF-16 code unit: room for any name.
  if (16 + name.length * 3 > nameBuffer.length) nameBuffer = Buffer.allocUnsafe(16 + name.length * 3);
  namespace.copy(nameBuffer, 0);
  const length = 16 + nameBuffer.write(name, 16, 'utf8');
  const hex = hash('sha1', nameBuffer.subarray(0, length), 'hex');
  // Version 5 in the 13th digit; the variant (binary 10) in the top bits of the 17th.
  const variant = HEX_DIGITS[(parseInt(hex[16]!, 16) & 0x3) | 0x8];
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The namespace and the name of the id being made (see uuidV5); grown when a name needs it. */
let nameBuffer = Buffer.allocUnsafe(4096);

const HEX_DIGITS = '0123456789abcdef';

function uuidBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replaceAll('-', ''), 'hex');
}
