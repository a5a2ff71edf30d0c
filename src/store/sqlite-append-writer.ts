import type Database from 'better-sqlite3';
import {
  DuplicateEventIdError,
  WrongExpectedRevisionError,
  type AppendResult,
  type ExpectedRevision,
} from './event-store.js';
import type { SqliteEventQueries } from './sqlite-event-queries.js';
import type { EncodedEvent } from './sqlite-event-rows.js';
import type { SessionStreams } from './sqlite-session-streams.js';

/** An append checked and serialised, waiting in the commit queue. */
export interface EncodedAppend {
  readonly stream: string;
  readonly events: readonly EncodedEvent[];
  readonly expectedRevision: ExpectedRevision;
}

/** One append of a write was refused; nothing of that write was inserted. */
export class AppendFailure {
  constructor(
    readonly index: number,
    readonly stream: string,
    readonly error: Error,
  ) {}
}

/** An event id of a stream, stored or about to be: `row` until its insert gives it a position. */
interface KnownEvent {
  readonly revision: number;
  readonly position?: bigint;
  readonly row?: PlannedRow;
}

interface PlannedRow {
  readonly stream: string;
  readonly revision: number;
  readonly event: EncodedEvent;
  position: bigint;
}

/** Where a stream stands while a write is planned: the file's state plus the write's earlier appends. */
interface StreamState {
  last: number | undefined;
  /** Stored ids among the write's ids for this stream, then the ids the write adds. */
  readonly known: Map<string, KnownEvent>;
}

/** `inserted`: events the append writes (0 for an idempotent retry). */
type PlannedResult = { readonly revision: number; readonly at: KnownEvent; readonly inserted: number };

/**
 * Writes one unit of the commit queue (a single append, or an appendMany) inside the
 * open transaction. Every check runs before the first insert, against the file as the
 * transaction sees it (earlier writes of the same group included) and the unit's own
 * earlier appends: a refused append leaves nothing of its unit behind without a
 * savepoint, and an insert can then fail only for reasons (I/O, a full disk) that fail
 * the whole group. Each stream's last revision and stored ids are looked up once per
 * unit, not once per append.
 */
export class SqliteAppendWriter {
  private readonly lastRevisions: Database.Statement<[string], { stream: string; revision: bigint | null }>;
  private readonly storedIds: Database.Statement<[string], { stream: string; event_id: string; revision: bigint; position: bigint }>;

  constructor(
    db: Database.Database,
    private readonly queries: SqliteEventQueries,
    /** Given when the writer holds the write lock across all its writes: what it learns is kept. */
    private readonly session?: SessionStreams,
  ) {
    // One index seek per stream to its last entry (UNIQUE(stream, revision)).
    this.lastRevisions = db
      .prepare<[string], { stream: string; revision: bigint | null }>(
        'SELECT value AS stream, (SELECT revision FROM events WHERE stream = value ORDER BY revision DESC LIMIT 1) AS revision FROM json_each(?)',
      )
      .safeIntegers(true);
    // One (stream, event_id) index seek per id (see sqlite-schema.ts).
    this.storedIds = db
      .prepare<[string], { stream: string; event_id: string; revision: bigint; position: bigint }>(
        `SELECT e.stream, e.event_id, e.revision, e.position
           FROM json_each(?) AS wanted JOIN events AS e ON e.stream = wanted.value ->> 0 AND e.event_id = wanted.value ->> 1`,
      )
      .safeIntegers(true);
  }

  /**
   * Throws AppendFailure, having inserted nothing, when an append is refused. `inserted`
   * says, per append, how many events it wrote (0 for an idempotent retry);
   * `firstPosition` is the first written event's position.
   */
  write(appends: readonly EncodedAppend[]): { results: AppendResult[]; inserted: number[]; written: number; firstPosition: bigint | undefined } {
    const streams = this.streamStates(appends);
    const rows: PlannedRow[] = [];
    const planned = appends.map((append, index) => {
      try {
        return planAppend(append, streams.get(append.stream)!, rows);
      } catch (error) {
        throw new AppendFailure(index, append.stream, error as Error);
      }
    });
    for (const row of rows) row.position = this.queries.insert(row.stream, row.revision, row.event);
    this.session?.wrote(rows);
    const results = planned.map(({ revision, at }) => ({ nextExpectedRevision: revision, position: at.row?.position ?? at.position! }));
    return { results, inserted: planned.map((result) => result.inserted), written: rows.length, firstPosition: rows[0]?.position };
  }

  private streamStates(appends: readonly EncodedAppend[]): Map<string, StreamState> {
    if (this.session) return this.sessionStates(appends, this.session);
    const states = new Map<string, StreamState>();
    if (appends.length === 1 && appends[0]!.events.length === 1) {
      // The commonest write, one event: one statement, no JSON arguments.
      const { stream, events } = appends[0]!;
      const { last, stored } = this.queries.lastRevisionAndStored(stream, events[0]!.eventId);
      states.set(stream, { last, known: new Map(stored === undefined ? [] : [[stored.eventId, stored]]) });
      return states;
    }
    if (appends.length === 1) {
      // A single append: two plain lookups, no JSON arguments for the revision.
      const { stream, events } = appends[0]!;
      const last = this.queries.lastRevision(stream);
      const known = new Map<string, KnownEvent>();
      if (last !== undefined) {
        for (const ref of this.queries.storedEvents(stream, events.map((event) => event.eventId))) known.set(ref.eventId, ref);
      }
      states.set(stream, { last, known });
      return states;
    }
    const names = [...new Set(appends.map((append) => append.stream))];
    for (const { stream, revision } of this.lastRevisions.all(JSON.stringify(names))) {
      states.set(stream, { last: revision === null ? undefined : Number(revision), known: new Map() });
    }
    const wanted = appends.flatMap(({ stream, events }) => (states.get(stream)!.last === undefined ? [] : events.map((event): [string, string] => [stream, event.eventId])));
    this.addStored(states, wanted);
    return states;
  }

  /** The same states from what the session knows, the file asked only for the rest. */
  private sessionStates(appends: readonly EncodedAppend[], session: SessionStreams): Map<string, StreamState> {
    const states = new Map<string, StreamState>();
    const unmet: string[] = [];
    for (const { stream } of appends) {
      if (states.has(stream)) continue;
      const known = session.get(stream);
      if (known === undefined) unmet.push(stream);
      // A placeholder until the lookup below, keeping the streams' order of first appearance.
      states.set(stream, { last: known?.last, known: new Map() });
    }
    if (unmet.length > 0) {
      for (const { stream, revision } of this.lastRevisions.all(JSON.stringify(unmet))) {
        states.get(stream)!.last = session.met(stream, revision === null ? undefined : Number(revision)).last;
      }
    }
    const wanted: [string, string][] = [];
    for (const { stream, events } of appends) {
      const state = session.get(stream)!;
      for (const event of events) if (session.mayHold(state, event.eventId)) wanted.push([stream, event.eventId]);
    }
    this.addStored(states, wanted);
    return states;
  }

  /** The stored ids among `wanted` ([stream, event id] pairs), added to their streams' known ids. */
  private addStored(states: Map<string, StreamState>, wanted: readonly (readonly [string, string])[]): void {
    if (wanted.length === 0) return;
    for (const row of this.storedIds.all(JSON.stringify(wanted))) {
      states.get(row.stream)!.known.set(row.event_id, { revision: Number(row.revision), position: row.position });
    }
  }
}

/** Checks one append against its stream's state and, if it writes, plans its rows and advances the state. */
function planAppend({ stream, events, expectedRevision }: EncodedAppend, state: StreamState, rows: PlannedRow[]): PlannedResult {
  const known = events.flatMap((event) => {
    const at = state.known.get(event.eventId);
    return at === undefined ? [] : [{ eventId: event.eventId, at }];
  });
  // A retry is recognised before the revision check: it succeeds whatever it expected.
  if (known.length > 0) return retriedResult(stream, events, known);
  if (!revisionMatches(expectedRevision, state.last)) throw new WrongExpectedRevisionError(stream, expectedRevision, state.last ?? 'no_stream');
  let revision = state.last ?? -1;
  let at: KnownEvent | undefined;
  for (const event of events) {
    revision += 1;
    const row: PlannedRow = { stream, revision, event, position: 0n };
    rows.push(row);
    at = { revision, row };
    state.known.set(event.eventId, at);
  }
  state.last = revision;
  return { revision, at: at!, inserted: events.length };
}

function revisionMatches(expected: ExpectedRevision, last: number | undefined): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return last === undefined;
    case 'stream_exists':
      return last !== undefined;
    default:
      return last === expected;
  }
}

/** The original result if the append's ids are all known, consecutively and in order. */
function retriedResult(stream: string, events: readonly EncodedEvent[], known: readonly { eventId: string; at: KnownEvent }[]): PlannedResult {
  const sorted = [...known].sort((a, b) => a.at.revision - b.at.revision);
  const first = sorted[0]!.at.revision;
  const isWholeRetry = sorted.length === events.length && sorted.every((ref, index) => ref.eventId === events[index]!.eventId && ref.at.revision === first + index);
  if (!isWholeRetry) {
    const knownIds = new Set(known.map((ref) => ref.eventId));
    throw new DuplicateEventIdError(stream, events.find((event) => knownIds.has(event.eventId))!.eventId);
  }
  const last = sorted.at(-1)!;
  return { revision: last.at.revision, at: last.at, inserted: 0 };
}
