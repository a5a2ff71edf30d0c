import type { RecordedEvent } from '../src/store/event-store.js';
import { definitionOf, parseData, type Development } from './catalogue.js';
import type { EventMetadata } from './metadata.js';
import { validateMetadata } from './metadata-validation.js';
import { issuesOf, type FieldIssue } from './validation.js';

/** A stored event read back and validated: the unit every projection folds. */
export interface ConcordEvent {
  readonly eventId: string;
  readonly stream: string;
  readonly revision: number;
  readonly position: bigint;
  readonly development: Development;
  readonly metadata: EventMetadata;
}

/** A stored event that does not parse against its schema: never silently skipped. */
export class CorruptEventError extends Error {
  readonly code = 'corrupt-event';
  constructor(
    readonly stream: string,
    readonly revision: number,
    readonly position: bigint,
    readonly issues: FieldIssue[],
  ) {
    super(`stored event ${stream}@${revision} (position ${position}) is not valid: ${issues.map((i) => `${i.pointer || '/'} ${i.message}`).join('; ')}`);
  }
}

function corrupt(recorded: RecordedEvent, issues: FieldIssue[]): CorruptEventError {
  return new CorruptEventError(recorded.stream, recorded.revision, recorded.position, issues);
}

/**
 * Validates a stored event: its metadata, then its data against the schema of the version
 * it was written as (upcast to the current one). Runs once per event on every catch-up,
 * so the common path allocates nothing beyond zod's own output.
 */
export function decodeEvent(recorded: RecordedEvent): ConcordEvent {
  const meta = validateMetadata(recorded.metadata);
  if (!meta.success) throw corrupt(recorded, meta.error.issues.map((i) => ({ pointer: `/metadata/${i.path.join('/')}`, message: i.message })));
  const metadata = meta.data as EventMetadata;
  const def = definitionOf(recorded.type);
  if (def === undefined) throw corrupt(recorded, [{ pointer: '/type', message: `unknown event type "${recorded.type}"` }]);
  // Newer versions than this build knows cannot be read safely; older ones are upcast.
  if (metadata.schemaVersion > def.schemaVersion) {
    throw corrupt(recorded, [{ pointer: '/metadata/schemaVersion', message: `version ${metadata.schemaVersion} of ${recorded.type} is newer than this build knows (${def.schemaVersion})` }]);
  }
  let data = recorded.data;
  for (let version = metadata.schemaVersion; version < def.schemaVersion; version += 1) {
    const upcaster = def.upcasters?.[version];
    if (!upcaster) throw corrupt(recorded, [{ pointer: '/metadata/schemaVersion', message: `${recorded.type} has no upcaster from version ${version} to ${version + 1}` }]);
    // Stored data must be valid as what it was written as, not only once upcast.
    const asWritten = upcaster.schema.safeParse(data);
    if (!asWritten.success) throw corrupt(recorded, issuesOf(asWritten.error, ['data']).map((i) => ({ ...i, message: `${i.message} (as version ${version})` })));
    data = upcaster.upcast(asWritten.data);
  }
  // The catalogue's own type string: one copy for the whole log instead of one per event read.
  const parsed = parseData(def.type, data, ['data']);
  if (!parsed.ok) throw corrupt(recorded, parsed.issues);
  return {
    eventId: recorded.eventId,
    stream: recorded.stream,
    revision: recorded.revision,
    position: recorded.position,
    development: parsed.value,
    metadata,
  };
}
