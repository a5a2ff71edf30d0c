import v8 from 'node:v8';

/**
 * How far V8 lets the old generation grow past what a collection left live, while a
 * read-model snapshot is read: tenfold (V8's own heuristics allow up to about four).
 */
export const SNAPSHOT_READ_HEAP_GROWING_PERCENT = 900;

/** A loosened heap limit; `end` gives V8 its own heuristics back (once; later calls do nothing). */
export interface OldGenerationGrowth {
  readonly loosened: boolean;
  end(): void;
}

/**
 * Lets the old generation grow tenfold between full collections, until `end`.
 *
 * Why: reading a snapshot builds the models' objects one after another, all of which live
 * on, so every full collection during the read marks everything read so far and frees
 * nothing; the start's release then collects the whole heap once more right after. V8 sets
 * its next limit at up to about four times what a collection left live, and at a million
 * events the read went on past the limit set after the collection at about 155 MiB live:
 * a full collection of 600-700 MiB near the read's end, 0.7-1.2 s of pause (`--trace-gc`),
 * followed by the release's. With a factor of ten the limit after that collection lies past
 * the read's end, and the release's collection is the only large one. (The read's typed
 * arrays, which would start a collection of their own as V8's external memory grows, are
 * made in one buffer up front: see TYPED_POOL_TRAILER_BYTES.)
 *
 * Bounded: it applies from before the read until the models are read (StartUpMemory ends it
 * at the first event folded after them, when folding resumes, and before the release, so the
 * release's collection sets the next limit by V8's own rule). A larger log still has a
 * collection during its read, each one at ten times the last.
 *
 * How: V8 reads `--heap-growing-percent` each time it sets the next limit (0, its default,
 * leaves the factor to its heuristics). A V8 that did not would only start as before.
 */
export function loosenOldGenerationGrowth(): OldGenerationGrowth {
  v8.setFlagsFromString(`--heap-growing-percent=${SNAPSHOT_READ_HEAP_GROWING_PERCENT}`);
  let loosened = true;
  return {
    get loosened() {
      return loosened;
    },
    end() {
      if (!loosened) return;
      loosened = false;
      v8.setFlagsFromString('--heap-growing-percent=0');
    },
  };
}
