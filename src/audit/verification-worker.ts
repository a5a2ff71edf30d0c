import { parentPort, workerData } from 'node:worker_threads';
import type { ConcordConfig } from '../config.js';
import { openEventStore } from '../store/open-event-store.js';
import type { VerificationRequest, WorkerMessage } from './verification-jobs.js';
import { verifyLog } from './verify-log.js';

/**
 * Runs one verification off the API's thread, on its own store connection, and posts
 * progress and the report back.
 */
async function run(request: VerificationRequest & { config: ConcordConfig }): Promise<void> {
  const post = (message: WorkerMessage) => parentPort!.postMessage(message);
  const store = await openEventStore(request.config);
  try {
    const report = await verifyLog(store, {
      ...(request.until !== null ? { until: BigInt(request.until) } : {}),
      ...(request.liveDigest !== null ? { liveDigest: request.liveDigest } : {}),
      onProgress: (pass, events) => post({ kind: 'progress', pass, events }),
    });
    post({ kind: 'done', report });
  } finally {
    await store.close();
  }
}

run(workerData as VerificationRequest & { config: ConcordConfig }).catch((error: unknown) => {
  parentPort!.postMessage({ kind: 'error', message: error instanceof Error ? error.message : String(error) } satisfies WorkerMessage);
});
