import type { ConcordEvent } from '../../events/decode-event.js';

/** A field of an event that names another event of the same stream by id. */
export interface EventPointer {
  readonly field: string;
  readonly eventId: string;
}

/** Reads the event pointers out of one event. */
export type PointerReader = (event: ConcordEvent) => readonly EventPointer[];

/** Where each event type points at an earlier event of its stream: corrections and retractions. */
const POINTER_FIELDS: ReadonlyMap<string, readonly string[]> = new Map([
  ['DevelopmentCorrected', ['correctsEventId']],
  ['DevelopmentRetracted', ['retractsEventId']],
]);

function stringField(data: unknown, field: string): string | undefined {
  const value = typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[field] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** The catalogue's event pointers: every field of POINTER_FIELDS that holds an id. */
export const cataloguePointers: PointerReader = (event) => {
  const fields = POINTER_FIELDS.get(event.development.type);
  if (!fields) return [];
  return fields.flatMap((field) => {
    const eventId = stringField(event.development.data, field);
    return eventId === undefined ? [] : [{ field: `/data/${field}`, eventId }];
  });
};

/** A correction's causationId names the event it corrects; here every causationId is read that way. */
export const causationPointers: PointerReader = (event) =>
  event.metadata.causationId ? [{ field: '/metadata/causationId', eventId: event.metadata.causationId }] : [];
