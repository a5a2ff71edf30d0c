import { PHASE_SHARES, type BenchOptions, type Phase } from './bench-options.js';
import { progress } from './measure.js';

/**
 * Runs up to `rounds` rounds of one phase, always the first, and another only while the
 * last round's duration still fits in the phase's share of the run's budget: the workload
 * is never made smaller, the run takes fewer rounds and says so.
 */
export class RoundBudget {
  readonly skipped: string[] = [];

  constructor(private readonly options: BenchOptions) {}

  async rounds(phase: Phase, label: string, round: (index: number) => Promise<void>): Promise<void> {
    const deadline = performance.now() + PHASE_SHARES[phase] * this.options.budgetMinutes * 60_000;
    for (let r = 0; r < this.options.rounds; r++) {
      const start = performance.now();
      await round(r);
      const took = performance.now() - start;
      if (r + 1 < this.options.rounds && performance.now() + took > deadline) {
        const note = `${label}: ${r + 1} of ${this.options.rounds} rounds (another would overrun its ${Math.round(PHASE_SHARES[phase] * this.options.budgetMinutes * 60)} s share of the budget)`;
        this.skipped.push(note);
        progress(note);
        return;
      }
    }
  }
}
