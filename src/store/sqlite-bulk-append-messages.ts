import type { DeferredAppend, DeferredEvent, DeferredProvenance } from '../audit/deferred-chain.js';
import type { ExpectedRevision } from './event-store.js';
import type { EncodedAppend } from './sqlite-append-writer.js';

/** What the bulk append's thread is started with. */
export interface BulkWorkerData {
  readonly path: string;
  readonly busyTimeoutMs: number;
  readonly cacheKib: number;
  /** The head position the caller planned against, as a decimal string (null: an empty log). */
  readonly expectHead: string | null;
  /** A session whose hash chain the thread links (src/audit/deferred-chain.ts): who records its events. */
  readonly provenance?: DeferredProvenance;
}

/**
 * A batch of checked and serialised appends as columns. Why: structured cloning writes
 * every object's keys anew, so an object per event and per append cost the sending
 * thread (the one deciding an import, the bottleneck) about twice what flat arrays of
 * strings cost: 10.2-16.5 ms against 5.4-7.8 ms (columns made included) to post 10,000
 * appends of one event each, sizes as an import's (2026-12-01).
 */
export interface AppendColumns {
  /** Per append. */
  readonly streams: string[];
  readonly expected: ExpectedRevision[];
  readonly eventCounts: number[];
  /** Per event, the appends' events one after another. */
  readonly eventIds: string[];
  readonly types: string[];
  readonly data: string[];
  readonly metadata: string[];
}

export function toColumns(appends: readonly EncodedAppend[]): AppendColumns {
  const columns: AppendColumns = { streams: [], expected: [], eventCounts: [], eventIds: [], types: [], data: [], metadata: [] };
  for (const append of appends) {
    columns.streams.push(append.stream);
    columns.expected.push(append.expectedRevision);
    columns.eventCounts.push(append.events.length);
    for (const event of append.events) {
      columns.eventIds.push(event.eventId);
      columns.types.push(event.type);
      columns.data.push(event.data);
      columns.metadata.push(event.metadata);
    }
  }
  return columns;
}

export function fromColumns(columns: AppendColumns): EncodedAppend[] {
  const appends = new Array<EncodedAppend>(columns.streams.length);
  let at = 0;
  for (let i = 0; i < appends.length; i++) {
    const count = columns.eventCounts[i]!;
    const events = new Array<EncodedAppend['events'][number]>(count);
    for (let e = 0; e < count; e++, at++) {
      events[e] = { eventId: columns.eventIds[at]!, type: columns.types[at]!, data: columns.data[at]!, metadata: columns.metadata[at]! };
    }
    appends[i] = { stream: columns.streams[i]!, events, expectedRevision: columns.expected[i]! };
  }
  return appends;
}

/** Deferred appends (src/audit/deferred-chain.ts) as columns, for the same reason as AppendColumns. */
export interface DeferredColumns {
  /** Per append. */
  readonly streams: string[];
  readonly expected: (number | 'no_stream')[];
  readonly prevHashes: (string | null)[];
  readonly eventCounts: number[];
  /** Per event. */
  readonly eventIds: string[];
  readonly types: string[];
  readonly data: string[];
  readonly canonicalData: string[];
  readonly recordedAt: string[];
  readonly causationIds: (string | null)[];
  readonly schemaVersions: number[];
  /** 0 for none (both are 1-based). */
  readonly items: number[];
  readonly lines: number[];
}

export function toDeferredColumns(appends: readonly DeferredAppend[]): DeferredColumns {
  const c: DeferredColumns = {
    streams: [],
    expected: [],
    prevHashes: [],
    eventCounts: [],
    eventIds: [],
    types: [],
    data: [],
    canonicalData: [],
    recordedAt: [],
    causationIds: [],
    schemaVersions: [],
    items: [],
    lines: [],
  };
  for (const append of appends) {
    c.streams.push(append.stream);
    c.expected.push(append.expectedRevision);
    c.prevHashes.push(append.prevHash);
    c.eventCounts.push(append.events.length);
    for (const event of append.events) {
      c.eventIds.push(event.eventId);
      c.types.push(event.type);
      c.data.push(event.data);
      c.canonicalData.push(event.canonicalData);
      c.recordedAt.push(event.recordedAt);
      c.causationIds.push(event.causationId);
      c.schemaVersions.push(event.schemaVersion);
      c.items.push(event.item ?? 0);
      c.lines.push(event.line ?? 0);
    }
  }
  return c;
}

export function fromDeferredColumns(c: DeferredColumns): DeferredAppend[] {
  const appends = new Array<DeferredAppend>(c.streams.length);
  let at = 0;
  for (let i = 0; i < appends.length; i++) {
    const count = c.eventCounts[i]!;
    const events = new Array<DeferredEvent>(count);
    for (let e = 0; e < count; e++, at++) {
      const item = c.items[at]!;
      const line = c.lines[at]!;
      events[e] = {
        eventId: c.eventIds[at]!,
        type: c.types[at]!,
        data: c.data[at]!,
        canonicalData: c.canonicalData[at]!,
        recordedAt: c.recordedAt[at]!,
        causationId: c.causationIds[at]!,
        schemaVersion: c.schemaVersions[at]!,
        ...(item !== 0 ? { item } : {}),
        ...(line !== 0 ? { line } : {}),
      };
    }
    appends[i] = { stream: c.streams[i]!, expectedRevision: c.expected[i]!, prevHash: c.prevHashes[i]!, events };
  }
  return appends;
}

export type BulkRequest =
  | { readonly kind: 'write'; readonly batch: number; readonly appends: AppendColumns }
  | { readonly kind: 'write-deferred'; readonly batch: number; readonly appends: DeferredColumns }
  | { readonly kind: 'commit' }
  | { readonly kind: 'roll-back' };

/** An error as it crosses back: its class does not survive the trip, its name, code and words do. */
export interface ErrorParts {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
}

export type BulkReply =
  | { readonly kind: 'began' }
  | { readonly kind: 'moved'; readonly head: string | null }
  | { readonly kind: 'written'; readonly batch: number }
  | { readonly kind: 'refused'; readonly batch: number; readonly index: number; readonly stream: string; readonly error: ErrorParts }
  | { readonly kind: 'failed'; readonly batch?: number; readonly error: ErrorParts }
  | { readonly kind: 'committed' }
  | { readonly kind: 'rolled-back' };
