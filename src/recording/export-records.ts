import { z } from 'zod';
import type { EventStore, RecordedEvent } from '../store/event-store.js';

/**
 * The export format: one JSON line per stored event, in global order, with everything a
 * restore needs to put the same record back (id, stream, revision, type, data, all the
 * recorded metadata). `position` is the source store's and only informative: a restored
 * store assigns its own.
 */
export const exportedRecordSchema = z.strictObject({
  eventId: z.uuid(),
  stream: z.string().min(1).max(500),
  revision: z.number().int().min(0),
  position: z.string().regex(/^\d+$/, 'a decimal position'),
  type: z.string().min(1).max(200),
  data: z.unknown(),
  metadata: z.unknown(),
});
export type ExportedRecord = z.infer<typeof exportedRecordSchema>;

const PAGE = 1000;

export function toExportedRecord(event: RecordedEvent): ExportedRecord {
  return {
    eventId: event.eventId,
    stream: event.stream,
    revision: event.revision,
    position: event.position.toString(),
    type: event.type,
    data: event.data,
    metadata: event.metadata,
  };
}

/** Every stored event in global order, read page by page so a large store is never held whole. */
export async function* exportRecords(store: EventStore): AsyncGenerator<ExportedRecord> {
  let after: bigint | undefined;
  for (;;) {
    const page = await store.readAll({ ...(after !== undefined ? { fromPosition: after } : {}), maxCount: PAGE });
    for (const event of page) yield toExportedRecord(event);
    if (page.length < PAGE) return;
    after = page.at(-1)!.position;
  }
}
