import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CONCORD_NODE_FLAGS } from '../cli/node-flags.js';
import { snapshotFileOf, type ConcordConfig } from '../config.js';
import type { Logger } from '../observability/logger.js';
import { packageRoot } from '../package-root.js';
import { SnapshotRefresher } from './snapshot-refresher.js';

/** The refresher `serve` keeps its snapshot current with; undefined without a snapshot file or with CONCORD_SNAPSHOT_REFRESH_EVENTS=0. */
export function snapshotRefresherFor(config: ConcordConfig, logger: Logger): SnapshotRefresher | undefined {
  const file = snapshotFileOf(config);
  if (file === undefined || config.CONCORD_SNAPSHOT_REFRESH_EVENTS === 0) return undefined;
  return new SnapshotRefresher({
    everyEvents: config.CONCORD_SNAPSHOT_REFRESH_EVENTS,
    minIntervalMs: config.CONCORD_SNAPSHOT_REFRESH_MIN_SECONDS * 1000,
    file,
    logger,
    run: () => spawnSnapshotCommand(config, file),
  });
}

/**
 * `concord snapshot` in a child process, on the store and snapshot file of `config`: the
 * built CLI beside this file, or from source through tsx (tests, `npm run concord`).
 * The child gets the store's and the snapshot's settings, resolved, and none of the
 * parent's other CONCORD_* variables (a test's server has no environment of its own).
 */
export function spawnSnapshotCommand(config: ConcordConfig, file: string): ChildProcess {
  const compiled = import.meta.url.endsWith('.js');
  const cli = fileURLToPath(new URL(compiled ? '../cli/main.js' : '../cli/main.ts', import.meta.url));
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('CONCORD_')));
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    CONCORD_STORE: config.CONCORD_STORE,
    CONCORD_SQLITE_PATH: config.CONCORD_SQLITE_PATH,
    CONCORD_ESDB_DEADLINE_MS: String(config.CONCORD_ESDB_DEADLINE_MS),
    CONCORD_SNAPSHOT_FILE: file,
    ...(config.CONCORD_ESDB_URL !== undefined && { CONCORD_ESDB_URL: config.CONCORD_ESDB_URL }),
  };
  const args = [...CONCORD_NODE_FLAGS, ...(compiled ? [] : ['--import', 'tsx']), cli, 'snapshot'];
  return spawn(process.execPath, args, { cwd: packageRoot(), env, stdio: ['ignore', 'pipe', 'pipe'] });
}
