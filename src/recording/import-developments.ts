import { DomainError } from '../domain/domain-error.js';
import { AppendManyError, type EventStore, type StreamAppend } from '../store/event-store.js';
import { ImportRejectedError, type FileItem, type FileProblem } from './development-file.js';
import { contentIdentity } from './event-ids.js';
import { planDevelopment } from './plan-development.js';
import { newEvents, type Clock } from './record-development.js';
import { StreamStateCache } from './stream-state-cache.js';

export interface ImportOptions {
  /** The file name recorded in each event's provenance. */
  readonly file: string;
  readonly recordedBy: string;
  readonly correlationId: string;
  /** Developments committed per appendMany (one transaction on SQLite); progress is reported after each. */
  readonly chunkSize?: number;
  readonly clock?: Clock;
  /** Called after each durable chunk with the count of developments now in the store. */
  readonly onProgress?: (progress: ImportProgress) => void;
}

export interface ImportProgress {
  readonly total: number;
  readonly done: number;
  readonly written: number;
  readonly alreadyPresent: number;
}

export type ImportSummary = ImportProgress;

/** An append of the import was refused (another writer changed a stream meanwhile, say). */
export class ImportStoppedError extends Error {
  /** The refused append's own code, e.g. wrong-expected-revision. */
  readonly code: string;
  constructor(
    readonly file: string,
    readonly item: FileItem,
    override readonly cause: AppendManyError,
  ) {
    const where = item.line !== undefined ? `line ${item.line}` : `item ${item.item}`;
    super(`${file} ${where}: ${cause.cause.message}${cause.nothingWritten ? '; nothing of its chunk was written' : ''}`, { cause });
    this.code = (cause.cause as Error & { code?: string }).code ?? cause.code;
  }
}

/**
 * Imports developments in two phases. First every development is decided in file
 * order against stream states read once from the store and advanced in memory, so a
 * broken rule anywhere rejects the whole file before anything is written. Then the
 * appends go out in chunks, each chunk one appendMany (one transaction on SQLite) at the
 * exact revisions decided.
 * Event ids come from content, so a re-run (after a crash, say) skips what is stored
 * and writes the rest; a concurrent writer on the same streams makes the run fail with
 * a conflict, and a re-run then decides afresh.
 */
export async function importDevelopments(store: EventStore, items: readonly FileItem[], options: ImportOptions): Promise<ImportSummary> {
  const { appends, alreadyPresent } = await planImport(store, items, options);
  const chunkSize = options.chunkSize ?? 10_000;
  let written = 0;
  const report = () => options.onProgress?.({ total: items.length, done: alreadyPresent + written, written, alreadyPresent });
  report();
  for (let start = 0; start < appends.length; start += chunkSize) {
    const chunk = appends.slice(start, start + chunkSize);
    try {
      await store.appendMany(chunk);
    } catch (error) {
      if (!(error instanceof AppendManyError)) throw error;
      throw new ImportStoppedError(options.file, chunk[error.index]!.item, error);
    }
    // Written and durable: let the garbage collector have them while the rest is written.
    appends.fill(undefined as unknown as PlannedAppend, start, start + chunk.length);
    written += chunk.length;
    report();
  }
  return { total: items.length, done: alreadyPresent + written, written, alreadyPresent };
}

/** One development's append as planned: what appendMany takes, and the item it came from. */
interface PlannedAppend extends StreamAppend {
  readonly item: FileItem;
}

/**
 * The first phase: every development decided in file order. The stream states (and
 * the plans' snapshots) live only as long as this call, so none of them is held while
 * the appends are written.
 */
async function planImport(store: EventStore, items: readonly FileItem[], options: ImportOptions): Promise<{ appends: PlannedAppend[]; alreadyPresent: number }> {
  const cache = new StreamStateCache(store);
  if ((await store.headPosition()) === undefined) cache.assumeEmptyStore();
  const problems: FileProblem[] = [];
  const appends: PlannedAppend[] = [];
  const clock = options.clock ?? (() => new Date());
  let alreadyPresent = 0;
  for (const item of items) {
    try {
      const identity = contentIdentity(item.development);
      const plan = await planDevelopment(cache, item.development, identity.eventId, store);
      if (plan.kind === 'already-recorded') {
        alreadyPresent += 1;
        continue;
      }
      // Stamped (recordedAt, hash) as planned: the next development on the same stream
      // chains from this one's hash before either is written.
      const provenance = {
        recordedBy: options.recordedBy,
        correlationId: options.correlationId,
        importedFrom: { file: options.file, item: item.item, ...(item.line !== undefined ? { line: item.line } : {}) },
      };
      const { events, chain } = newEvents(plan.chain, plan.developments, plan.eventIds, provenance, clock, identity.data);
      cache.advance(plan.snapshot, plan.eventIds, plan.developments, chain);
      appends.push({ stream: plan.stream, events, expectedRevision: plan.expectedRevision, item });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      problems.push({ item: item.item, ...(item.line !== undefined ? { line: item.line } : {}), pointer: error.pointer ?? '', code: error.code, message: error.message });
    }
  }
  if (problems.length > 0) throw new ImportRejectedError(options.file, problems);
  return { appends, alreadyPresent };
}
