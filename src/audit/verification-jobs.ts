import { Worker } from 'node:worker_threads';
import { v4 as uuidv4 } from 'uuid';
import type { ConcordConfig } from '../config.js';
import { startModuleWorker } from '../runtime/module-worker.js';
import type { VerificationReport } from './verify-log.js';

/** What a worker is asked to verify: up to a position, against the live digest taken there. */
export interface VerificationRequest {
  readonly until: string | null;
  readonly liveDigest: string | null;
}

export type WorkerMessage =
  | { readonly kind: 'progress'; readonly pass: 1 | 2; readonly events: number }
  | { readonly kind: 'done'; readonly report: VerificationReport }
  | { readonly kind: 'error'; readonly message: string };

export interface VerificationJob {
  readonly id: string;
  status: 'running' | 'passed' | 'failed' | 'error';
  readonly startedAt: string;
  finishedAt: string | null;
  /** The pinned position verified up to; null until the live digest is taken. */
  position: string | null;
  progress: { pass: 1 | 2; events: number } | null;
  report: VerificationReport | null;
  error: string | null;
}

/**
 * The live read models' digest at one position. Taken in slices that leave the event loop
 * free, with the models held at that position meanwhile, so both describe one moment.
 */
export type LiveDigest = () => Promise<{ position: bigint | undefined; digest: string }>;

const KEEP_FINISHED = 20;

function startWorker(data: object): Worker {
  return startModuleWorker(import.meta.url, 'verification-worker', data);
}

/**
 * Verification runs over HTTP: one at a time (a second would only halve the speed of
 * both on a small machine), each in a worker thread so the API never waits for it.
 */
export class VerificationJobs {
  private readonly jobs = new Map<string, VerificationJob>();
  private readonly workers = new Map<string, Worker>();

  constructor(private readonly config: ConcordConfig, private readonly live: LiveDigest, private readonly clock: () => Date = () => new Date()) {}

  /** The job already running, if any. */
  running(): VerificationJob | undefined {
    return [...this.jobs.values()].find((j) => j.status === 'running');
  }

  /** Starts a run and answers at once; the live digest and the worker follow in the background. */
  start(): VerificationJob {
    const job: VerificationJob = {
      id: uuidv4(),
      status: 'running',
      startedAt: this.clock().toISOString(),
      finishedAt: null,
      position: null,
      progress: null,
      report: null,
      error: null,
    };
    this.jobs.set(job.id, job);
    this.forgetOld();
    this.live().then(
      ({ position, digest }) => {
        job.position = position === undefined ? null : position.toString();
        if (job.status === 'running') this.runWorker(job, { until: job.position, liveDigest: position === undefined ? null : digest });
      },
      (error: unknown) => {
        job.status = 'error';
        job.error = `the live read models could not be digested: ${(error as Error).message}`;
        job.finishedAt = this.clock().toISOString();
      },
    );
    return job;
  }

  private runWorker(job: VerificationJob, request: VerificationRequest): void {
    const worker = startWorker({ ...request, config: this.config });
    const finish = (status: VerificationJob['status']) => {
      if (job.status !== 'running') return;
      job.status = status;
      job.finishedAt = this.clock().toISOString();
      this.workers.delete(job.id);
      void worker.terminate();
    };
    worker.on('message', (message: WorkerMessage) => {
      if (message.kind === 'progress') job.progress = { pass: message.pass, events: message.events };
      else if (message.kind === 'done') {
        job.report = message.report;
        finish(message.report.ok ? 'passed' : 'failed');
      } else {
        job.error = message.message;
        finish('error');
      }
    });
    worker.on('error', (error) => {
      job.error = error.message;
      finish('error');
    });
    worker.on('exit', (code) => {
      if (job.status === 'running') {
        job.error = `the verification worker exited with code ${code}`;
        finish('error');
      }
    });
    this.workers.set(job.id, worker);
  }

  get(id: string): VerificationJob | undefined {
    return this.jobs.get(id);
  }

  async close(): Promise<void> {
    await Promise.all([...this.workers.values()].map((w) => w.terminate()));
    this.workers.clear();
  }

  private forgetOld(): void {
    const finished = [...this.jobs.values()].filter((j) => j.status !== 'running');
    for (const job of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.delete(job.id);
  }
}
