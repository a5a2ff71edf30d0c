import { readFile } from 'node:fs/promises';
import { CorruptEventError, decodeEvent } from '../../events/decode-event.js';
import { issuesOf } from '../../events/validation.js';
import type { EventStore, NewEvent } from '../store/event-store.js';
import { exportedRecordSchema, type ExportedRecord } from './export-records.js';
import { formatProblem, type FileProblem } from './development-file.js';

export class RestoreRejectedError extends Error {
  readonly code = 'restore-rejected';
  constructor(readonly file: string, readonly problems: FileProblem[]) {
    super(`${file}: ${problems.length} problem(s), nothing was written:\n${problems.slice(0, 50).map(formatProblem).join('\n')}${problems.length > 50 ? `\n… and ${problems.length - 50} more` : ''}`);
  }
}

export class RestoreTargetNotEmptyError extends Error {
  readonly code = 'restore-target-not-empty';
  constructor(readonly headPosition: bigint) {
    super(`the target store already holds events (head position ${headPosition}); restore writes records as they were and needs an empty store`);
  }
}

/**
 * Reads an export file and validates every line before anything is written: the line's
 * shape, that it decodes as a Concord event (type, data and metadata), and that each
 * stream's revisions run 0, 1, 2 … in file order with no event id twice.
 */
export function parseExportText(file: string, text: string): ExportedRecord[] {
  const problems: FileProblem[] = [];
  const records: ExportedRecord[] = [];
  const nextRevision = new Map<string, number>();
  const lines = text.split('\n');
  let item = 0;
  for (let index = 0; index < lines.length; index += 1) {
    const content = lines[index]!.trim();
    if (content === '') continue;
    item += 1;
    const where = { item, line: index + 1 };
    let raw: unknown;
    try {
      raw = JSON.parse(content);
    } catch (error) {
      problems.push({ ...where, pointer: '', code: 'malformed-json', message: (error as Error).message });
      continue;
    }
    const parsed = exportedRecordSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of issuesOf(parsed.error)) problems.push({ ...where, pointer: issue.pointer, code: 'invalid-record', message: issue.message });
      continue;
    }
    const record = parsed.data;
    try {
      decodeEvent({ ...record, position: BigInt(record.position) });
    } catch (error) {
      if (!(error instanceof CorruptEventError)) throw error;
      for (const issue of error.issues) problems.push({ ...where, pointer: issue.pointer.startsWith('/') ? issue.pointer : `/${issue.pointer}`, code: 'invalid-event', message: issue.message });
      continue;
    }
    const expected = nextRevision.get(record.stream) ?? 0;
    if (record.revision !== expected) {
      problems.push({ ...where, pointer: '/revision', code: 'revision-gap', message: `${record.stream} continues at revision ${expected}, not ${record.revision}` });
      continue;
    }
    nextRevision.set(record.stream, expected + 1);
    records.push(record);
  }
  if (problems.length > 0) throw new RestoreRejectedError(file, problems);
  return records;
}

export async function readExportFile(file: string): Promise<ExportedRecord[]> {
  return parseExportText(file, await readFile(file, 'utf8'));
}

/**
 * Writes the records into an empty store as they were: same ids, streams, revisions and
 * metadata (records, not new developments, so nothing is re-decided or re-stamped). Runs
 * of one stream go in one append; appends are sequential so the global order is kept.
 * Each append expects the revision before it, so a concurrent writer cannot interleave.
 */
export async function restoreRecords(store: EventStore, records: readonly ExportedRecord[], onProgress?: (done: number) => void): Promise<number> {
  const head = await store.headPosition();
  if (head !== undefined) throw new RestoreTargetNotEmptyError(head);
  let done = 0;
  for (let start = 0; start < records.length; ) {
    const stream = records[start]!.stream;
    let end = start + 1;
    while (end < records.length && records[end]!.stream === stream && end - start < 500) end += 1;
    const run = records.slice(start, end);
    const first = run[0]!.revision;
    const events: NewEvent[] = run.map((record) => ({ eventId: record.eventId, type: record.type, data: record.data, metadata: record.metadata }));
    await store.append(stream, events, first === 0 ? 'no_stream' : first - 1);
    done += run.length;
    onProgress?.(done);
    start = end;
  }
  return done;
}
