/**
 * Where each stream stands across the writes of one write lock held from the first write
 * to the commit (a bulk append's session, sqlite-bulk-append-worker.ts). Nothing else can
 * write meanwhile, so a stream's last revision, once looked up, changes only by the
 * session's own writes; and a stream that held no events when the session began holds
 * only ids the session wrote. SqliteAppendWriter then looks up in the file only what the
 * session cannot know: a stream's revision the first time it is met, the stored ids of
 * streams that held events before, and an id the session may have written already (the
 * deciding thread never sends one, so that is rare). At 300,000 imported developments
 * these lookups were 17% of the writing thread's time (2026-12-02).
 */

/** A stream's state at the start of a write, as far as the session knows it. */
export interface SessionStream {
  readonly last: number | undefined;
  /** It held events before the session: the ids it holds must be looked up in the file. */
  readonly storedBefore: boolean;
}

/**
 * Fingerprints of the written ids: a 30-bit hash, a small integer V8 keeps in the set
 * without a box. A false match (about one in a thousand at a million ids) costs one
 * exact lookup in the file, never a wrong answer; no match proves the id unwritten.
 */
function fingerprint(id: string): number {
  // FNV-1a over the UTF-16 code units.
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  return hash & 0x3fffffff;
}

/** Kept and changed in place: a write of 2,000 developments updates about as many. */
interface MutableSessionStream {
  last: number | undefined;
  readonly storedBefore: boolean;
}

export class SessionStreams {
  private readonly streams = new Map<string, MutableSessionStream>();
  private readonly writtenIds = new Set<number>();

  constructor(
    /** The log held no events when the session took its lock: every stream starts empty. */
    readonly emptyAtStart: boolean,
  ) {}

  /** The stream's state, if met before in this session (or, from an empty log, always). */
  get(stream: string): SessionStream | undefined {
    return this.streams.get(stream) ?? (this.emptyAtStart ? NEW_STREAM : undefined);
  }

  /** A stream's state as looked up in the file the first time it is met. */
  met(stream: string, last: number | undefined): SessionStream {
    const state = { last, storedBefore: last !== undefined };
    this.streams.set(stream, state);
    return state;
  }

  /** Whether the id must be looked up in the stream: it may be stored there. */
  mayHold(state: SessionStream, eventId: string): boolean {
    return state.storedBefore || this.writtenIds.has(fingerprint(eventId));
  }

  /** Rows inserted by a write, in order: each stream's last revision and ids after it. */
  wrote(rows: readonly { readonly stream: string; readonly revision: number; readonly event: { readonly eventId: string } }[]): void {
    for (const row of rows) {
      let state = this.streams.get(row.stream);
      // Only a stream of an empty log can be written without having been met.
      if (state === undefined) this.streams.set(row.stream, (state = { last: row.revision, storedBefore: false }));
      else state.last = row.revision;
      if (!state.storedBefore) this.writtenIds.add(fingerprint(row.event.eventId));
    }
  }
}

const NEW_STREAM: SessionStream = { last: undefined, storedBefore: false };
