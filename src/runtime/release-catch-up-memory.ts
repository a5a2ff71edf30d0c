import inspector from 'node:inspector';
import v8 from 'node:v8';
import vm from 'node:vm';

/** What one release did, for the log and the benchmark. */
export interface MemoryRelease {
  /** The whole release: the low-memory collection and the ordinary one after it (light: the ordinary one, and the young-generation one after it, see freeWhatItFreed). */
  readonly ms: number;
  /** Of `ms`, the ordinary collection (see settleHeapLimit). */
  readonly settleMs: number;
  /** Whether every page of the old generation was compacted (see compactingEveryPage). */
  readonly compacted: boolean;
  /** Whether only the ordinary collection ran (see ReleaseOptions.light). */
  readonly light: boolean;
  readonly rssBefore: number;
  readonly rssAfter: number;
  readonly heapCommittedBefore: number;
  readonly heapCommittedAfter: number;
}

export interface ReleaseOptions {
  readonly compactEveryPage?: boolean;
  /**
   * Only the ordinary collection, no low-memory one: for models read from a snapshot with
   * the young generation held small (see src/runtime/start-up-memory.ts). What the
   * low-memory collection is for, shrinking the young generation and the pages a fold's
   * garbage left part-empty, such a start does not have: the reader allocates the models
   * one after another, its garbage (the file's bytes, its tables) is whole buffers and
   * large arrays, which any collection frees. Ignored with `compactEveryPage`.
   */
  readonly light?: boolean;
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
 * which shrinks the young generation, compacts the most fragmented pages (every page when
 * asked, see compactingEveryPage) and unmaps what it freed. Node offers no other way to ask for it than the inspector protocol's
 * `HeapProfiler.collectGarbage`, posted on an in-process session: no port is opened and
 * nothing is enabled. After a fold, a plain `gc()` (with --expose-gc) frees the objects
 * but keeps the pages, so the resident memory does not move.
 *
 * Then one ordinary full collection (see settleHeapLimit), so that the next one does not
 * come with the first requests.
 *
 * Cost: it stops the process while it runs, 6-14 s at 1,000,000 events and 0.5-0.6 s at
 * 100,000 (bench/RESULTS.md), so it runs once, before the server listens. It leaves the
 * young generation at 1 MiB; Concord's node flags let it grow back in a few steps
 * (src/cli/node-flags.ts).
 *
 * With `light`, only that ordinary collection (see ReleaseOptions.light).
 *
 * Resolves undefined where Node was built without the inspector (unless `light`).
 */
export async function releaseCatchUpMemory(options: ReleaseOptions = {}): Promise<MemoryRelease | undefined> {
  const light = options.light === true && options.compactEveryPage !== true;
  const rssBefore = process.memoryUsage.rss();
  const heapCommittedBefore = process.memoryUsage().heapTotal;
  const start = performance.now();
  if (!light) {
    let session: inspector.Session;
    try {
      session = new inspector.Session();
      session.connect();
    } catch {
      return undefined;
    }
    try {
      const collect = () => new Promise<void>((resolve, reject) => session.post('HeapProfiler.collectGarbage', (error) => (error ? reject(error) : resolve())));
      await (options.compactEveryPage ? compactingEveryPage(collect) : collect());
    } finally {
      session.disconnect();
    }
  }
  const settleStart = performance.now();
  settleHeapLimit();
  const settleMs = performance.now() - settleStart;
  if (light) freeWhatItFreed();
  return {
    ms: performance.now() - start,
    settleMs,
    compacted: options.compactEveryPage === true,
    light,
    rssBefore,
    rssAfter: process.memoryUsage.rss(),
    heapCommittedBefore,
    heapCommittedAfter: process.memoryUsage().heapTotal,
  };
}

/**
 * Runs a collection with V8 compacting every page of the old generation, not only the
 * most fragmented ones, then turns that off again for every later collection.
 *
 * Why: a catch-up leaves the read models spread over pages its garbage shared. Left to
 * pick, V8 moves only some of them: at 1,000,000 events on Node 20 the old generation
 * kept 685 MiB of pages for 576 MiB of objects, and on Node 24, which picks fewer, 892
 * MiB for 601. Compacting all of them, RSS after the release (cold starts at 1M): 781-784
 * MiB against 882-883 on Node 20, 835 against 1,096 on Node 24.
 *
 * Why not by default: every object is copied into new pages before the old ones are
 * unmapped, so the start-up's peak RSS rises from the catch-up's 1.22-1.24 GB to
 * 1.75-1.82 GB on Node 20 (2.09 GB on Node 24), where a container's memory limit applies.
 * Compacting after an ordinary release instead (two collections) peaked at 1.54 GB and
 * took twice as long.
 *
 * Only this collection: in the ordinary one after it (settleHeapLimit), compacting again
 * moved every object a second time into new pages, and V8 kept the old ones (RSS 1.4 GiB).
 * An unknown flag would only print a warning, so a V8 without it releases as before.
 */
async function compactingEveryPage(collect: () => Promise<void>): Promise<void> {
  v8.setFlagsFromString('--compact-on-every-full-gc');
  try {
    await collect();
  } finally {
    v8.setFlagsFromString('--no-compact-on-every-full-gc');
  }
}

/**
 * One ordinary full collection. A memory-reducing collection sets the old generation's
 * next limit barely above the live heap, so a server's first few MiB of promoted objects
 * start a full marking of the whole heap under load. At 1,000,000 events that was 3.4 s of
 * marking steps (up to 72 ms each) in the first 4 s of serving, and the first GET round
 * served 358-416 req/s with p99 3.4 s. An ordinary collection sets the limit with V8's
 * usual growth factor instead: 692 req/s, p99 137 ms, for 2.6-4.7 s more before listening.
 * The resident memory stays where the release left it.
 */
function settleHeapLimit(): void {
  collect();
}

/**
 * After an ordinary collection V8's background threads return the pages and buffers it
 * freed to the system, at their own pace: at a million events, after a start from a
 * snapshot, the resident memory stayed at 1.1 GB for 25-100 ms, then fell to 0.75 GB by
 * steps over 100-200 ms. A young-generation collection right after it finishes that work
 * first (76-116 ms there, the young generation being nearly empty): 0.75 GB at once, so
 * the server listens, and reports its memory, once it is back.
 */
function freeWhatItFreed(): void {
  collect({ type: 'minor' });
}

type Gc = (options?: { type: 'minor' }) => void;

/**
 * A collection (a full one unless told). Node exposes collections only as `gc`
 * (--expose-gc): this takes it from a new context made while the flag is briefly on, then
 * turns the flag off again, so no later context or worker gets a `gc` of its own.
 */
function collect(options?: { type: 'minor' }): void {
  const exposed = (globalThis as { gc?: Gc }).gc;
  if (exposed) return collectWith(exposed, options);
  v8.setFlagsFromString('--expose-gc');
  try {
    collectWith(vm.runInNewContext('gc') as Gc, options);
  } finally {
    v8.setFlagsFromString('--no-expose-gc');
  }
}

/**
 * A full collection is `gc()` with no argument at all: Node 24's V8 takes `gc(undefined)`
 * for options it does nothing with (0.3 ms against 218 ms for `gc()` over 3 million
 * objects), and Node 20's takes `{ type: 'major' }` likewise.
 */
function collectWith(gc: Gc, options: { type: 'minor' } | undefined): void {
  if (options === undefined) gc();
  else gc(options);
}
