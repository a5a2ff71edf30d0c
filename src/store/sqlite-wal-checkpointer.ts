import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/**
 * Checkpoints the SQLite write-ahead log on a thread of its own.
 *
 * Why: SQLite checkpoints by default in the connection that commits, once the log passes
 * 1,000 pages, inside that COMMIT: it copies the log into the database file and syncs
 * it, and better-sqlite3 is synchronous, so the whole process waits. On a copy of the
 * 600 MB benchmark store, 800 commits of 50 events each took 1.5 ms (p50) and the ones
 * that checkpointed 9-12 ms (p99 9.1-10.5 ms); with the checkpoints on this worker the
 * p99 was 4.7 ms (p50 1.7 ms: the worker's syncs share the disk) for the same total
 * time, and a bulk import of 100,000 developments ran 1.05-1.12x faster. Here the
 * writing connection stops checkpointing (`wal_autocheckpoint = 0`) and a worker with its
 * own connection runs PASSIVE checkpoints every `intervalMs`: they never wait for the
 * writer or for readers, copy what no reader still needs, and leave the rest to the next
 * round.
 *
 * Durability does not depend on it: a commit is durable in the log before it is
 * acknowledged (synchronous=FULL, or LogSync); a checkpoint syncs the log before it
 * reads it, only moves committed pages into the main file, and
 * SQLite recovers from a checkpoint cut short as from any crash. If the worker fails,
 * the connection checkpoints by itself again.
 *
 * A PASSIVE checkpoint never restarts the log: SQLite writes from the log's start again
 * only when a transaction begins after a checkpoint copied every frame, and under steady
 * commits the worker always finds the last one still to copy. So the log grew as long
 * as the writes went on: 871 MB for a 59 MB store after 100,000 developments committed
 * 64 at a time, 2.8-3.5 GB at 1,000,000 in chunks of 10,000. Hence `holdForRestart`:
 * once the log passes `restartBytes`, the writer holds its next commit while the
 * worker runs one RESTART checkpoint (the rest of the log copied and every reader out
 * of it), so the next commit writes from the log's start, over what is there, and the
 * file is cut to `restartBytes` (`journal_size_limit`). A TRUNCATE instead held the
 * commits 32-59 ms against RESTART's 7-22 (the file emptied, then grown again). The
 * restart is asked for right after one of the worker's PASSIVE checkpoints found the log
 * past the bound (`restartReady`): that one copied it while the commits went on, and the
 * RESTART held them only for what was committed since.
 */
export class WalCheckpointer {
  private readonly worker: Worker;
  private stopped: Promise<void> | undefined;
  private failed = false;
  /** 1 once a PASSIVE checkpoint of the worker found the log past the bound; the writer sets it back to 0 as it asks for the restart. */
  private readonly restartReady = new Int32Array(new SharedArrayBuffer(4));
  /** The restart asked of the worker and not yet answered. */
  private restarting: Promise<void> | undefined;
  private answerRestart: ((outcome: RestartOutcome) => void) | undefined;
  /** After a restart that could not be made, none is asked before this time. */
  private retryAt = 0;
  private counters = { logRestarts: 0, logRestartsRefused: 0 };

  private constructor(
    private readonly db: Database.Database,
    path: string,
    options: CheckpointerOptions,
  ) {
    const pageSize = Number(db.pragma('page_size', { simple: true }));
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        driver,
        path,
        intervalMs: options.intervalMs,
        busyTimeoutMs: options.busyTimeoutMs,
        restartWaitMs: RESTART_WAIT_MS,
        restartPages: Number.isFinite(options.restartBytes) ? Math.ceil(options.restartBytes / pageSize) : 0,
        restartReady: this.restartReady,
      },
    });
    // The worker must not keep a process alive that has nothing else to do.
    this.worker.unref();
    this.worker.on('message', (outcome: RestartOutcome) => this.answerRestart?.(outcome));
    this.worker.on('error', () => this.fallBack());
    this.worker.on('exit', (code) => {
      if (code !== 0) this.fallBack();
      this.answerRestart?.({ restarted: false });
    });
    db.pragma('wal_autocheckpoint = 0');
    // Applied by the writer when it starts the log afresh: the file is cut back to this.
    if (Number.isFinite(options.restartBytes)) db.pragma(`journal_size_limit = ${Math.floor(options.restartBytes)}`);
  }

  /** Starts checkpointing `path` beside `db` (a file in WAL mode); undefined for an in-memory database. */
  static start(db: Database.Database, path: string, options: CheckpointerOptions): WalCheckpointer | undefined {
    if (path === ':memory:' || db.memory) return undefined;
    return new WalCheckpointer(db, path, options);
  }

  /**
   * A promise while the log is restarted (the writer commits nothing until it settles),
   * else undefined. Asks for a restart once a PASSIVE checkpoint of the worker found the
   * log past `restartBytes` (`restartReady`). A restart
   * the worker cannot make within RESTART_WAIT_MS (another process reading or writing
   * meanwhile) settles all the same, and the next is asked no sooner than RETRY_AFTER_MS:
   * a reader in another process must not hold this store's writes back.
   */
  holdForRestart(): Promise<void> | undefined {
    if (this.restarting || this.failed || this.stopped) return this.restarting;
    if (Atomics.load(this.restartReady, 0) === 0 || performance.now() < this.retryAt) return undefined;
    Atomics.store(this.restartReady, 0, 0);
    // Held while it runs: the writes waiting on it may be all that keeps the process alive.
    this.worker.ref();
    this.restarting = new Promise<RestartOutcome>((resolve) => {
      this.answerRestart = resolve;
      this.worker.postMessage('restart');
    }).then((outcome) => {
      this.answerRestart = undefined;
      this.restarting = undefined;
      if (!this.stopped) this.worker.unref();
      if (outcome.restarted) this.counters.logRestarts += 1;
      else {
        this.counters.logRestartsRefused += 1;
        this.retryAt = performance.now() + RETRY_AFTER_MS;
      }
    });
    return this.restarting;
  }

  /** Restarts of the log made and refused (busy), for tests and monitoring. */
  get restarts(): { readonly logRestarts: number; readonly logRestartsRefused: number } {
    return { ...this.counters };
  }

  /** Stops the worker and waits until its connection is closed; the writing connection checkpoints by itself again. */
  stop(): Promise<void> {
    this.stopped ??= new Promise<void>((resolve) => {
      // Held from here: a caller awaiting the stop must not see the process exit first.
      this.worker.ref();
      this.worker.once('exit', () => resolve());
      this.worker.postMessage('stop');
    }).then(() => this.restoreAutoCheckpoint());
    return this.stopped;
  }

  /** Whether the worker failed and the connection went back to checkpointing in its commits. */
  get fellBack(): boolean {
    return this.failed;
  }

  private fallBack(): void {
    if (this.stopped) return;
    this.failed = true;
    this.restoreAutoCheckpoint();
  }

  private restoreAutoCheckpoint(): void {
    if (this.db.open) this.db.pragma('wal_autocheckpoint = 1000');
  }
}

/**
 * The worker, as source (a file would need one path under tsx and another in dist/).
 * Its connection syncs as the writer's does (FULL), so a checkpoint leaves the main file
 * synced before the log can be reused.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { timeout: workerData.busyTimeoutMs });
db.pragma('synchronous = FULL');
const checkpoint = (mode) => {
  try {
    const { busy, log } = db.pragma('wal_checkpoint(' + mode + ')')[0];
    // Past the bound: the writer asks for a restart at its next commit (0: no bound).
    if (mode === 'PASSIVE' && workerData.restartPages > 0 && log >= workerData.restartPages) Atomics.store(workerData.restartReady, 0, 1);
    // busy: 1 when the checkpoint could not finish (a lock another connection holds).
    return busy === 0;
  } catch (error) {
    // SQLITE_BUSY: another connection is checkpointing; the next round tries again.
    if (error && error.code !== 'SQLITE_BUSY' && error.code !== 'SQLITE_LOCKED') throw error;
    return false;
  }
};
const timer = setInterval(() => checkpoint('PASSIVE'), workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message === 'restart') {
    // Waits for the locks no longer than restartWaitMs: the writer holds its commits meanwhile.
    db.pragma('busy_timeout = ' + workerData.restartWaitMs);
    const restarted = checkpoint('RESTART');
    db.pragma('busy_timeout = ' + workerData.busyTimeoutMs);
    parentPort.postMessage({ restarted });
    return;
  }
  if (message !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface CheckpointerOptions {
  readonly intervalMs: number;
  readonly busyTimeoutMs: number;
  /** The log's size from which the writer holds its commits while the log is restarted. */
  readonly restartBytes: number;
}

interface RestartOutcome {
  readonly restarted: boolean;
}

/** How long a restart waits for another connection's lock: as long as the writer's commits are held. */
const RESTART_WAIT_MS = 1_000;
/** After a restart that could not be made, the next is asked no sooner than this. */
const RETRY_AFTER_MS = 5_000;
