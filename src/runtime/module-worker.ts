import { Worker } from 'node:worker_threads';
import { keepYoungGenerationHeld } from './young-generation.js';

/**
 * Starts the worker module `name` (without extension) that lives beside `callerUrl`: the
 * built file when the caller runs from dist/ (plain JavaScript), or, when it runs from
 * source (tests, `npm run concord`, the benchmarks), the TypeScript file through tsx's
 * loader registered inside the worker (`tsx-worker-bootstrap.mjs`).
 */
export function startModuleWorker(callerUrl: string, name: string, workerData: object): Worker {
  const worker = callerUrl.endsWith('.js')
    ? new Worker(new URL(`./${name}.js`, callerUrl), { workerData })
    : new Worker(new URL('./tsx-worker-bootstrap.mjs', import.meta.url), {
        workerData: { ...workerData, tsEntry: new URL(`./${name}.ts`, callerUrl).href },
      });
  // Making its isolate ends a hold of the young generation (see keepYoungGenerationHeld),
  // set again once it runs: a caller that may run under one awaits 'online' before it
  // allocates much.
  worker.once('online', keepYoungGenerationHeld);
  return worker;
}
