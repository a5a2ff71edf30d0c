import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { snapshotTempFile } from '../../projections/snapshot/snapshot-file.js';
import type { Logger } from '../observability/logger.js';

export interface SnapshotRefresherOptions {
  /** Events folded while serving before a new snapshot is written; 0: never. */
  readonly everyEvents: number;
  /** The snapshot the child writes (its temporary file is removed if the run is stopped). */
  readonly file: string;
  /**
   * The least time between the starts of two runs, in ms: a server written to quickly
   * would otherwise keep a core and the child's memory busy refreshing (at a million
   * events a run takes about a minute).
   */
  readonly minIntervalMs: number;
  /** Starts `concord snapshot` (see snapshot-command-process.ts). */
  readonly run: () => ChildProcess;
  readonly now?: () => number;
  readonly logger: Logger;
}

export interface SnapshotRefreshStatus {
  readonly running: boolean;
  /** Events folded since the last refresh started (or since serving began). */
  readonly foldedSince: number;
  readonly succeeded: number;
  readonly failed: number;
}

/** Output kept of a run, for the log when it fails. */
const KEPT_OUTPUT = 4_000;

/**
 * Keeps the read-model snapshot near the log while `serve` runs, so that a restart
 * starts from it. Without it the snapshot stood where the last start-up left it: a
 * server restarted after a day's writes loaded it, folded everything since, and, past
 * CONCORD_SNAPSHOT_AFTER_EVENTS, wrote and read back a new one before it listened (at a
 * million events about a minute and a half). Every `everyEvents` events folded, a child
 * process runs `concord snapshot`, which starts from the current snapshot, folds the rest
 * and replaces the file whole: its CPU and memory are its own (the second core), and
 * the server neither waits for it nor holds its models still meanwhile. One run at a
 * time, and runs at least `minIntervalMs` apart (events keep counting meanwhile, and a run
 * due too soon starts when the interval has passed); a failed run is logged and the next
 * is due after as many events again.
 */
export class SnapshotRefresher {
  private foldedSince = 0;
  private child: ChildProcess | undefined;
  private armed = false;
  private stopping = false;
  private counts = { succeeded: 0, failed: 0 };
  private lastStartedAt = Number.NEGATIVE_INFINITY;
  /** The timer of a run that is due but waits for the least interval. */
  private waiting: NodeJS.Timeout | undefined;

  constructor(private readonly options: SnapshotRefresherOptions) {}

  /** From now on events count toward a refresh (the start-up's catch-up has its own rule). */
  arm(): void {
    this.armed = this.options.everyEvents > 0;
  }

  eventFolded(): void {
    if (!this.armed || this.stopping) return;
    this.foldedSince += 1;
    if (this.foldedSince < this.options.everyEvents || this.child !== undefined) return;
    const wait = this.lastStartedAt + this.options.minIntervalMs - this.now();
    if (wait <= 0) {
      this.start();
      return;
    }
    // Due, but too soon: it starts when the interval has passed, whether or not more events come.
    this.waiting ??= setTimeout(() => {
      this.waiting = undefined;
      if (!this.stopping && this.child === undefined && this.foldedSince >= this.options.everyEvents) this.start();
    }, wait).unref();
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  status(): SnapshotRefreshStatus {
    return { running: this.child !== undefined, foldedSince: this.foldedSince, ...this.counts };
  }

  /** Stops a run in progress (its temporary file is removed, the snapshot left as it was) and starts no other. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.waiting);
    const child = this.child;
    if (child === undefined) return;
    const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
    child.kill('SIGTERM');
    await exited;
  }

  private start(): void {
    const { logger, run } = this.options;
    const events = this.foldedSince;
    this.foldedSince = 0;
    this.lastStartedAt = this.now();
    const started = performance.now();
    let output = '';
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-KEPT_OUTPUT));
    let child: ChildProcess;
    try {
      child = run();
    } catch (error) {
      this.counts.failed += 1;
      logger.warn({ err: error }, 'could not start `concord snapshot` to refresh the read-model snapshot');
      return;
    }
    this.child = child;
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    logger.info({ events, pid: child.pid }, 'refreshing the read-model snapshot in a child process');
    let failure: Error | undefined;
    child.once('error', (error) => (failure = error));
    child.once('close', (code, signal) => {
      this.child = undefined;
      const ms = Math.round(performance.now() - started);
      if (code === 0 && failure === undefined) {
        this.counts.succeeded += 1;
        logger.info({ ms, result: output.trim().split('\n').at(-1) }, 'refreshed the read-model snapshot');
        return;
      }
      this.counts.failed += 1;
      // A run stopped part way leaves its temporary file (the snapshot itself is replaced whole or not at all).
      if (child.pid !== undefined) rmSync(snapshotTempFile(this.options.file, child.pid), { force: true });
      if (this.stopping) return;
      logger.warn({ ms, code, signal, err: failure, output: output.trim() }, 'refreshing the read-model snapshot failed; the previous one stays, the next try is due after as many events again');
    });
  }
}
