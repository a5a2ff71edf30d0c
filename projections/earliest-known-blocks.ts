import { BlockMaxima } from './block-maxima.js';

/**
 * The earliest log position from which any entry of each block of 32 entries is known,
 * so a walk looking for what was known at an earlier position skips whole blocks that
 * were all recorded after it. Serves the timeline's whole-log lists and the dates
 * /changes walks.
 *
 * Why: those lists are sorted by valid time, not by recording. A page "as known at" an
 * early position must pass over every entry recorded later, and where the log was
 * backfilled those are nearly all of them; when fewer than a page are known from the
 * asked day on, the walk went to the end of the list. At a million events a timeline
 * page from a random day at a random `knownAtPosition` took p99 344-370 ms, against
 * 0.45-0.69 ms with the blocks (same store and questions, alternating builds). A log that
 * keeps growing pays no more than the walk the blocks replace (see BlockMaxima), and a
 * log read at many positions between writes (an audit) gets the skips.
 *
 * Kept as the greatest of minus each position: Number() rounds monotonically, so a block
 * whose earliest position rounds above the asked one lies wholly after it; entries
 * themselves are compared exactly.
 */
export class EarliestKnownBlocks<E> extends BlockMaxima<E, bigint> {
  /** `knownFrom`: the log position from which an entry is known (a timeline item's `since`). */
  constructor(private readonly knownFrom: (entry: E) => bigint) {
    super();
  }

  /**
   * The first index from `start` on whose entry is known from `position` or earlier; the
   * list's length if none is. The caller still checks the entry's whole recorded life (it
   * may have been replaced by then).
   */
  nextKnownBy(list: readonly E[], start: number, position: bigint): number {
    return this.nextAnswer(list, start, position);
  }

  protected measure(entry: E): number {
    return -Number(this.knownFrom(entry));
  }

  protected least(position: bigint): number {
    return -Number(position);
  }

  protected answers(entry: E, position: bigint): boolean {
    return this.knownFrom(entry) <= position;
  }
}
