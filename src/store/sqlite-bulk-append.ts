import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../runtime/module-worker.js';
import type { DeferredAppend, DeferredProvenance } from '../audit/deferred-chain.js';
import { AppendManyError, StoreMovedError, type BulkAppendSession, type StreamAppend } from './event-store.js';
import { toColumns, toDeferredColumns, type BulkReply, type BulkRequest, type BulkWorkerData, type ErrorParts } from './sqlite-bulk-append-messages.js';
import { checkDeferredAppends, encodeStreamAppends } from './sqlite-event-rows.js';

/** The bulk thread's page cache, in KiB: one transaction dirties index pages all over the file. */
const BULK_CACHE_KIB = 262_144;

interface Waiting {
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/** An error from the thread, with its name, code and words (its class stays behind). */
function errorFrom(parts: ErrorParts): Error {
  return Object.assign(new Error(parts.message), { name: parts.name, ...(parts.code !== undefined ? { code: parts.code } : {}) });
}

/**
 * A bulk append on SQLite (`EventStore.beginBulkAppend`): the appends are serialised here
 * and written by a thread with its own connection, inside one transaction it holds open
 * from `begin` to `commit`. Why a thread: better-sqlite3 is synchronous, so in the
 * caller's thread every insert would stop whatever produces the next appends (an
 * import's deciding and hashing, about as long again); on a thread of its own the two
 * run side by side. Why one transaction: an import must write nothing if any of its
 * developments is refused, and here it learns that only once it has decided the last
 * one, long after the first writes. Until the commit nothing is durable and nothing is
 * visible to other connections; a crash leaves the store as it was.
 */
/** Checks and serialises a write's appends into the request for the thread; throws AppendManyError. */
type Encoder<A> = (appends: readonly A[], batch: number) => BulkRequest;

const encodeWrite: Encoder<StreamAppend> = (appends, batch) => ({ kind: 'write', batch, appends: toColumns(encodeStreamAppends(appends)) });

const encodeDeferredWrite: Encoder<DeferredAppend> = (appends, batch) => {
  checkDeferredAppends(appends);
  return { kind: 'write-deferred', batch, appends: toDeferredColumns(appends) };
};

export class SqliteBulkAppend<A> implements BulkAppendSession<A> {
  private nextBatch = 0;
  private readonly writes = new Map<number, Waiting>();
  private ending: Waiting | undefined;
  private finished: Promise<void> | undefined;
  /** The first write that failed: a commit then rolls back and answers with it. */
  private failure: Error | undefined;
  private exited = false;
  /** The thread answered the commit or the roll-back. */
  private done = false;

  private constructor(
    private readonly worker: Worker,
    private readonly encode: Encoder<A>,
  ) {
    worker.on('message', (reply: BulkReply) => this.receive(reply));
    worker.on('error', (error) => this.lost(error));
    worker.on('exit', (code) => {
      this.exited = true;
      this.lost(new Error(`the bulk append's thread exited (code ${code}) before it answered`));
    });
  }

  /**
   * Starts the thread; resolves once it holds the write lock with the log still at
   * `expectHead`. Rejects with StoreMovedError if the log moved, or with the driver's
   * error (SQLITE_BUSY after `busyTimeoutMs`, say).
   */
  static begin(path: string, busyTimeoutMs: number, expectHead: bigint | undefined): Promise<SqliteBulkAppend<StreamAppend>> {
    return SqliteBulkAppend.start(path, busyTimeoutMs, expectHead, undefined, encodeWrite);
  }

  /** As `begin`, for appends whose hash chain the thread links (see EventStore.beginChainingBulkAppend). */
  static beginChaining(path: string, busyTimeoutMs: number, expectHead: bigint | undefined, provenance: DeferredProvenance): Promise<SqliteBulkAppend<DeferredAppend>> {
    return SqliteBulkAppend.start(path, busyTimeoutMs, expectHead, provenance, encodeDeferredWrite);
  }

  private static start<A>(
    path: string,
    busyTimeoutMs: number,
    expectHead: bigint | undefined,
    provenance: DeferredProvenance | undefined,
    encode: Encoder<A>,
  ): Promise<SqliteBulkAppend<A>> {
    const data: BulkWorkerData = {
      path,
      busyTimeoutMs,
      cacheKib: BULK_CACHE_KIB,
      expectHead: expectHead === undefined ? null : expectHead.toString(),
      ...(provenance ? { provenance } : {}),
    };
    const worker = startModuleWorker(import.meta.url, 'sqlite-bulk-append-worker', data);
    return new Promise<SqliteBulkAppend<A>>((resolve, reject) => {
      const stopListening = () => {
        worker.off('message', first);
        worker.off('error', failed);
        worker.off('exit', exited);
      };
      const failed = (error: Error) => {
        stopListening();
        void worker.terminate();
        reject(error);
      };
      const exited = (code: number) => failed(new Error(`the bulk append's thread exited (code ${code}) before it began`));
      const first = (reply: BulkReply) => {
        stopListening();
        if (reply.kind === 'began') resolve(new SqliteBulkAppend(worker, encode));
        else if (reply.kind === 'moved') failed(new StoreMovedError(expectHead, reply.head === null ? undefined : BigInt(reply.head)));
        else failed(reply.kind === 'failed' ? errorFrom(reply.error) : new Error(`the bulk append's thread answered ${reply.kind} before it began`));
      };
      worker.on('message', first);
      worker.on('error', failed);
      worker.on('exit', exited);
    });
  }

  write(appends: readonly A[]): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.ending || this.exited) return Promise.reject(new Error('the bulk append has ended: nothing more can be written'));
    const batch = this.nextBatch++;
    let request: BulkRequest;
    try {
      // Checked and serialised here, so a bad event is refused at once and only strings cross over.
      request = this.encode(appends, batch);
    } catch (error) {
      this.failure ??= error as Error;
      return Promise.reject(error as Error);
    }
    return new Promise<void>((resolve, reject) => {
      this.writes.set(batch, { resolve, reject });
      this.send(request);
    });
  }

  commit(): Promise<void> {
    return this.end('committed');
  }

  rollBack(): Promise<void> {
    return this.end('rolled-back').catch(() => undefined);
  }

  private end(expect: 'committed' | 'rolled-back'): Promise<void> {
    this.finished ??= new Promise<void>((resolve, reject) => {
      if (this.exited) {
        if (expect === 'committed') reject(this.failure ?? new Error("the bulk append's thread is gone: nothing was committed"));
        else resolve();
        return;
      }
      const asked = expect === 'committed' && this.failure === undefined ? 'committed' : 'rolled-back';
      this.ending = { resolve, reject };
      this.send({ kind: asked === 'committed' ? 'commit' : 'roll-back' });
    }).then(() => {
      if (expect === 'committed' && this.failure) throw this.failure;
    });
    return this.finished;
  }

  private send(request: BulkRequest): void {
    this.worker.postMessage(request);
  }

  private receive(reply: BulkReply): void {
    switch (reply.kind) {
      case 'written':
        this.settleWrite(reply.batch);
        return;
      case 'refused':
        this.settleWrite(reply.batch, new AppendManyError(reply.index, reply.stream, true, errorFrom(reply.error)));
        return;
      case 'failed':
        if (reply.batch !== undefined) this.settleWrite(reply.batch, errorFrom(reply.error));
        else this.lost(errorFrom(reply.error));
        return;
      case 'committed':
      case 'rolled-back':
        this.done = true;
        this.ending?.resolve();
        return;
      case 'began':
      case 'moved':
        return;
    }
  }

  private settleWrite(batch: number, error?: Error): void {
    const waiting = this.writes.get(batch);
    this.writes.delete(batch);
    if (error) this.failure ??= error;
    if (error) waiting?.reject(error);
    else waiting?.resolve();
  }

  /** The thread failed or went away: every write waiting and the ending fail with it. */
  private lost(error: Error): void {
    if (this.done) return;
    this.failure ??= error;
    for (const waiting of this.writes.values()) waiting.reject(error);
    this.writes.clear();
    this.ending?.reject(error);
  }
}
