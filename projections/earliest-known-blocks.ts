import { BlockMaxima } from './block-maxima.js';

/** What the blocks read of an entry: the log position from which it is known (an exact number, below 2^53). */
export interface KnownFromKeys<E> {
  since(entry: E): number;
}

/**
 * The earliest log position from which any entry of each block of 32 entries is known,
 * so a walk looking for what was known at an earlier position skips whole blocks that
 * were all recorded after it. Serves the timeline's whole-log lists (the dates /changes
 * walks keep their own, see DatesKnownBlocks).
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
 * Kept as the greatest of minus each position: the greatest measure of a block is then
 * its earliest position, and positions are exact numbers, so a block whose earliest
 * position is above the asked one lies wholly after it.
 */
export class EarliestKnownBlocks<E> extends BlockMaxima<E, number> {
  /** A reference to the keys the lists share (a table, written once to a snapshot), not a function: a snapshot cannot hold one. */
  constructor(private readonly keys: KnownFromKeys<E>) {
    super();
  }

  /**
   * The first index from `start` on whose entry is known from `position` or earlier; the
   * list's length if none is. The caller still checks the entry's whole recorded life (it
   * may have been replaced by then).
   */
  nextKnownBy(list: readonly E[], start: number, position: number): number {
    return this.nextAnswer(list, start, position);
  }

  /**
   * The position as kept, a number beside the entry's other keys. (With bigint positions,
   * following `since` to its bigint and converting it took measuring the million entries
   * of a timeline 925 ms; reading a first version's own `seq` instead, 525 ms.)
   */
  protected measure(entry: E): number {
    return -this.keys.since(entry);
  }

  protected least(position: number): number {
    return -position;
  }

  protected answers(entry: E, position: number): boolean {
    return this.keys.since(entry) <= position;
  }
}
