// Starts a TypeScript worker when Concord runs from source (tests, `npm run concord`):
// registers tsx's loader in this worker thread, then loads the entry the parent named.
// The built dist/ starts its compiled workers directly and never loads this file.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.tsEntry);
