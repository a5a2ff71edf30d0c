import { z } from 'zod';

/**
 * `npm run bench [-- --quick] [--check] [--events N] [--rounds R] [--emmett | --no-emmett]
 *  [--no-http] [--emmett-events N] [--budget-minutes M] [--http-seconds S]`
 *
 * - full (default): 1,000,000 events, 3 rounds, Emmett (at 100,000) and HTTP on the side,
 *   within 20 minutes;
 * - `--quick`: the same at 100,000 events in a few minutes, without Emmett unless
 *   `--emmett` (its append alone takes minutes at 100,000: one fsync per call);
 * - `--check` (CI): the quick run's side-by-side ratios only (import/raw, read/raw,
 *   RxJS/loop) in one or two rounds within 3 minutes, compared with the committed quick
 *   run; no Emmett, no HTTP, and nothing committed is written.
 */
const optionsSchema = z.strictObject({
  quick: z.boolean(),
  check: z.boolean(),
  events: z.number().int().min(1_000).max(10_000_000),
  rounds: z.number().int().min(1).max(20),
  emmett: z.boolean(),
  http: z.boolean(),
  /** Emmett runs at this scale whatever the run's: it is too slow for a million in the budget. */
  emmettEvents: z.number().int().min(1_000),
  /** Rounds after the first are skipped when they would overrun their phase's share of this. */
  budgetMinutes: z.number().positive().max(600),
  httpSeconds: z.number().int().min(1).max(120),
});
export type BenchOptions = z.infer<typeof optionsSchema>;

export class BenchUsageError extends Error {
  readonly code = 'bench-usage';
}

const FLAGS = new Set(['--quick', '--check', '--emmett', '--no-emmett', '--no-http']);
const VALUED = new Set(['--events', '--rounds', '--budget-minutes', '--http-seconds', '--emmett-events']);

export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const flags = new Set<string>();
  const values = new Map<string, number>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (FLAGS.has(arg)) flags.add(arg);
    else if (VALUED.has(arg)) {
      const value = Number(argv[++i]);
      if (!Number.isFinite(value)) throw new BenchUsageError(`${arg} needs a number, got "${argv[i] ?? ''}"`);
      values.set(arg, value);
    } else throw new BenchUsageError(`unknown argument "${arg}"; known: ${[...FLAGS, ...VALUED].join(', ')}`);
  }
  const check = flags.has('--check');
  // The check compares with the committed quick run, so it is always a quick run.
  const quick = check || flags.has('--quick');
  const parsed = optionsSchema.safeParse({
    quick,
    check,
    events: values.get('--events') ?? (quick ? 100_000 : 1_000_000),
    // The check's second rounds run only where the 3-minute budget leaves room (not on a loaded machine).
    rounds: values.get('--rounds') ?? (check ? 2 : 3),
    emmett: !check && !flags.has('--no-emmett') && (!quick || flags.has('--emmett')),
    http: !check && !flags.has('--no-http'),
    emmettEvents: values.get('--emmett-events') ?? 100_000,
    budgetMinutes: values.get('--budget-minutes') ?? (check ? 3 : quick ? 10 : 19),
    httpSeconds: values.get('--http-seconds') ?? 10,
  });
  if (!parsed.success) throw new BenchUsageError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return parsed.data;
}

/** Each phase's share of the budget for rounds after its first (the first always runs). */
export const PHASE_SHARES = {
  import: 0.22,
  read: 0.22,
  appends: 0.04,
  coldStart: 0.14,
  emmett: 0.2,
  http: 0.12,
} as const;
export type Phase = keyof typeof PHASE_SHARES;
