import { z } from 'zod';
import { defineEvent } from '../event-definition.js';
import { parseEntityKey, type EntityRef } from '../identifiers.js';
import { sources } from '../sources.js';

/**
 * Corrections and retractions: amendments of an earlier development, appended to the
 * corrected development's own stream (named by `entity`, e.g. "group:iag-tvet", so that
 * they are decided and ordered with that stream like any other development).
 *
 * A correction's `changes` are fields of the *original* development (whatever event it
 * targets: correcting a correction amends the same original development again), so the
 * corrected development is the original with every live correction applied in log
 * order. Retracting a correction takes its changes back; retracting a development
 * removes it from every answer recorded after the retraction.
 */

const entityKeyText = z.string().refine((value) => parseEntityKey(value) !== undefined, {
  message: 'an entity key such as "group:iag-tvet" (category:id)',
});

const eventId = z.uuid({ message: 'an event id (UUID) as returned by POST /developments or shown on the timeline' });

const reason = z.string().trim().min(1, 'say why').max(2000);

export const developmentCorrected = z.strictObject({
  /** The entity whose stream holds the corrected development. */
  entity: entityKeyText,
  correctsEventId: eventId,
  /** New values for some of the corrected development's fields (never its type). */
  changes: z.record(z.string(), z.unknown()).refine((c) => Object.keys(c).length > 0, { message: 'name at least one field to change' }),
  reason,
  sources,
});
export type DevelopmentCorrected = z.infer<typeof developmentCorrected>;

export const developmentRetracted = z.strictObject({
  entity: entityKeyText,
  retractsEventId: eventId,
  reason,
  sources,
});
export type DevelopmentRetracted = z.infer<typeof developmentRetracted>;

function subjectOfKey(key: string): EntityRef {
  const ref = parseEntityKey(key);
  if (!ref) throw new Error(`not an entity key: ${key}`); // the schema has checked it
  return ref;
}

export const correctionEvents = [
  defineEvent({
    type: 'DevelopmentCorrected',
    schemaVersion: 1,
    schema: developmentCorrected,
    subject: (d) => subjectOfKey(d.entity),
    references: () => [],
    happenedOn: () => undefined,
    summary: (d) => `correction of ${d.correctsEventId} (${Object.keys(d.changes).join(', ')}): ${d.reason}`,
  }),
  defineEvent({
    type: 'DevelopmentRetracted',
    schemaVersion: 1,
    schema: developmentRetracted,
    subject: (d) => subjectOfKey(d.entity),
    references: () => [],
    happenedOn: () => undefined,
    summary: (d) => `retraction of ${d.retractsEventId}: ${d.reason}`,
  }),
] as const;

export const AMENDMENT_TYPES: ReadonlySet<string> = new Set(['DevelopmentCorrected', 'DevelopmentRetracted']);
