import { releaseCatchUpMemory, type MemoryRelease } from './release-catch-up-memory.js';
import { loosenOldGenerationGrowth, type OldGenerationGrowth } from './old-generation-growth.js';
import { holdYoungGeneration, type YoungGenerationHold } from './young-generation.js';

/**
 * Below this many events folded after the snapshot the models were read from, the release
 * after the catch-up is light. The same bound as the snapshot `serve` writes by default
 * (CONCORD_SNAPSHOT_AFTER_EVENTS): a start past it writes a new snapshot, lets the folded
 * models go with a full release, and reads the new one back with nothing after it. A
 * fold's garbage, promoted through a young generation held small, leaves old pages
 * part-empty, which only the low-memory collection compacts.
 */
export const LIGHT_RELEASE_MAX_FOLDED = 100_000;

/** How the models being released came to be. */
export interface StartedModels {
  /** Read from a snapshot (else folded from the start of the log). */
  readonly fromSnapshot: boolean;
  /** Events folded after the snapshot, or from the start. */
  readonly folded: number;
}

/** CONCORD_RELEASE_MEMORY_AFTER_CATCH_UP, as the config gives it. */
export type ReleaseMode = 'release' | 'compact' | false;

/**
 * The memory side of a start-up, for `serve` and the benchmark's cold start alike: the
 * young generation is brought to its least and held there from before a snapshot is read
 * until the release after the catch-up (src/runtime/young-generation.ts), and that
 * release is light (one ordinary collection, see ReleaseOptions.light) when the models
 * were read from a snapshot with little folded after it. A start that folds the log from
 * its beginning lets the young generation grow and releases in full, as before. While the
 * snapshot is read, and only then, the old generation may also grow further between
 * collections than V8 would let it (src/runtime/old-generation-growth.ts). With the
 * release off or compacting every page nothing is held: the hold only pays for itself
 * (a read about 1 s longer at a million events) through the light release.
 */
export class StartUpMemory {
  private hold: YoungGenerationHold | undefined;
  /** The old generation's growth loosened while a snapshot is read (see loosenOldGenerationGrowth). */
  private growth: OldGenerationGrowth | undefined;

  constructor(private readonly mode: ReleaseMode) {}

  /**
   * Before a snapshot is read, whether or not it turns out usable: the young generation is
   * brought down to its least first (`serve` loading its modules had grown it to two 64
   * MiB semi-spaces, which a hold would have kept), by the low-memory collection while the
   * heap is still small (tens of ms), then held there.
   */
  async readingSnapshot(): Promise<void> {
    await this.holdFromItsLeast();
    if (this.mode === 'release' && !this.growth?.loosened) this.growth = loosenOldGenerationGrowth();
  }

  /**
   * Before the models are written to a snapshot (`serve`'s first start, `concord
   * snapshot`): the same as before a read, so that what the fold left (its garbage, a
   * young generation of two 64 MiB semi-spaces) is given back before the writer's tables
   * of every object, string and position grow on top of the models, and the young
   * generation stays small while they do. At 1,000,000 events a first `serve` (fold,
   * write, read back) peaked at 1,241 MiB resident against 1,435-1,476 MiB without this,
   * ready in 61 s against 60-67 s (2026-12-02): the release's 3 s before the write, and a
   * write no slower. `folding` (or `release`) ends the hold after the write.
   */
  async writingSnapshot(): Promise<void> {
    await this.holdFromItsLeast();
  }

  private async holdFromItsLeast(): Promise<void> {
    if (this.mode !== 'release' || this.hold?.holding) return;
    await releaseCatchUpMemory();
    this.hold = holdYoungGeneration();
  }

  /** Before the log is folded from its beginning, or models are let go: the young generation grows again. */
  folding(): void {
    this.hold?.end();
    this.growth?.end();
  }

  /**
   * Told the count of events folded so far, at each one: past LIGHT_RELEASE_MAX_FOLDED the
   * release will be full, so the rest of the fold has its young generation back.
   */
  folded(count: number): void {
    // The snapshot is read once events fold after it: its heap limit back to V8's rule.
    if (count === 1) this.growth?.end();
    if (count === LIGHT_RELEASE_MAX_FOLDED) this.folding();
  }

  /** Whether the release of models started this way is light. */
  isLight(started: StartedModels): boolean {
    return this.mode === 'release' && this.hold?.holding === true && started.fromSnapshot && started.folded < LIGHT_RELEASE_MAX_FOLDED;
  }

  /** Gives the catch-up's spare memory back as the mode says (nothing when off), and ends the hold. */
  async release(started: StartedModels): Promise<MemoryRelease | undefined> {
    const { mode } = this;
    // Before the release's collection, so that it sets the next limit by V8's own rule.
    this.growth?.end();
    try {
      return mode === false ? undefined : await releaseCatchUpMemory({ compactEveryPage: mode === 'compact', light: this.isLight(started) });
    } finally {
      this.folding();
    }
  }
}
