import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../src/store/event-store.js';
import { newEvent, range } from './event-store-conformance.js';
import { finished, jsonLines, onStdoutLine, runScript, startScript } from './support/child-process.js';
import { sqliteStoreFiles, waitUntil } from './support/sqlite-store-files.js';

describe('SqliteEventStore', () => {
  const files = sqliteStoreFiles();
  const { open, inMainFile } = files;

  describe('several processes on one file', () => {
    it('lets exactly one of two processes win each race for the same expected revision', async () => {
      const rounds = 20;
      const seed = open();
      for (const round of range(rounds)) await seed.append(`race-${round}`, [newEvent()], 'no_stream');
      await seed.close();
      const barrier = join(files.dir, 'barrier');
      await mkdir(barrier);

      const workers = ['a', 'b'].map((id) => finished(startScript('race-appender.ts', [files.path, id, barrier, String(rounds), '50']), 20_000));
      await waitUntil(async () => (await readdir(barrier)).filter((name) => name.startsWith('ready-')).length === 2, 15_000);
      // Written whole, then renamed: a worker never reads a half-written start time.
      await writeFile(join(barrier, 'go.tmp'), String(Date.now() + 100));
      await rename(join(barrier, 'go.tmp'), join(barrier, 'go'));
      const [a, b] = await Promise.all(workers);

      expect(a?.code, a?.stderr).toBe(0);
      expect(b?.code, b?.stderr).toBe(0);
      const linesA = jsonLines<{ round: number; outcome: string; startedAt: number }>(a!.stdout);
      const linesB = jsonLines<{ round: number; outcome: string; startedAt: number }>(b!.stdout);
      expect(linesA).toHaveLength(rounds);
      expect(linesB).toHaveLength(rounds);
      for (const round of range(rounds)) {
        const outcomes = [linesA[round]!.outcome, linesB[round]!.outcome].sort();
        expect(outcomes, `round ${round}`).toEqual(['won', 'wrong-expected-revision']);
      }
      const store = open();
      for (const round of range(rounds)) expect((await store.readStream(`race-${round}`)).map((event) => event.revision)).toEqual([0, 1]);
      // The barrier lines the two processes up: rounds that start within a few ms of each
      // other are real races (an append takes longer than that), and a busy machine may spoil a few.
      const startGaps = range(rounds).map((round) => Math.abs(linesA[round]!.startedAt - linesB[round]!.startedAt));
      expect(startGaps.filter((gap) => gap <= 5).length, `start gaps ${startGaps.join(', ')} ms`).toBeGreaterThanOrEqual(rounds / 4);
    }, 30_000);

    it('delivers to a live subscription, within a second, an event another process appended', async () => {
      const store = open();
      await store.append('org-1', [newEvent()], 'no_stream');
      const arrivals: { event: RecordedEvent; at: number }[] = [];
      let caughtUp = false;
      store.subscribeToAll(
        { filter: { streamPrefixes: ['elsewhere-'] } },
        { onEvent: (event) => void arrivals.push({ event, at: Date.now() }), onCaughtUp: () => (caughtUp = true) },
      );
      await waitUntil(() => caughtUp);
      const eventId = randomUUID();

      const child = await runScript('append-once.ts', [files.path, 'elsewhere-1', eventId]);

      expect(child.code, child.stderr).toBe(0);
      const [{ position, committedAt }] = jsonLines<{ position: string; committedAt: number }>(child.stdout) as [{ position: string; committedAt: number }];
      await waitUntil(() => arrivals.length === 1, 2_000);
      expect(arrivals[0]!.event).toMatchObject({ eventId, stream: 'elsewhere-1', revision: 0, position: BigInt(position) });
      expect(arrivals[0]!.at - committedAt).toBeLessThan(1_000);
    }, 20_000);

    type Acknowledged = { stream: string; eventId: string; revision: number; logRestarts?: number };
    const killedWhileAppending = async (mode: string[], killWhen: (acknowledgedSoFar: number, last: Acknowledged) => boolean) => {
      const acknowledged: Acknowledged[] = [];
      const child = startScript('append-until-killed.ts', [files.path, ...mode]);
      const exit = finished(child, 20_000);
      let killed = false;
      onStdoutLine(child, (line) => {
        acknowledged.push(JSON.parse(line) as Acknowledged);
        if (!killed && killWhen(acknowledged.length, acknowledged.at(-1)!)) {
          killed = true;
          child.kill('SIGKILL');
        }
      });

      const outcome = await exit;

      expect(outcome.signal, outcome.stderr).toBe('SIGKILL');
      expect(killed).toBe(true);
      const store = open();
      for (const ack of acknowledged) {
        expect(await store.findEvent(ack.stream, ack.eventId), `${ack.stream}@${ack.revision}`).toMatchObject({ revision: ack.revision });
      }
    };

    it('keeps every acknowledged append when the writing process is killed', async () => {
      await killedWhileAppending([], (acknowledgedSoFar) => acknowledgedSoFar === 200);
    }, 20_000);

    it('keeps every acknowledged append when the process is killed while a worker checkpoints its log', async () => {
      // Killed only once the worker has copied part of the log into the file: how soon
      // its thread starts and first checkpoints depends on how busy the machine is.
      // (killedWhileAppending fails unless the kill happened.) The file is not read alone
      // again after the kill: a checkpoint cut short leaves it inconsistent without its log,
      // which is what the log is for, and a second look could count nothing.
      let copiedWhenKilled = 0;
      await killedWhileAppending(['checkpoints-on-worker'], (acknowledgedSoFar) => {
        if (acknowledgedSoFar < 500 || acknowledgedSoFar % 50 !== 0) return false;
        copiedWhenKilled = inMainFile();
        return copiedWhenKilled > 0;
      });
      expect(copiedWhenKilled).toBeGreaterThan(0);
    }, 25_000);

    it('keeps every acknowledged append when the process is killed while its log is restarted again and again', async () => {
      // The child's log passes 16 KiB every few commits; killed once it was started afresh a few times.
      let restartsWhenKilled = 0;
      await killedWhileAppending(['log-restarts'], (acknowledgedSoFar, last) => {
        restartsWhenKilled = last.logRestarts ?? 0;
        return acknowledgedSoFar >= 300 && restartsWhenKilled >= 3;
      });
      expect(restartsWhenKilled).toBeGreaterThanOrEqual(3);
    }, 25_000);

    it('does not keep a process alive with its subscription timers', async () => {
      const child = await runScript('subscribe-and-exit.ts', [files.path], 10_000);

      expect(child.code, child.stderr).toBe(0);
      expect(jsonLines(child.stdout)).toEqual([{ received: true, liveSubscriptions: 1 }]);
    }, 15_000);
  });
});
