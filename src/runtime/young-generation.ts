import v8 from 'node:v8';

/** V8's own growth factor of the young generation, where the command line sets none. */
const V8_DEFAULT_GROWTH_FACTOR = 2;

const GROWTH_FACTOR_FLAG = /^--semi[-_]space[-_]growth[-_]factor(?:=(.*))?$/;

/**
 * The young generation's growth factor this process was started with: the last
 * `--semi-space-growth-factor` on node's command line (Concord's node flags pass 8, see
 * src/cli/node-flags.ts; the flag is not accepted in NODE_OPTIONS), else V8's default.
 */
export function startedGrowthFactor(execArgv: readonly string[] = process.execArgv): number {
  let factor = V8_DEFAULT_GROWTH_FACTOR;
  execArgv.forEach((arg, i) => {
    const match = GROWTH_FACTOR_FLAG.exec(arg);
    if (!match) return;
    const value = match[1] ?? execArgv[i + 1];
    if (value !== undefined && /^[1-9]\d{0,3}$/.test(value)) factor = Number(value);
  });
  return factor;
}

/** A hold on the young generation's size; `end` gives V8 its growth back (once; later calls do nothing). */
export interface YoungGenerationHold {
  readonly holding: boolean;
  end(): void;
}

/**
 * Keeps V8's young generation at the size it has now, until `end`.
 *
 * Why: reading a read-model snapshot builds millions of objects that all live on. With
 * Concord's flags the young generation grows to two 64 MiB semi-spaces on the way, and only
 * V8's low-memory collection shrinks it again; that collection marks the whole heap at
 * least twice (V8 repeats it until a pass frees nothing), then the server's ordinary
 * collection a third time: at a million events 4.2-7.6 s after a read of 7.8-8.6 s. Held
 * small through the read (StartUpMemory brings it to its least first), the young
 * generation needs no shrinking, and one ordinary collection gives back all the
 * low-memory one did: 841-846 MiB resident against 841-842, in 1.3-2.5 s, for a read about
 * 1 s longer (more, smaller scavenges). Measured side by side, three starts each
 * (2026-11-30): read and release 10.5-11.9 s against 12.0-15.8 s.
 *
 * How: V8 reads its `--semi-space-growth-factor` each time it would grow the young
 * generation, so a factor of 1 stops the growth and the one the process started with
 * resumes it. Not for a fold of the log, whose garbage a larger young generation keeps
 * out of the old one (see src/cli/node-flags.ts).
 */
export function holdYoungGeneration(): YoungGenerationHold {
  const factor = startedGrowthFactor();
  v8.setFlagsFromString('--semi-space-growth-factor=1');
  holds += 1;
  let holding = true;
  return {
    get holding() {
      return holding;
    },
    end() {
      if (!holding) return;
      holding = false;
      holds -= 1;
      v8.setFlagsFromString(`--semi-space-growth-factor=${factor}`);
    },
  };
}

/** Holds not ended. */
let holds = 0;

/**
 * Sets a hold in force again, once a worker runs. V8 applies its flags' implications
 * whenever it makes an isolate, as a worker's start does, and one of them raises the
 * growth factor to at least 2: with a snapshot's body hashed on a worker, the young
 * generation grew to two 64 MiB semi-spaces through the read all the same (114 MiB more
 * heap after a start at a million events). See startModuleWorker.
 */
export function keepYoungGenerationHeld(): void {
  if (holds > 0) v8.setFlagsFromString('--semi-space-growth-factor=1');
}
