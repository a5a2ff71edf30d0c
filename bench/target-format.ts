/**
 * How the targets' figures are written and judged (targets.ts): numbers, durations,
 * ratios, sizes and latencies as the results show them, and a verdict against a bound.
 */
import type { Summary } from './measure.js';
import type { Latency } from './workloads/projection-workloads.js';

export const n = (v: number) => Math.round(v).toLocaleString('en-GB');
export const ms = (v: number) => `${v.toFixed(v < 10 ? 3 : 1)} ms`;
export const x = (v: number) => `${v.toFixed(2)}x`;
export const range = (s: Summary, f: (v: number) => string = n) => (s.rounds.length > 1 ? `${f(s.median)} (${f(s.min)}–${f(s.max)})` : f(s.median));

/** At least `min`: a miss says what fraction of the target it reached and the factor still needed. */
export function atLeast(value: number, min: number): string {
  if (value >= min) return 'met';
  return `**missed**: ${((value / min) * 100).toFixed(0)}% of the target, ${(min / value).toFixed(1)}x short`;
}

/** At most `max`: a miss says how many times the limit it took. */
export function atMost(value: number, max: number): string {
  if (value <= max) return 'met';
  // Near the limit one decimal would read "1.0x": say by how much in percent instead.
  const ratio = value / max;
  return ratio < 1.1 ? `**missed**: ${((ratio - 1) * 100).toFixed(1)}% over the limit` : `**missed**: ${ratio.toFixed(1)}x the limit`;
}

/** The slowest of a latency, where measured (runs before 2026-12-01 07:28 have none). */
export function slowest(l: Latency): string {
  return l.max === undefined ? '' : `, slowest ${ms(l.max)}`;
}

/** The entity questions' p99 per category, where measured. */
export function byCategory(l: Latency): string {
  const labels = Object.entries(l.byLabel ?? {});
  return labels.length === 0 ? '' : ` (${labels.map(([label, c]) => `${label === 'person' ? 'people' : `${label}s`} p99 ${ms(c.p99)}`).join(', ')})`;
}

export const mebibytes = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

export const seconds = (ms: number) => (ms / 1000).toFixed(2);
