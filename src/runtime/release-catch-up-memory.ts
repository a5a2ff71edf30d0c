import inspector from 'node:inspector';

/** What one release did, for the log and the benchmark. */
export interface MemoryRelease {
  readonly ms: number;
  readonly rssBefore: number;
  readonly rssAfter: number;
  readonly heapCommittedBefore: number;
  readonly heapCommittedAfter: number;
}

/**
 * Gives back to the system the memory a catch-up used and no longer needs.
 *
 * Why: a catch-up folds the whole log, allocating far more than the read models keep. V8
 * leaves the young generation at its largest (two 64 MiB semi-spaces with Concord's
 * flags) and the old generation's pages part-empty, and gives neither back while the
 * process is busy. At 1,000,000 events the resident memory after a catch-up was about
 * 1.3 GiB for 787 MiB of live objects.
 *
 * How: V8's "low memory" collection (what it runs on a system's memory-pressure signal),
 * which shrinks the young generation, compacts the most fragmented pages and unmaps
 * what it freed. Node offers no other way to ask for it than the inspector protocol's
 * `HeapProfiler.collectGarbage`, posted on an in-process session: no port is opened and
 * nothing is enabled. A plain `gc()` (with --expose-gc) frees the objects but keeps the
 * pages, so the resident memory does not move.
 *
 * Cost: it stops the process while it runs, 5-12 s at 1,000,000 events and 0.5-0.6 s at
 * 100,000 (bench/RESULTS.md), so it runs once, before the server listens. It leaves the
 * young generation at 1 MiB; Concord's node flags let it grow back in a few steps
 * (src/cli/node-flags.ts).
 *
 * Resolves undefined where Node was built without the inspector.
 */
export async function releaseCatchUpMemory(): Promise<MemoryRelease | undefined> {
  let session: inspector.Session;
  try {
    session = new inspector.Session();
    session.connect();
  } catch {
    return undefined;
  }
  const rssBefore = process.memoryUsage.rss();
  const heapCommittedBefore = process.memoryUsage().heapTotal;
  const start = performance.now();
  try {
    await new Promise<void>((resolve, reject) => session.post('HeapProfiler.collectGarbage', (error) => (error ? reject(error) : resolve())));
  } finally {
    session.disconnect();
  }
  return {
    ms: performance.now() - start,
    rssBefore,
    rssAfter: process.memoryUsage.rss(),
    heapCommittedBefore,
    heapCommittedAfter: process.memoryUsage().heapTotal,
  };
}
