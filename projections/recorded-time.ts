import type { ConcordEvent } from '../events/decode-event.js';
import type { Projection } from './engine.js';

/**
 * Recorded time along the log: for each applied position, the latest `recordedAt` of any
 * event up to it. That running maximum never decreases along positions even when the
 * writers' clocks disagree, so "the longest prefix of the log recorded at or before T"
 * is one binary search, and every position maps back to the recorded time it reflects.
 *
 * Kept as runs: positions in a row that reflect the same recorded time are one run,
 * noted by its first and last positions (positions need not be consecutive numbers). An import records thousands of developments a second, so
 * its events share recorded times; three entries per event were 24 bytes of each.
 */
export class RecordedTimeIndex {
  /** Per run: its first and last positions, the running maximum over it (ms since 1970), and that maximum as recorded. */
  private readonly firstPositions: bigint[] = [];
  private readonly lastPositions: bigint[] = [];
  private readonly runningMaxMs: number[] = [];
  private readonly runningMaxText: string[] = [];

  add(event: ConcordEvent): void {
    const { position } = event;
    const ms = Date.parse(event.metadata.recordedAt);
    const last = this.runningMaxMs.length - 1;
    if (last >= 0 && this.runningMaxMs[last]! >= ms) {
      this.lastPositions[last] = position;
      return;
    }
    this.firstPositions.push(position);
    this.lastPositions.push(position);
    this.runningMaxMs.push(ms);
    this.runningMaxText.push(event.metadata.recordedAt);
  }

  /** The last position whose prefix was all recorded at or before `ms`; undefined when none was. */
  positionKnownAt(ms: number): bigint | undefined {
    const i = lastIndexWhere(this.runningMaxMs.length, (k) => this.runningMaxMs[k]! <= ms);
    return i < 0 ? undefined : this.lastPositions[i];
  }

  /** The recorded time the log up to `position` reflects; undefined before the first event. */
  recordedAtOf(position: bigint): string | undefined {
    // The run of the last applied position at or before `position`.
    const i = lastIndexWhere(this.firstPositions.length, (k) => this.firstPositions[k]! <= position);
    return i < 0 ? undefined : this.runningMaxText[i];
  }

  /** Up to `count` applied positions spread over the log, the last applied one among them, in order. */
  samplePositions(count: number): bigint[] {
    const runs = this.firstPositions.length;
    if (runs === 0) return [];
    const step = Math.max(1, Math.floor(runs / count));
    const sample: bigint[] = [];
    for (let i = 0; i < runs && sample.length < count - 1; i += step) sample.push(this.firstPositions[i]!);
    const head = this.lastPositions[runs - 1]!;
    if (sample.at(-1) !== head) sample.push(head);
    return sample;
  }

  /** The last applied position. */
  head(): bigint | undefined {
    return this.lastPositions.at(-1);
  }
}

/** Index of the last element for which `holds` is true, given it holds for a prefix; -1 when none. */
function lastIndexWhere(length: number, holds: (index: number) => boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (holds(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

export const recordedTimeProjection: Projection<RecordedTimeIndex> = {
  name: 'recorded-time',
  apply: (index, event) => index.add(event),
};
