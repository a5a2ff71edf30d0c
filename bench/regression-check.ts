import { readRatioOf, type BenchResults } from './bench-results.js';

/** Ratios measured side by side in one run: comparable across machines, unlike times. */
export function ratiosOf(r: BenchResults): Record<string, number> {
  return {
    'import / raw insert': r.import.median / r.rawInsert.median,
    'read all / raw read': readRatioOf(r),
    'RxJS catch-up / plain loop': r.rxjsCatchUp.median / r.plainLoopCatchUp.median,
  };
}

/** Names every ratio that fell below half of the baseline's (or could not be measured). */
export function compareWithBaseline(current: BenchResults, baseline: BenchResults): string[] {
  const now = ratiosOf(current);
  const then = ratiosOf(baseline);
  return Object.entries(then)
    .filter(([name, value]) => !((now[name] ?? NaN) >= value / 2))
    .map(([name, value]) => `${name} fell to ${(now[name] ?? NaN).toFixed(3)} from ${value.toFixed(3)} (below half)`);
}

/** One line per ratio, now against the baseline, for the check's log. */
export function describeRatios(current: BenchResults, baseline: BenchResults): string[] {
  const now = ratiosOf(current);
  return Object.entries(ratiosOf(baseline)).map(([name, value]) => `${name}: ${(now[name] ?? NaN).toFixed(3)} (committed ${value.toFixed(3)}, fails below ${(value / 2).toFixed(3)})`);
}
