/**
 * The thread of a bulk append (see sqlite-bulk-append.ts): its own connection holds one
 * write transaction from the start to the commit or the rollback, and writes each batch
 * it is sent through the same checks and inserts as the store's group commit
 * (SqliteAppendWriter), so a refused append is refused for the same reasons, in the same
 * words, before anything of its batch is inserted. A session begun with a provenance
 * (a chaining bulk append) first links each event of its batches into its stream's hash
 * chain and completes its metadata (src/audit/deferred-chain.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DeferredChain } from '../audit/deferred-chain.js';
import { AppendFailure, SqliteAppendWriter, type EncodedAppend } from './sqlite-append-writer.js';
import { fromColumns, fromDeferredColumns, type BulkReply, type BulkRequest, type BulkWorkerData, type DeferredColumns, type ErrorParts } from './sqlite-bulk-append-messages.js';
import { SqliteEventQueries } from './sqlite-event-queries.js';
import { openDatabase } from './sqlite-schema.js';
import { SessionStreams } from './sqlite-session-streams.js';

const port = parentPort!;
const { path, busyTimeoutMs, cacheKib, expectHead, provenance } = workerData as BulkWorkerData;
const reply = (message: BulkReply) => port.postMessage(message);

function partsOf(error: unknown): ErrorParts {
  const e = error as { name?: string; message?: string; code?: unknown };
  return { name: e.name ?? 'Error', message: e.message ?? String(error), ...(typeof e.code === 'string' ? { code: e.code } : {}) };
}

/**
 * Copies what the transaction wrote from the log into the database file. Nothing else
 * would: the store's checkpointer starts only once the store itself has written, and
 * the last connection to close checkpointed nothing in a run at 1,000,000 developments,
 * leaving the 600 MB in the log for every later reader to find through its index. Done
 * before the commit is answered, so an import's time includes it, as a raw insert's
 * includes its close. Durability does not depend on it: what it cannot copy (a reader
 * still in the log, say) stays in the log, committed.
 */
function checkpoint(open: ReturnType<typeof openDatabase>): void {
  try {
    open.pragma('wal_checkpoint(TRUNCATE)');
  } catch {
    // The commit stands whatever happens here: the store's checkpoints copy the rest later.
  }
}

let db: ReturnType<typeof openDatabase> | undefined;
try {
  db = openDatabase(path, { busyTimeoutMs, synchronous: 'FULL' });
  // One checkpoint, after the commit (`checkpoint` below), rather than SQLite's own inside
  // the COMMIT, which would copy without emptying the log.
  db.pragma('wal_autocheckpoint = 0');
  // The transaction dirties index pages all over the file: a larger cache spills fewer
  // of them into the log before the commit, and reads fewer back (a choice, not measured
  // against the store's 64 MiB; memory is taken only as pages are used).
  db.pragma(`cache_size = -${cacheKib}`);
  // IMMEDIATE: the write lock from here on, so the store the caller plans against
  // cannot change under it until the commit.
  db.exec('BEGIN IMMEDIATE');
  // Every commit takes positions above the head: an unchanged head means nothing was
  // committed since the caller read it, and under the lock nothing will be.
  const head = (db.prepare('SELECT CAST(max(position) AS TEXT) FROM events').pluck().get() as string | null) ?? null;
  if (head !== expectHead) {
    db.exec('ROLLBACK');
    db.close();
    db = undefined;
    reply({ kind: 'moved', head });
    port.close();
  } else {
    reply({ kind: 'began' });
  }
} catch (error) {
  db?.close();
  reply({ kind: 'failed', error: partsOf(error) });
  port.close();
}

if (db?.inTransaction) {
  const open = db;
  // The session holds the write lock throughout: the writer keeps what it learns of each stream.
  const writer = new SqliteAppendWriter(open, new SqliteEventQueries(open), new SessionStreams(expectHead === null));
  const chain = provenance ? new DeferredChain(provenance) : undefined;
  // After a refusal or a failure nothing more is written: the caller can only roll back.
  let broken = false;
  /** Deferred appends linked to their chains; a link that does not follow is its append's refusal. */
  const linked = (columns: DeferredColumns): EncodedAppend[] => {
    if (!chain) throw new Error('deferred appends sent to a bulk append begun without a provenance');
    return fromDeferredColumns(columns).map((append, index) => {
      try {
        return { stream: append.stream, events: chain.link(append), expectedRevision: append.expectedRevision };
      } catch (error) {
        throw new AppendFailure(index, append.stream, error as Error);
      }
    });
  };
  const finish = (commit: boolean) => {
    try {
      if (open.inTransaction) open.exec(commit && !broken ? 'COMMIT' : 'ROLLBACK');
      if (commit && !broken) checkpoint(open);
      reply(commit && !broken ? { kind: 'committed' } : { kind: 'rolled-back' });
    } catch (error) {
      if (open.inTransaction) open.exec('ROLLBACK');
      reply({ kind: 'failed', error: partsOf(error) });
    } finally {
      open.close();
      port.close();
    }
  };
  port.on('message', (request: BulkRequest) => {
    switch (request.kind) {
      case 'write':
      case 'write-deferred':
        if (broken) {
          // Answered all the same: the caller may be waiting on every batch it sent.
          reply({ kind: 'failed', batch: request.batch, error: { name: 'Error', message: 'not written: an earlier batch of this bulk append failed', code: 'bulk-append-broken' } });
          return;
        }
        try {
          writer.write(request.kind === 'write' ? fromColumns(request.appends) : linked(request.appends));
          reply({ kind: 'written', batch: request.batch });
        } catch (error) {
          broken = true;
          if (error instanceof AppendFailure) reply({ kind: 'refused', batch: request.batch, index: error.index, stream: error.stream, error: partsOf(error.error) });
          else reply({ kind: 'failed', batch: request.batch, error: partsOf(error) });
        }
        return;
      case 'commit':
        finish(true);
        return;
      case 'roll-back':
        finish(false);
        return;
    }
  });
}
