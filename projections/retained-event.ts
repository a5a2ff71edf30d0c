import type { ConcordEvent } from '../events/decode-event.js';
import type { EventMetadata } from '../events/metadata.js';

/**
 * What the read models keep of each event's identity and metadata: the event handed to
 * every model, whose stream and metadata each development's versions copy (see
 * state/version.ts; the event object itself is not kept). They hold every event of the log for as long
 * as the process runs, and answer with no more of its metadata than when and by whom it
 * was recorded: the hash, the import provenance and any later keys are the audit's
 * business, read from the store. Dropping them and sharing the repeated strings the
 * driver hands out afresh per row (stream names; who recorded and correlation ids too
 * long for JSON.parse to share) takes a few hundred bytes off every event, about a sixth
 * of what the read models retain. (Short strings in event data need no pool: JSON.parse
 * already shares them.)
 */

/** Interns strings up to a bound, so a log of unique values cannot grow the pool without end. */
export class StringPool {
  private readonly strings = new Map<string, string>();

  constructor(private readonly capacity = 200_000) {}

  intern(text: string): string {
    const known = this.strings.get(text);
    if (known !== undefined) return known;
    if (this.strings.size < this.capacity) this.strings.set(text, text);
    return text;
  }
}

function sameRetainedMetadata(a: EventMetadata, b: EventMetadata): boolean {
  return a.recordedAt === b.recordedAt && a.recordedBy === b.recordedBy && a.correlationId === b.correlationId && a.causationId === b.causationId && a.schemaVersion === b.schemaVersion;
}

/**
 * `previous`: the metadata kept for the event before. Events recorded together (one
 * development's events, an import's run within one millisecond) have equal retained
 * metadata, and then share the previous event's object instead of keeping one each.
 */
export function retainedEvent(event: ConcordEvent, pool: StringPool, previous?: EventMetadata): ConcordEvent {
  const { metadata } = event;
  const retainedMetadata: EventMetadata =
    previous !== undefined && sameRetainedMetadata(metadata, previous)
      ? previous
      : {
          recordedAt: metadata.recordedAt,
          // As a rule only the time differs from the event before (an import's events, a
          // caller's run of developments): its strings then need no probe of the pool.
          recordedBy: previous !== undefined && metadata.recordedBy === previous.recordedBy ? previous.recordedBy : pool.intern(metadata.recordedBy),
          correlationId: previous !== undefined && metadata.correlationId === previous.correlationId ? previous.correlationId : pool.intern(metadata.correlationId),
          causationId: metadata.causationId,
          schemaVersion: metadata.schemaVersion,
        };
  return {
    eventId: event.eventId,
    stream: pool.intern(event.stream),
    revision: event.revision,
    position: event.position,
    development: event.development,
    metadata: retainedMetadata,
  };
}

/**
 * One retained copy per event however many models fold it: the engine hands the same
 * decoded event to each model in turn, so the last one converted is the one asked for.
 */
export class RetainedEvents {
  private readonly pool = new StringPool();
  private last: ConcordEvent | undefined;
  private lastRetained: ConcordEvent | undefined;

  of(event: ConcordEvent): ConcordEvent {
    if (event !== this.last) {
      this.last = event;
      this.lastRetained = retainedEvent(event, this.pool, this.lastRetained?.metadata);
    }
    return this.lastRetained!;
  }
}
