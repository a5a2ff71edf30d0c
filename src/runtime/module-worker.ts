import { Worker } from 'node:worker_threads';

/**
 * Starts the worker module `name` (without extension) that lives beside `callerUrl`: the
 * built file when the caller runs from dist/ (plain JavaScript), or, when it runs from
 * source (tests, `npm run concord`, the benchmarks), the TypeScript file through tsx's
 * loader registered inside the worker (`tsx-worker-bootstrap.mjs`).
 */
export function startModuleWorker(callerUrl: string, name: string, workerData: object): Worker {
  if (callerUrl.endsWith('.js')) return new Worker(new URL(`./${name}.js`, callerUrl), { workerData });
  return new Worker(new URL('./tsx-worker-bootstrap.mjs', import.meta.url), {
    workerData: { ...workerData, tsEntry: new URL(`./${name}.ts`, callerUrl).href },
  });
}
