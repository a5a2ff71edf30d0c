import { AppendManyError, StoreMovedError, type BulkAppendSession, type EventStore } from '../store/event-store.js';
import { ImportRejectedError, type FileItem } from './development-file.js';
import { chainedStampFor, deferredStamp, planEach, type DeferredPlannedAppend, type ImportAppend, type Stamp } from './plan-import.js';
import type { Clock } from './record-development.js';
import { ImportStoppedError, StagedImportWrites, type PlannedAppend } from './staged-import-writes.js';

export { ImportStoppedError } from './staged-import-writes.js';

/**
 * How an import's appends reach the store.
 * - `chunks`: once every development is decided, in chunks of `chunkSize`, each one
 *   durable transaction; a re-run after a crash writes only what is missing.
 * - `one-transaction`: as they are decided, by the store's bulk append (SQLite: a thread
 *   of its own writes while this one decides), committed once the last is decided; a
 *   crash leaves nothing of the import. Stores without a bulk append use `chunks`.
 * - `auto` (the default): `one-transaction` from ONE_TRANSACTION_FROM developments on.
 */
export type ImportWriteMode = 'auto' | 'chunks' | 'one-transaction';

/** Below this many developments a thread's start costs more than it saves. */
export const ONE_TRANSACTION_FROM = 10_000;

export interface ImportOptions {
  /** The file name recorded in each event's provenance. */
  readonly file: string;
  readonly recordedBy: string;
  readonly correlationId: string;
  /**
   * Developments per appendMany (`chunks`, 10,000 unless given) or per write
   * (`one-transaction`, 2,000 unless given); progress is reported after each (after every
   * 10,000 developments written in a one-transaction import without it).
   */
  readonly chunkSize?: number;
  readonly writeMode?: ImportWriteMode;
  readonly clock?: Clock;
  /** Called after each chunk is durable (`chunks`) or written in the open transaction (`one-transaction`; see chunkSize), and at the end. */
  readonly onProgress?: (progress: ImportProgress) => void;
}

export interface ImportProgress {
  readonly total: number;
  /** Developments durable in the store: written by this import or found there. */
  readonly done: number;
  readonly written: number;
  readonly alreadyPresent: number;
  /** Developments decided and written in the import's open transaction, durable once it commits (`one-transaction`). */
  readonly staged: number;
}

export type ImportSummary = Omit<ImportProgress, 'staged'>;

/**
 * Imports developments, each decided in file order against stream states read once from
 * the store and advanced in memory, so that a broken rule anywhere rejects the whole file
 * with nothing written: either nothing is written until all are decided (`chunks`), or
 * what is written stays in a transaction that is rolled back (`one-transaction`). The
 * appends go out at the exact revisions decided.
 * Event ids come from content, so a re-run (after a crash, say) skips what is stored
 * and writes the rest; a concurrent writer on the same streams makes a chunked run fail
 * with a conflict (a re-run then decides afresh), and waits for a one-transaction run.
 */
export async function importDevelopments(store: EventStore, items: readonly FileItem[], options: ImportOptions): Promise<ImportSummary> {
  const mode = options.writeMode ?? 'auto';
  if (mode === 'one-transaction' || (mode === 'auto' && items.length >= ONE_TRANSACTION_FROM)) {
    const head = await store.headPosition();
    // Begun while the deciding starts: a thread takes a while to start (0.3 s idle, about
    // 2 s under tsx beside the deciding), and it checks the head is still `head` once it
    // holds the lock. A session that links the hash chain itself spares the deciding
    // thread the hashing (src/audit/deferred-chain.ts).
    const provenance = { recordedBy: options.recordedBy, correlationId: options.correlationId, file: options.file };
    const chaining = store.beginChainingBulkAppend?.(head, provenance);
    const plain = chaining ? undefined : store.beginBulkAppend?.(head);
    try {
      if (chaining) return await importInOneTransaction<DeferredPlannedAppend>(store, head, chaining, deferredStamp, items, options);
      if (plain) return await importInOneTransaction<PlannedAppend>(store, head, plain, chainedStampFor(options), items, options);
    } catch (error) {
      // Another writer committed before the lock was taken: decide afresh, in chunks.
      if (!(error instanceof StoreMovedError)) throw error;
    }
  }
  return importInChunks(store, items, options);
}

const DEFAULT_CHUNK = 10_000;

/**
 * Developments per write of a one-transaction import, unless `chunkSize` says otherwise;
 * progress is still reported every DEFAULT_CHUNK. Smaller than a durable chunk because a
 * decided append lives until its write is posted: at 10,000 a write's appends outlived
 * two or three young-generation collections each, and were copied each time (at
 * 1,000,000 developments the deciding thread's scavenges took 15% less time with 2,000,
 * the writing thread's 70% less; the import 1.03-1.09x faster, 2026-12-02).
 */
const ONE_TRANSACTION_WRITE = 2_000;

async function importInChunks(store: EventStore, items: readonly FileItem[], options: ImportOptions): Promise<ImportSummary> {
  const appends: PlannedAppend[] = [];
  const { alreadyPresent, problems } = await planEach(
    store,
    items,
    options,
    chainedStampFor(options),
    (append: PlannedAppend) => {
      appends.push(append);
      return undefined;
    },
    await store.headPosition(),
  );
  if (problems.length > 0) throw new ImportRejectedError(options.file, problems);
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
  let written = 0;
  const report = () => options.onProgress?.({ total: items.length, done: alreadyPresent + written, written, alreadyPresent, staged: 0 });
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

/**
 * Decides and writes side by side: each chunk of decided appends goes to the session as
 * soon as it is full, the session's thread writing it while this one decides the next.
 * Once a development is refused nothing more is sent (the deciding goes on, to report
 * every problem of the file), and the session is rolled back.
 */
async function importInOneTransaction<A extends ImportAppend>(
  store: EventStore,
  head: bigint | undefined,
  beginning: Promise<BulkAppendSession<A>>,
  stamp: Stamp<A>,
  items: readonly FileItem[],
  options: ImportOptions,
): Promise<ImportSummary> {
  // Its failure is read where it matters (the first write, the end); not unhandled meanwhile.
  beginning.catch(() => undefined);
  // Counted as the deciding finds them, so each progress line has them so far.
  const found = { alreadyPresent: 0 };
  const report = (staged: number, written: number) =>
    options.onProgress?.({ total: items.length, done: found.alreadyPresent + written, written, alreadyPresent: found.alreadyPresent, staged });
  // Each write reported when the caller chose their size; otherwise about every DEFAULT_CHUNK.
  let reported = 0;
  const writes = new StagedImportWrites<A>(beginning, options.file, options.chunkSize ?? ONE_TRANSACTION_WRITE, (staged) => {
    if (options.chunkSize === undefined && staged - reported < DEFAULT_CHUNK) return;
    reported = staged;
    report(staged, 0);
  });
  try {
    const planned = await planEach(store, items, options, stamp, (append, problemsSoFar) => (problemsSoFar === 0 ? writes.add(append) : undefined), head, found);
    const { alreadyPresent } = planned;
    if (planned.problems.length > 0) throw new ImportRejectedError(options.file, planned.problems);
    const staged = await writes.finish();
    await (await beginning).commit();
    report(0, staged);
    return { total: items.length, done: alreadyPresent + staged, written: staged, alreadyPresent };
  } catch (error) {
    await beginning.then((session) => session.rollBack(), () => undefined);
    // The session never began because the log moved: that, not what it cut short, is the news.
    const began = await beginning.then(() => undefined, (failure: unknown) => failure);
    throw began instanceof StoreMovedError ? began : error;
  }
}
