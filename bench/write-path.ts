/**
 * The write path alone, quicker than the full harness: `concord import` of a generated
 * history and 64 concurrent durable single-development writers, with the group commit's
 * counters. Usage: tsx bench/write-path.ts [--events N] [--rounds R] [--per-writer P]
 *   [--skip-import] [--skip-writers]
 */
import { mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseDevelopmentText } from '../src/recording/development-file.js';
import { importDevelopments } from '../src/recording/import-developments.js';
import { SqliteEventStore } from '../src/store/sqlite-event-store.js';
import { generateHistory } from './history-generator.js';
import { perSecond, progress, summarise, timed } from './measure.js';
import { rawGroupCommits, rawInsertAll } from './workloads/raw-sqlite.js';
import { registerWriters, rowsOf, runWriters } from './workloads/store-workloads.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const events = option('--events', 100_000);
const rounds = option('--rounds', 1);
const perWriter = option('--per-writer', 50);
const work = path.join(os.tmpdir(), `concord-write-path-${process.pid}`);
mkdirSync(work, { recursive: true });
const dbPath = (name: string) => path.join(work, `${name}.db`);

/** User + system CPU time: on a shared machine it says more than the wall clock alone. */
function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

try {
  if (!args.includes('--skip-import')) {
    const items = parseDevelopmentText('bench.ndjson', generateHistory(events).map((d) => JSON.stringify(d)).join('\n'));
    const rates: number[] = [];
    const raws: number[] = [];
    for (let r = 0; r < rounds; r++) {
      rmSync(dbPath('import'), { force: true });
      const store = SqliteEventStore.open(dbPath('import'));
      const cpuBefore = process.cpuUsage();
      const { ms } = await timed(() => importDevelopments(store, items, { file: 'bench.ndjson', recordedBy: 'bench', correlationId: 'bench' }));
      const cpu = cpuMs(process.cpuUsage(cpuBefore));
      const stats = store.stats();
      await store.close();
      rates.push(perSecond(items.length, ms));
      const rows = await rowsOf(dbPath('import'));
      rmSync(dbPath('raw'), { force: true });
      const rawCpuBefore = process.cpuUsage();
      const raw = await timed(() => rawInsertAll(dbPath('raw'), rows));
      const rawCpu = cpuMs(process.cpuUsage(rawCpuBefore));
      raws.push(perSecond(rows.length, raw.ms));
      progress(`import ${rates.at(-1)} events/s (${rows.length} events, ${(ms / 1000).toFixed(2)} s), raw ${raws.at(-1)} events/s, ratio ${(rates.at(-1)! / raws.at(-1)!).toFixed(2)}; CPU ${cpu.toFixed(0)} ms (${perSecond(rows.length, cpu)} events per CPU-second) vs raw ${rawCpu.toFixed(0)} ms (${perSecond(rows.length, rawCpu)}); ${JSON.stringify(stats)}`);
    }
    console.log(JSON.stringify({ import: summarise(rates), rawInsert: summarise(raws) }));
  }
  if (!args.includes('--skip-writers')) {
    const rates: number[] = [];
    for (let r = 0; r < rounds; r++) {
      rmSync(dbPath('appends'), { force: true });
      const store = SqliteEventStore.open(dbPath('appends'));
      const writers = 64;
      await registerWriters(store, writers);
      const before = store.stats();
      const cpuBefore = process.cpuUsage();
      const { ms } = await timed(() => runWriters(store, writers, perWriter));
      const cpu = cpuMs(process.cpuUsage(cpuBefore));
      const after = store.stats();
      await store.close();
      rates.push(perSecond(writers * perWriter, ms));
      const commits = after.commits - before.commits;
      const rows = (await rowsOf(dbPath('appends'))).slice(writers);
      rmSync(dbPath('raw-groups'), { force: true });
      const rawRate = perSecond(rows.length, rawGroupCommits(dbPath('raw-groups'), rows, writers));
      progress(`64 writers ${rates.at(-1)} events/s; CPU ${cpu.toFixed(0)} ms (${perSecond(writers * perWriter, cpu)} events per CPU-second); ${commits} commits, ${((after.appendsAcknowledged - before.appendsAcknowledged) / commits).toFixed(1)} appends per commit, largest ${after.largestGroup}; raw the same rows ${writers} at a time ${rawRate} events/s`);
    }
    console.log(JSON.stringify({ concurrentAppends: summarise(rates) }));
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
