import { AppendManyError, type BulkAppendSession, type StreamAppend } from '../store/event-store.js';
import type { FileItem } from './development-file.js';

/** One development's append as planned: what the store takes, and the item it came from. */
export interface PlannedAppend extends StreamAppend {
  readonly item: FileItem;
}

/** An append of the import was refused (another writer changed a stream meanwhile, say). */
export class ImportStoppedError extends Error {
  /** The refused append's own code, e.g. wrong-expected-revision. */
  readonly code: string;
  constructor(
    readonly file: string,
    readonly item: FileItem,
    override readonly cause: AppendManyError,
    /** What was undone with it: its chunk (a chunked import), or everything (one transaction). */
    undone: 'chunk' | 'import' = 'chunk',
  ) {
    const where = item.line !== undefined ? `line ${item.line}` : `item ${item.item}`;
    const left = undone === 'import' ? '; nothing of the import was written' : cause.nothingWritten ? '; nothing of its chunk was written' : '';
    super(`${file} ${where}: ${cause.cause.message}${left}`, { cause });
    this.code = (cause.cause as Error & { code?: string }).code ?? cause.code;
  }
}

/**
 * Chunks written or waiting to be, beyond which the deciding waits: the thread writes one
 * while the next waits in its queue, and the deciding never runs far ahead of the writing
 * (which would only hold more of the import in memory).
 */
const IN_FLIGHT = 2;

/**
 * An import's decided appends, sent to a bulk append session a chunk at a time. A chunk
 * the session refuses becomes an ImportStoppedError naming its development; it is thrown
 * by the next `add` or by `finish`, whichever comes first.
 */
export class StagedImportWrites<A extends { readonly item: FileItem }> {
  private chunk: A[] = [];
  private readonly inFlight: Promise<void>[] = [];
  private stopped: Error | undefined;
  private staged = 0;
  /** Until the session has begun, chunks queue without a limit: its thread takes a while to start. */
  private begun = false;

  constructor(
    /** The session, perhaps still starting: chunks wait for it. */
    private readonly session: Promise<BulkAppendSession<A>>,
    private readonly file: string,
    private readonly chunkSize: number,
    /** Called with the count of developments written so far, after each chunk. */
    private readonly onStaged: (staged: number) => void,
  ) {
    session.then(
      () => (this.begun = true),
      () => undefined,
    );
  }

  /** Adds one append; a promise when a chunk went out (wait for it: it may hold the deciding back while the thread is busy). */
  add(append: A): Promise<void> | undefined {
    if (this.stopped) throw this.stopped;
    this.chunk.push(append);
    return this.chunk.length >= this.chunkSize ? this.send() : undefined;
  }

  /** Sends what is left and waits for every write; the count of developments written. */
  async finish(): Promise<number> {
    if (this.chunk.length > 0) await this.send();
    await Promise.all(this.inFlight);
    if (this.stopped) throw this.stopped;
    return this.staged;
  }

  /** Sends the chunk; the promise gives the event loop a turn and waits while too many are in flight. */
  private send(): Promise<void> {
    const chunk = this.chunk;
    this.chunk = [];
    // Only the items are kept for a refusal's message, not the appends: once the session
    // has taken a chunk (its events serialised and posted), its appends and their strings
    // can go. Kept until the thread answered, two or three chunks' appends outlived every
    // young-generation collection meanwhile and were copied twice each (2026-12-02).
    const items = chunk.map((append) => append.item);
    const written = this.session
      .then((session) => session.write(chunk))
      .then(
        () => {
          this.staged += items.length;
          this.onStaged(this.staged);
        },
        (error: unknown) => {
          this.stopped ??= error instanceof AppendManyError ? new ImportStoppedError(this.file, items[error.index]!, error, 'import') : (error as Error);
        },
      );
    this.inFlight.push(written);
    return this.drain();
  }

  private async drain(): Promise<void> {
    // The deciding runs on promises alone (microtasks): the thread's answers (it began, a
    // chunk is written) are delivered only when the event loop gets a turn, so give it one.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (!this.begun) return;
    while (this.inFlight.length > IN_FLIGHT) await this.inFlight.shift();
  }
}
