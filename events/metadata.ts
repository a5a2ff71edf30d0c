import { z } from 'zod';

/** A stored event's hash (src/audit/event-hash.ts): SHA-256, 64 lowercase hex digits. */
export const EVENT_HASH_PATTERN = /^[0-9a-f]{64}$/;

/**
 * Metadata every stored event carries. Loose (unknown keys kept) because later
 * capabilities add keys (hash chains, import provenance) and old readers must not
 * reject newer events.
 */
export const eventMetadata = z.looseObject({
  /** The writing server's clock, ISO 8601 UTC. */
  recordedAt: z.iso.datetime({ offset: true }),
  /** Who recorded it: an API key's name, `cli:<os user>`, `seed`. */
  recordedBy: z.string().min(1).max(200),
  correlationId: z.string().min(1).max(200),
  causationId: z.string().min(1).max(200).nullable(),
  schemaVersion: z.number().int().positive(),
  /**
   * SHA-256 chaining this event to the previous one of its stream (src/audit/event-hash.ts).
   * Optional for reading: `concord verify` reports an event without one.
   */
  hash: z.string().regex(EVENT_HASH_PATTERN).optional(),
  /** Where an imported development came from: the file, its item (1-based) and, for NDJSON, its line. */
  importedFrom: z.strictObject({ file: z.string(), item: z.number().int().positive(), line: z.number().int().positive().optional() }).optional(),
});
export type EventMetadata = z.infer<typeof eventMetadata>;
