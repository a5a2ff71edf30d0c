/**
 * The test server's data: one in-memory `$all` log with per-stream indexes, kept across a
 * stop and start of the gRPC server so an outage loses nothing that was acknowledged.
 *
 * Positions are sparse like EventStoreDB's (byte offsets in the transaction file): each
 * record advances the position by its size, and commit = prepare position.
 */

export interface StoredRecord {
  readonly id: string;
  readonly stream: string;
  readonly revision: bigint;
  readonly position: bigint;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly metadata: Uint8Array;
  readonly created: Date;
}

export interface ProposedRecord {
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly metadata: Uint8Array;
}

export type Expected = { kind: 'any' } | { kind: 'no_stream' } | { kind: 'stream_exists' } | { kind: 'revision'; revision: bigint };

export type AppendOutcome =
  | { kind: 'success'; revision: bigint; position: bigint }
  | { kind: 'wrong-expected-version'; current: bigint | undefined; expected: Expected }
  | { kind: 'stream-deleted' };

interface StreamEntry {
  readonly records: StoredRecord[];
  tombstoned: boolean;
}

const HEADER_BYTES = 64n;

export class MemoryLog {
  readonly all: StoredRecord[] = [];
  private readonly streams = new Map<string, StreamEntry>();
  private readonly listeners = new Set<() => void>();
  private nextPosition = 1024n;

  constructor() {
    // A real node writes system events before any user event; so does this one, so that
    // clients must exclude them ($-prefixed type and stream), as the adapter does.
    this.append('$epochs', [systemRecord('$epoch-information', { epochNumber: 0 })], { kind: 'any' });
  }

  /** Revision of the stream's last event; undefined when it has none (or never had). */
  lastRevision(stream: string): bigint | undefined {
    const records = this.streams.get(stream)?.records;
    return records && records.length > 0 ? records.at(-1)!.revision : undefined;
  }

  isTombstoned(stream: string): boolean {
    return this.streams.get(stream)?.tombstoned ?? false;
  }

  /** The stream's events as readers see them: honours `$tb` (truncate before) and `$maxCount`. */
  visible(stream: string): StoredRecord[] {
    const records = this.streams.get(stream)?.records ?? [];
    const meta = this.metadataOf(stream);
    let from = typeof meta.$tb === 'number' ? records.findIndex((record) => record.revision >= BigInt(meta.$tb as number)) : 0;
    if (from < 0) from = records.length;
    if (typeof meta.$maxCount === 'number') from = Math.max(from, records.length - meta.$maxCount);
    return records.slice(from);
  }

  metadataOf(stream: string): Record<string, unknown> {
    if (stream.startsWith('$$')) return {};
    const last = this.streams.get(`$$${stream}`)?.records.at(-1);
    if (!last) return {};
    try {
      return JSON.parse(Buffer.from(last.data).toString('utf8')) as Record<string, unknown>;
    } catch {
      return {};
    }
  }

  /**
   * Modelled on EventStoreDB's idempotency check, not checked against a real node: a
   * batch whose ids are exactly the events right after the expected revision (or, with
   * `any`, a run of events already in the stream starting at the first id) is answered
   * with the original result and writes nothing.
   */
  append(stream: string, proposed: readonly ProposedRecord[], expected: Expected): AppendOutcome {
    const entry = this.entry(stream);
    if (entry.tombstoned) return { kind: 'stream-deleted' };
    const current = this.lastRevision(stream);
    const retried = this.idempotentRetry(entry, proposed, expected);
    if (retried) return retried;
    const matches =
      expected.kind === 'any' ||
      (expected.kind === 'no_stream' && current === undefined) ||
      (expected.kind === 'stream_exists' && current !== undefined) ||
      (expected.kind === 'revision' && current === expected.revision);
    if (!matches) return { kind: 'wrong-expected-version', current, expected };
    let revision = current ?? -1n;
    for (const record of proposed) {
      revision += 1n;
      const stored: StoredRecord = { ...record, stream, revision, position: this.nextPosition, created: new Date() };
      this.nextPosition += HEADER_BYTES + BigInt(record.data.length + record.metadata.length + stream.length);
      entry.records.push(stored);
      this.all.push(stored);
    }
    this.notify();
    const last = entry.records.at(-1)!;
    return { kind: 'success', revision: last.revision, position: last.position };
  }

  tombstone(stream: string): void {
    this.entry(stream).tombstoned = true;
    this.notify();
  }

  get headPosition(): bigint {
    return this.all.at(-1)?.position ?? 0n;
  }

  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private idempotentRetry(entry: StreamEntry, proposed: readonly ProposedRecord[], expected: Expected): AppendOutcome | undefined {
    const first = proposed[0];
    if (!first) return undefined;
    const start =
      expected.kind === 'revision' ? Number(expected.revision) + 1 : expected.kind === 'no_stream' ? 0 : entry.records.findIndex((record) => record.id === first.id);
    if (start < 0 || start + proposed.length > entry.records.length) return undefined;
    const run = entry.records.slice(start, start + proposed.length);
    if (!run.every((record, index) => record.id === proposed[index]!.id)) return undefined;
    const last = run.at(-1)!;
    return { kind: 'success', revision: last.revision, position: last.position };
  }

  private entry(stream: string): StreamEntry {
    let entry = this.streams.get(stream);
    if (!entry) {
      entry = { records: [], tombstoned: false };
      this.streams.set(stream, entry);
    }
    return entry;
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}

export function systemRecord(type: string, data: unknown): ProposedRecord {
  return { id: crypto.randomUUID(), type, contentType: 'application/json', data: Buffer.from(JSON.stringify(data)), metadata: new Uint8Array() };
}
