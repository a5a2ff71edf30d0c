import { PHASE_SHARES, type BenchOptions, type Phase } from './bench-options.js';
import { progress } from './measure.js';

/**
 * What a round may say of the next: how long a repeat of it is expected to take, when it
 * did work the next will not (the cold start's first round also answers questions, writes
 * the snapshot and the digest: about 85 s at 1M, where a repeat takes about 35).
 */
export interface RoundOutcome {
  readonly repeatMs: number;
}

/**
 * Runs up to `rounds` rounds of one phase, always the first, and another only while the
 * next round (as long as the last, unless it said otherwise) still fits in the phase's
 * share of the run's budget: the workload is never made smaller, the run takes fewer
 * rounds and says so.
 */
export class RoundBudget {
  readonly skipped: string[] = [];

  constructor(private readonly options: BenchOptions) {}

  async rounds(phase: Phase, label: string, round: (index: number) => Promise<void | RoundOutcome>): Promise<void> {
    const deadline = performance.now() + PHASE_SHARES[phase] * this.options.budgetMinutes * 60_000;
    for (let r = 0; r < this.options.rounds; r++) {
      const start = performance.now();
      const outcome = await round(r);
      const took = outcome ? outcome.repeatMs : performance.now() - start;
      if (r + 1 < this.options.rounds && performance.now() + took > deadline) {
        const note = `${label}: ${r + 1} of ${this.options.rounds} rounds (another would overrun its ${Math.round(PHASE_SHARES[phase] * this.options.budgetMinutes * 60)} s share of the budget)`;
        this.skipped.push(note);
        progress(note);
        return;
      }
    }
  }
}
