import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { snapshotTempFile } from '../../projections/snapshot/snapshot-file.js';
import { createLogger } from '../../src/observability/logger.js';
import { SnapshotRefresher } from '../../src/runtime/snapshot-refresher.js';
import { tempDir } from '../support/temp-dir.js';

/**
 * The refresher runs `concord snapshot` in a child process every so many events folded
 * while serving: here with stand-in children (node -e), so each rule is seen alone; the
 * real command is run by tests/runtime/serve-from-snapshot.test.ts.
 */
let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.remove());

const silent = createLogger('silent');

function child(script: string): ChildProcess {
  return spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
}

function refresher(everyEvents: number, script: string, runs: ChildProcess[] = [], timing: { minIntervalMs: number; now?: () => number } = { minIntervalMs: 0 }) {
  const refresh = new SnapshotRefresher({
    everyEvents,
    ...timing,
    file: tmp.file('store.db.read-models'),
    logger: silent,
    run: () => {
      const started = child(script);
      runs.push(started);
      return started;
    },
  });
  return { refresh, runs };
}

const settled = (process: ChildProcess) => new Promise<void>((resolve) => (process.exitCode !== null || process.signalCode !== null ? resolve() : process.once('close', () => resolve())));

describe('the read-model snapshot refresher', () => {
  it('counts nothing until armed (the start-up’s catch-up has its own rule), then runs once every so many events', async () => {
    const { refresh, runs } = refresher(3, 'process.exit(0)');
    for (let i = 0; i < 10; i++) refresh.eventFolded();
    expect(runs).toHaveLength(0);

    refresh.arm();
    refresh.eventFolded();
    refresh.eventFolded();
    expect(runs).toHaveLength(0);
    refresh.eventFolded();
    expect(runs).toHaveLength(1);
    expect(refresh.status()).toMatchObject({ running: true, foldedSince: 0 });
    await settled(runs[0]!);
    await new Promise((resolve) => setImmediate(resolve));
    expect(refresh.status()).toEqual({ running: false, foldedSince: 0, succeeded: 1, failed: 0 });
  });

  it('runs one child at a time: events folded meanwhile count toward the next run', async () => {
    const { refresh, runs } = refresher(2, 'setTimeout(() => process.exit(0), 300)');
    refresh.arm();
    for (let i = 0; i < 7; i++) refresh.eventFolded();
    expect(runs).toHaveLength(1);
    expect(refresh.status().foldedSince).toBe(5);

    await settled(runs[0]!);
    await new Promise((resolve) => setImmediate(resolve));
    refresh.eventFolded();
    expect(runs).toHaveLength(2);
    await refresh.stop();
  });

  it('starts runs at least the least interval apart, events counting meanwhile', async () => {
    let clock = 1_000_000;
    const { refresh, runs } = refresher(2, 'process.exit(0)', [], { minIntervalMs: 60_000, now: () => clock });
    refresh.arm();
    refresh.eventFolded();
    refresh.eventFolded();
    expect(runs).toHaveLength(1);
    await settled(runs[0]!);
    await new Promise((resolve) => setImmediate(resolve));

    clock += 59_999;
    for (let i = 0; i < 5; i++) refresh.eventFolded();
    expect(runs).toHaveLength(1);
    expect(refresh.status().foldedSince).toBe(5);
    clock += 1;
    refresh.eventFolded();
    expect(runs).toHaveLength(2);
    expect(refresh.status().foldedSince).toBe(0);
    await settled(runs[1]!);
  });

  it('starts a run that was due too soon once the interval has passed, with no more events', async () => {
    // Long enough that the first child has exited before it passes, even on a busy machine
    // (a node child took over 300 ms to start and exit while the whole suite ran on 2 cores).
    const { refresh, runs } = refresher(1, 'process.exit(0)', [], { minIntervalMs: 2_000 });
    refresh.arm();
    const started = Date.now();
    refresh.eventFolded();
    await settled(runs[0]!);
    refresh.eventFolded();
    if (Date.now() - started < 2_000) expect(runs).toHaveLength(1);

    await expect.poll(() => runs.length, { timeout: 5_000, interval: 20 }).toBe(2);
    await settled(runs[1]!);
    await refresh.stop();
  });

  it('counts a failed run and tries again after as many events', async () => {
    const { refresh, runs } = refresher(1, 'console.error("no store"); process.exit(3)');
    refresh.arm();
    refresh.eventFolded();
    await settled(runs[0]!);
    await new Promise((resolve) => setImmediate(resolve));
    expect(refresh.status()).toMatchObject({ running: false, succeeded: 0, failed: 1 });

    refresh.eventFolded();
    expect(runs).toHaveLength(2);
    await settled(runs[1]!);
  });

  it('stops a run in progress, removes what it was writing, and starts none after', async () => {
    const { refresh, runs } = refresher(1, 'setInterval(() => {}, 1000)');
    refresh.arm();
    refresh.eventFolded();
    const running = runs[0]!;
    // What the child would leave if stopped while writing (see writeSnapshotFile).
    const temp = snapshotTempFile(tmp.file('store.db.read-models'), running.pid!);
    writeFileSync(temp, 'part of a snapshot');

    await refresh.stop();

    expect(running.signalCode).toBe('SIGTERM');
    expect(existsSync(temp)).toBe(false);
    refresh.eventFolded();
    expect(runs).toHaveLength(1);
  });
});
