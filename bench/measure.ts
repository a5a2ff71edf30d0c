/** Summary statistics of repeated measurements; medians because these machines are noisy. */
export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly rounds: number[];
}

export function summarise(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: percentile(sorted, 50), min: sorted[0] ?? NaN, max: sorted.at(-1) ?? NaN, rounds: [...values] };
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export async function timed<T>(work: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

export function perSecond(count: number, ms: number): number {
  return Math.round(count / (ms / 1000));
}

export function progress(message: string): void {
  // Elapsed since the process started, so a long run shows where its time goes.
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)} +${Math.round(performance.now() / 1000)}s] ${message}\n`);
}
