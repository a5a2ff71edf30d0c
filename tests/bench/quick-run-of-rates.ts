import type { BenchResults } from '../../bench/bench-results.js';
import { summarise } from '../../bench/measure.js';

/** A run whose absolute rates are `scale` times the given ones: ratios unchanged. */
export function run(rates: { import: number; raw: number; read: number; rawRead: number; rxjs: number; loop: number }, scale = 1): BenchResults {
  const s = (v: number) => summarise([v * scale]);
  return {
    kind: 'quick',
    events: 100_000,
    rounds: 1,
    date: '2026-11-28T00:00:00.000Z',
    machine: { cpus: 2, cpuModel: 'test', memoryGiB: 24, node: 'v20', platform: 'linux' },
    configuration: 'test',
    import: s(rates.import),
    rawInsert: s(rates.raw),
    readAll: s(rates.read),
    rawReadAll: s(rates.rawRead),
    rxjsCatchUp: s(rates.rxjs),
    plainLoopCatchUp: s(rates.loop),
    durationSeconds: 60,
  };
}

/** The quick run committed as the baseline: the run the checks and the targets are read against. */
export const committed = run({ import: 40_000, raw: 80_000, read: 50_000, rawRead: 100_000, rxjs: 90_000, loop: 100_000 });
