import { describe, expect, it } from 'vitest';
import { parseBenchOptions } from '../../bench/bench-options.js';
import { RoundBudget } from '../../bench/round-budget.js';

/** A clock the rounds advance by hand: `performance.now` as the budget reads it. */
function withClock<T>(run: (advance: (ms: number) => void) => Promise<T>): Promise<T> {
  let now = 1_000;
  const real = performance.now.bind(performance);
  performance.now = () => now;
  return run((ms) => (now += ms)).finally(() => {
    performance.now = real;
  });
}

// The cold start's share is 14% of the budget: 8.4 s of a 1-minute budget.
const options = () => parseBenchOptions(['--rounds', '3', '--budget-minutes', '1']);

describe('the round budget', () => {
  it('given a first round as long as the share, runs no other and says so', async () => {
    const budget = new RoundBudget(options());
    const ran = await withClock(async (advance) => {
      let rounds = 0;
      await budget.rounds('coldStart', 'cold start', async () => {
        rounds += 1;
        advance(5_000);
      });
      return rounds;
    });
    expect(ran).toBe(1);
    expect(budget.skipped).toEqual(['cold start: 1 of 3 rounds (another would overrun its 8 s share of the budget)']);
  });

  it('given a first round that did work a repeat will not, plans the next by what the round said a repeat takes', async () => {
    const budget = new RoundBudget(options());
    const ran = await withClock(async (advance) => {
      let rounds = 0;
      await budget.rounds('coldStart', 'cold start', async (r) => {
        rounds += 1;
        advance(r === 0 ? 5_000 : 1_500);
        return r === 0 ? { repeatMs: 1_500 } : undefined;
      });
      return rounds;
    });
    expect(ran).toBe(3);
    expect(budget.skipped).toEqual([]);
  });
});
