import { CorruptEventError, decodeEvent } from '../../events/decode-event.js';
import { issuesOf } from '../../events/validation.js';
import type { EventStore, StreamAppend } from '../store/event-store.js';
import { exportedRecordSchema, type ExportedRecord } from './export-records.js';
import { formatProblem, type FileProblem } from './development-file.js';
import { fileLines } from './file-lines.js';

/** Problems kept to report; the rest are only counted (a file of garbage has one per line). */
const MAX_PROBLEMS = 1000;
/** Events per append of one stream's run, and per `appendMany` where the store keeps its order. */
const RUN_EVENTS = 500;
const BATCH_EVENTS = 10_000;

export class RestoreRejectedError extends Error {
  readonly code = 'restore-rejected';
  constructor(
    readonly file: string,
    readonly problems: FileProblem[],
    /** Every problem found; `problems` holds the first MAX_PROBLEMS. */
    readonly total = problems.length,
  ) {
    super(`${file}: ${total} problem(s), nothing was written:\n${problems.slice(0, 50).map(formatProblem).join('\n')}${total > 50 ? `\n… and ${total - 50} more` : ''}`);
  }
}

export class RestoreTargetNotEmptyError extends Error {
  readonly code = 'restore-target-not-empty';
  constructor(readonly headPosition: bigint) {
    super(`the target store already holds events (head position ${headPosition}); restore writes records as they were and needs an empty store`);
  }
}

/** The file no longer passed the checks it passed before writing began: it changed meanwhile. */
export class RestoreFileChangedError extends Error {
  readonly code = 'restore-file-changed';
  constructor(readonly file: string, readonly line: number, readonly written: number) {
    super(`${file} line ${line} no longer passes the checks it passed before writing began (the file changed); ${written} event(s) were written`);
  }
}

/**
 * The checks of every line of an export: its shape, that it decodes as a Concord event
 * (type, data and metadata), and that each stream's revisions run 0, 1, 2 … in file
 * order. Holds one number per stream, so a file of any length is checked line by line.
 */
class ExportChecker {
  readonly problems: FileProblem[] = [];
  total = 0;
  private readonly nextRevision = new Map<string, number>();
  private item = 0;

  /** The line's record, or undefined with its problems noted. */
  check(content: string, line: number): ExportedRecord | undefined {
    this.item += 1;
    const where = { item: this.item, line };
    let raw: unknown;
    try {
      raw = JSON.parse(content);
    } catch (error) {
      return this.problem({ ...where, pointer: '', code: 'malformed-json', message: (error as Error).message });
    }
    const parsed = exportedRecordSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of issuesOf(parsed.error)) this.problem({ ...where, pointer: issue.pointer, code: 'invalid-record', message: issue.message });
      return undefined;
    }
    const record = parsed.data;
    try {
      decodeEvent({ ...record, position: BigInt(record.position) });
    } catch (error) {
      if (!(error instanceof CorruptEventError)) throw error;
      for (const issue of error.issues) this.problem({ ...where, pointer: issue.pointer.startsWith('/') ? issue.pointer : `/${issue.pointer}`, code: 'invalid-event', message: issue.message });
      return undefined;
    }
    const expected = this.nextRevision.get(record.stream) ?? 0;
    if (record.revision !== expected) {
      return this.problem({ ...where, pointer: '/revision', code: 'revision-gap', message: `${record.stream} continues at revision ${expected}, not ${record.revision}` });
    }
    this.nextRevision.set(record.stream, expected + 1);
    return record;
  }

  rejectIfAny(file: string): void {
    if (this.total > 0) throw new RestoreRejectedError(file, this.problems, this.total);
  }

  private problem(problem: FileProblem): undefined {
    this.total += 1;
    if (this.problems.length < MAX_PROBLEMS) this.problems.push(problem);
    return undefined;
  }
}

/** An export held as text: every line checked before anything is written (see ExportChecker). */
export function parseExportText(file: string, text: string): ExportedRecord[] {
  const checker = new ExportChecker();
  const records: ExportedRecord[] = [];
  text.split('\n').forEach((line, index) => {
    const content = line.trim();
    if (content === '') return;
    const record = checker.check(content, index + 1);
    if (record) records.push(record);
  });
  checker.rejectIfAny(file);
  return records;
}

/** Checks every line of an export file, streaming it; answers how many events it holds. Throws RestoreRejectedError. */
export async function checkExportFile(file: string): Promise<number> {
  const checker = new ExportChecker();
  let records = 0;
  for await (const { line, content } of fileLines(file)) if (checker.check(content, line)) records += 1;
  checker.rejectIfAny(file);
  return records;
}

/**
 * Writes a checked export file (checkExportFile) into an empty store, reading it again
 * as a stream and checking each line again on the way: a line that no longer passes
 * stops the restore with RestoreFileChangedError. See restoreRecords.
 */
export async function restoreExportFile(store: EventStore, file: string, onProgress?: (done: number) => void): Promise<number> {
  const checker = new ExportChecker();
  let written = 0;
  async function* records(): AsyncGenerator<ExportedRecord> {
    for await (const { line, content } of fileLines(file)) {
      const record = checker.check(content, line);
      if (!record) throw new RestoreFileChangedError(file, line, written);
      yield record;
    }
  }
  return restoreRecords(store, records(), (done) => {
    written = done;
    onProgress?.(done);
  });
}

/**
 * Writes the records into an empty store as they were: same ids, streams, revisions and
 * metadata (records, not new developments, so nothing is re-decided or re-stamped), in
 * the file's global order. Runs of one stream go in one append of up to RUN_EVENTS
 * events, each expecting the revision before it, so a concurrent writer cannot
 * interleave. Where the store's `appendMany` keeps the order given (SQLite), the runs
 * go BATCH_EVENTS events to a call (one transaction, one sync); otherwise one append
 * after the other. `onProgress` is told the count of events durable so far.
 */
export async function restoreRecords(store: EventStore, records: Iterable<ExportedRecord> | AsyncIterable<ExportedRecord>, onProgress?: (done: number) => void): Promise<number> {
  const head = await store.headPosition();
  if (head !== undefined) throw new RestoreTargetNotEmptyError(head);
  let done = 0;
  let batch: StreamAppend[] = [];
  let batchEvents = 0;
  const flush = async () => {
    if (store.appendManyKeepsOrder) await store.appendMany(batch);
    else for (const { stream, events, expectedRevision } of batch) await store.append(stream, events, expectedRevision);
    done += batchEvents;
    batch = [];
    batchEvents = 0;
    onProgress?.(done);
  };
  let run: { stream: string; events: StreamAppend['events'][number][]; first: number } | undefined;
  const closeRun = async () => {
    if (!run) return;
    batch.push({ stream: run.stream, events: run.events, expectedRevision: run.first === 0 ? 'no_stream' : run.first - 1 });
    batchEvents += run.events.length;
    run = undefined;
    if (!store.appendManyKeepsOrder || batchEvents >= BATCH_EVENTS) await flush();
  };
  for await (const record of records) {
    if (run && (run.stream !== record.stream || run.events.length >= RUN_EVENTS)) await closeRun();
    run ??= { stream: record.stream, events: [], first: record.revision };
    run.events.push({ eventId: record.eventId, type: record.type, data: record.data, metadata: record.metadata });
  }
  await closeRun();
  if (batch.length > 0) await flush();
  return done;
}
