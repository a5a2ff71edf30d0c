import { z } from 'zod';
import { eventMetadata } from '../../../events/metadata.js';
import type { AuditRecord, HistoryEntry } from '../../audit/audit-records.js';
import type { AuditFailure } from '../../audit/audit-failure.js';
import { AUDIT_CHECKS } from '../../audit/audit-failure.js';
import type { VerificationJob } from '../../audit/verification-jobs.js';
import type { VerificationReport } from '../../audit/verify-log.js';
import type { AsOf } from '../read-side.js';
import { describes } from './type-check.js';
import { changeView, entityView, orNull, stateView, timelineItem } from './view-schemas.js';

/** The answer bodies of every route other than the read models' views (view-schemas.ts). */

const position = z.string().regex(/^\d+$/).describe('A log position, as a decimal string');
const nullablePosition = position.nullable();
const cursor = z.string().nullable().describe('Opaque: pass it back as `cursor` for the next page; null on the last page. Later pages stay pinned to the recorded position of the first.');

export const asOfSchema = z
  .strictObject({
    at: z.string().nullable().describe('The valid date asked (default today; null for a timeline not bounded by a date)'),
    knownAt: z.iso.datetime({ offset: true }).nullable().describe('The recorded time the answer reflects; null before the first event'),
    position: nullablePosition.describe('The log position the answer reflects: pass it as knownAtPosition to get the same answer forever'),
    caughtUp: z.boolean().describe('Whether the read models had applied every event in the store'),
    latest: z.boolean().describe('True when the answer reflects every event applied; false for an earlier recorded time'),
    secondsSinceLastEvent: z.number().int().min(0).nullable().optional().describe('Only while not caught up: whole seconds since the last event was applied, null if none was'),
  })
  .meta({ id: 'AsOf', description: 'What an answer reflects: the valid date asked and the recorded time (log position) it was computed at.' });
describes<typeof asOfSchema, AsOf>(true);

const fieldError = z.looseObject({
  parameter: z.string().optional(),
  header: z.string().optional(),
  pointer: z.string().optional().describe('JSON pointer into the request body'),
  message: z.string(),
});

export const problemSchema = z
  .looseObject({
    type: z.string().startsWith('urn:concord:problem:').describe('urn:concord:problem:<code>'),
    title: z.string(),
    status: z.number().int().min(400).max(599),
    detail: z.string(),
    instance: z.string().describe('The request path'),
    code: z.string().describe('A stable machine-readable code, e.g. invalid-query, concurrency-conflict'),
    errors: z.array(fieldError).optional().describe('Each offending parameter, header or body field'),
  })
  .meta({ id: 'Problem', description: 'An RFC 9457 problem; further members give context (e.g. stream, currentRevision, asOf).' });

export const timelinePage = z
  .strictObject({ items: z.array(timelineItem), nextCursor: cursor, asOf: asOfSchema })
  .meta({ id: 'TimelinePage', description: 'Timeline items ordered by valid date (undated first, then open starts, then dated), then position.' });

export const entityAnswer = z.strictObject({ entity: entityView, asOf: asOfSchema }).meta({ id: 'EntityAnswer' });

export const statePage = z.strictObject({ state: stateView, nextCursor: cursor, asOf: asOfSchema }).meta({ id: 'StatePage' });

export const changesPage = z
  .strictObject({ from: z.string(), to: z.string(), changes: z.array(changeView), nextCursor: cursor, asOf: asOfSchema })
  .meta({ id: 'ChangesPage', description: 'What changed between two valid dates, as known at the asked recorded time.' });

export const developmentRecorded = z
  .strictObject({
    eventId: z.uuid(),
    stream: z.string(),
    entity: z.string().nullable().describe('The entity key of the stream written'),
    revision: z.number().int().min(0).describe('The stream revision now; also sent as ETag'),
    position: position.describe('Pass it as minPosition to read your own write'),
  })
  .meta({ id: 'DevelopmentRecorded' });
export type DevelopmentRecorded = z.output<typeof developmentRecorded>;

export const health = z.strictObject({ status: z.literal('ok') }).meta({ id: 'Health' });
export type Health = z.output<typeof health>;

export const readiness = z
  .union([
    z.strictObject({
      status: z.enum(['ready', 'not-ready']),
      reason: z.enum(['read-models-behind', 'read-models-catching-up']).optional(),
      storeHead: nullablePosition,
      position: nullablePosition,
      caughtUp: z.boolean(),
      secondsBehind: z.number().min(0),
    }),
    z.strictObject({ status: z.literal('not-ready'), reason: z.literal('store-unreachable'), detail: z.string() }),
  ])
  .meta({ id: 'Readiness' });
/** The routes build their answers as these types (`satisfies`), so answer and schema cannot part. */
export type Readiness = z.output<typeof readiness>;

export const auditRecordSchema = z
  .strictObject({
    position,
    stream: z.string(),
    revision: z.number().int().min(0),
    eventId: z.string(),
    type: z.string(),
    entity: z.string(),
    summary: z.string(),
    data: z.unknown().describe('As stored, before any upcasting'),
    metadata: eventMetadata.describe('As stored: recordedAt, recordedBy, correlationId, causationId, schemaVersion, hash, ...'),
  })
  .meta({ id: 'AuditRecord', description: 'An event as an auditor reads it, exactly as stored.' });
// Metadata is typed `unknown` in the code (stored bytes are shown as they are); the schema says what is stored.
describes<ReturnType<typeof auditRecordSchema.extend<{ metadata: z.ZodUnknown }>>, AuditRecord>(true);

const historyEntry = auditRecordSchema
  .extend({ relation: z.enum(['subject', 'reference']), corrections: z.array(auditRecordSchema).describe('Later events that correct or retract this one') })
  .meta({ id: 'HistoryEntry' });
describes<ReturnType<typeof historyEntry.extend<{ metadata: z.ZodUnknown; corrections: z.ZodArray<ReturnType<typeof auditRecordSchema.extend<{ metadata: z.ZodUnknown }>>> }>>, HistoryEntry>(true);

export const auditEventsPage = z
  .strictObject({
    events: z.array(auditRecordSchema),
    nextFromPosition: nullablePosition.describe('Pass it as fromPosition for the next page; the same again when nothing newer exists yet'),
    head: nullablePosition,
  })
  .meta({ id: 'AuditEventsPage' });

export const entityHistoryPage = z
  .strictObject({ entity: z.string(), events: z.array(historyEntry), nextCursor: cursor, head: nullablePosition.describe('The log position the pages are pinned to') })
  .meta({ id: 'EntityHistoryPage' });

const auditFailure = z.strictObject({
  check: z.enum(AUDIT_CHECKS as [AuditFailure['check'], ...AuditFailure['check'][]]),
  stream: z.string().optional(),
  revision: z.number().int().optional(),
  position: position.optional(),
  eventId: z.string().optional(),
  message: z.string(),
});
describes<typeof auditFailure, AuditFailure>(true);

const verificationReport = z
  .strictObject({
    ok: z.boolean(),
    position: nullablePosition,
    events: z.number().int(),
    streams: z.number().int(),
    checks: z.array(z.strictObject({ check: auditFailure.shape.check, ok: z.boolean(), failures: z.number().int(), skipped: z.string().optional() })),
    failures: z.array(auditFailure),
    digests: z.strictObject({ rebuilt: z.tuple([z.string(), z.string()]), live: z.string().nullable() }),
    anchor: z.strictObject({ position: nullablePosition, digest: z.string() }).nullable(),
    durationMs: z.number(),
  })
  .meta({ id: 'VerificationReport' });
describes<typeof verificationReport, VerificationReport>(true);

const verificationJobFields = z.strictObject({
  id: z.uuid(),
  status: z.enum(['running', 'passed', 'failed', 'error']),
  startedAt: z.iso.datetime({ offset: true }),
  finishedAt: z.iso.datetime({ offset: true }).nullable(),
  position: nullablePosition.describe('The position verified up to; null until the live digest is taken'),
  progress: z.strictObject({ pass: z.union([z.literal(1), z.literal(2)]), events: z.number().int() }).nullable(),
  report: orNull(verificationReport),
  error: z.string().nullable(),
});
describes<typeof verificationJobFields, VerificationJob>(true);

export const verificationJob = verificationJobFields.extend({ links: z.strictObject({ self: z.string() }) }).meta({ id: 'VerificationJob' });
