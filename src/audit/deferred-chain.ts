import { eventHashOfJson } from './event-hash.js';

/**
 * An import's hash chain, linked on the thread that writes its rows rather than on the
 * one that decides them. Why: an import is as fast as its deciding thread, which spent
 * about a fifth of its time hashing each event and serialising its metadata while the
 * writing thread sat idle half the time (profiles of 2026-12-02, `bench/HISTORY.md`).
 * The deciding thread sends what the hash and the stored metadata are made of, as
 * strings and numbers (cheap to post); the writing thread links each event to the one
 * before it in its stream and writes the rows `chainNewEvents` would have made, byte for
 * byte (`tests/recording/import-deferred-chain.test.ts` holds the two to it).
 */

/** Who records the session's events: the same for every one of them. */
export interface DeferredProvenance {
  readonly recordedBy: string;
  readonly correlationId: string;
  /** The import file's name, for each event's `importedFrom`; none without it. */
  readonly file?: string;
}

/** A new event as decided: everything its hash and metadata need but the hash before it. */
export interface DeferredEvent {
  readonly eventId: string;
  readonly type: string;
  /** The data as stored: `JSON.stringify` of it. */
  readonly data: string;
  /** The data's canonical JSON, as hashed; '' when it is `data` itself (keys already in order). */
  readonly canonicalData: string;
  readonly recordedAt: string;
  readonly causationId: string | null;
  readonly schemaVersion: number;
  /** Its place in the file (`importedFrom`), when the provenance names a file. */
  readonly item?: number;
  readonly line?: number;
}

/** One development's events, appended at exactly the revision they were decided on. */
export interface DeferredAppend {
  readonly stream: string;
  readonly expectedRevision: number | 'no_stream';
  /**
   * The hash the stream's chain stands at before this append (its genesis hash for a
   * new stream), or null: it follows this session's previous append to the stream.
   */
  readonly prevHash: string | null;
  readonly events: readonly DeferredEvent[];
}

/** An event with its hash in its metadata, both serialised: a row as the store writes it. */
export interface LinkedEvent {
  readonly eventId: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
}

/** The deciding thread asked to continue a chain this session never started: a fault in the caller. */
export class ChainGapError extends Error {
  readonly code = 'chain-gap';
  constructor(
    readonly stream: string,
    readonly expectedRevision: number | 'no_stream',
    readonly known: number | undefined,
  ) {
    super(
      `cannot link events of ${stream} at revision ${String(expectedRevision)}: ${known === undefined ? 'no hash given and none linked in this session' : `this session's chain for it stands at revision ${known}`}`,
    );
  }
}

/** The chains of one session's streams, as far as it has linked them. */
export class DeferredChain {
  private readonly heads = new Map<string, { revision: number; hash: string }>();

  constructor(private readonly provenance: DeferredProvenance) {}

  /** Links an append's events to their stream's chain; throws ChainGapError if they do not follow it. */
  link(append: DeferredAppend): LinkedEvent[] {
    const { stream, expectedRevision } = append;
    const at = expectedRevision === 'no_stream' ? -1 : expectedRevision;
    const known = this.heads.get(stream);
    let hash: string;
    if (append.prevHash !== null) hash = append.prevHash;
    else if (known !== undefined && known.revision === at) hash = known.hash;
    else throw new ChainGapError(stream, expectedRevision, known?.revision);
    const { recordedBy, correlationId, file } = this.provenance;
    let revision = at;
    const linked = append.events.map((event) => {
      revision += 1;
      const { recordedAt, causationId, schemaVersion } = event;
      hash = eventHashOfJson(
        { stream, revision, eventId: event.eventId, type: event.type, schemaVersion, recordedAt, recordedBy, correlationId, causationId, prevHash: hash },
        event.canonicalData === '' ? event.data : event.canonicalData,
      );
      // Keys in the order metadataFor gives them, the hash last, as chainNewEvents adds it.
      const metadata =
        file === undefined
          ? { recordedAt, recordedBy, correlationId, causationId, schemaVersion, hash }
          : { recordedAt, recordedBy, correlationId, causationId, schemaVersion, importedFrom: importedFrom(file, event), hash };
      return { eventId: event.eventId, type: event.type, data: event.data, metadata: JSON.stringify(metadata) };
    });
    this.heads.set(stream, { revision, hash });
    return linked;
  }
}

function importedFrom(file: string, event: DeferredEvent): { file: string; item?: number; line?: number } {
  return event.line === undefined ? { file, item: event.item } : { file, item: event.item, line: event.line };
}
