import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../../events/canonical-json.js';
import type { EventStore } from '../store/event-store.js';
import { storedHashOf } from './event-hash.js';
import { readLog } from './read-log.js';

/** A stream's last revision and hash at the anchor's position. */
export interface StreamHead {
  readonly stream: string;
  readonly revision: number;
  /** The stored hash; "" for an event stored without one. */
  readonly hash: string;
}

/**
 * What `concord anchor` prints: every stream's head at a global position, and a digest
 * over them to keep somewhere the store's holder cannot reach. The heads let
 * `verify --against` name what changed; the digest proves the heads were not edited.
 */
export interface Anchor {
  readonly concordAnchor: 1;
  readonly createdAt: string;
  /** Decimal string; null for an empty store. */
  readonly position: string | null;
  readonly events: number;
  readonly digest: string;
  readonly heads: readonly StreamHead[];
}

export const anchorSchema = z.strictObject({
  concordAnchor: z.literal(1),
  createdAt: z.iso.datetime({ offset: true }),
  position: z.string().regex(/^\d{1,20}$/).nullable(),
  events: z.number().int().nonnegative(),
  digest: z.string().regex(/^[0-9a-f]{64}$/),
  heads: z.array(z.strictObject({ stream: z.string().min(1), revision: z.number().int().nonnegative(), hash: z.string() })),
});

export function anchorDigest(position: string | null, heads: readonly StreamHead[]): string {
  const sorted = [...heads].sort((a, b) => (a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : 0));
  return createHash('sha256').update(canonicalJson({ position, heads: sorted })).digest('hex');
}

/** Tracks every stream's head while events are read in position order. */
export class HeadTracker {
  private readonly heads = new Map<string, StreamHead>();
  events = 0;

  see(event: { stream: string; revision: number; metadata: unknown }): void {
    this.events += 1;
    this.heads.set(event.stream, { stream: event.stream, revision: event.revision, hash: storedHashOf(event.metadata) ?? '' });
  }

  snapshot(): StreamHead[] {
    return [...this.heads.values()].sort((a, b) => (a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : 0));
  }
}

/** The anchor of the store as it stands: every stream's head up to the newest event. */
export async function createAnchor(store: EventStore, now: Date = new Date()): Promise<Anchor> {
  const until = await store.headPosition();
  const tracker = new HeadTracker();
  if (until !== undefined) for await (const event of readLog(store, until)) tracker.see(event);
  const position = until === undefined ? null : until.toString();
  const heads = tracker.snapshot();
  return { concordAnchor: 1, createdAt: now.toISOString(), position, events: tracker.events, digest: anchorDigest(position, heads), heads };
}

/** Anchor text as read from a file: parsed, validated, its digest checked against its heads. */
export function parseAnchor(text: string): { ok: true; anchor: Anchor } | { ok: false; message: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `not JSON: ${(e as Error).message}` };
  }
  const parsed = anchorSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, message: parsed.error.issues.map((i) => `/${i.path.join('/')}: ${i.message}`).join('; ') };
  const anchor = parsed.data as Anchor;
  if (anchorDigest(anchor.position, anchor.heads) !== anchor.digest) {
    return { ok: false, message: 'the heads listed do not give the digest the anchor states: the anchor file was altered' };
  }
  return { ok: true, anchor };
}
