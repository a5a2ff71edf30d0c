import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { exportRecords } from '../recording/export-records.js';
import { openEventStore } from '../store/open-event-store.js';
import { configOrExit } from './cli-context.js';

/** `concord export [--output file]`: every stored event as NDJSON, in global order (stdout by default). */
export async function exportCommand(options: { output?: string } = {}): Promise<number> {
  const config = configOrExit();
  if (!config) return 2;
  const store = await openEventStore(config);
  const out: Writable = options.output ? createWriteStream(options.output, { flags: 'wx' }) : process.stdout;
  let count = 0;
  try {
    if (options.output) await once(out, 'open');
    for await (const record of exportRecords(store)) {
      if (!out.write(`${JSON.stringify(record)}\n`)) await once(out, 'drain');
      count += 1;
    }
    if (options.output) {
      out.end();
      await once(out, 'finish');
    }
    console.error(`exported ${count} events${options.output ? ` to ${options.output}` : ''}`);
    return 0;
  } catch (error) {
    const e = error as { code?: string; message?: string };
    if (e.code === 'EEXIST') console.error(`concord export: ${options.output} already exists; choose a new file`);
    else console.error(`concord export: stopped after ${count} events${e.code ? ` [${e.code}]` : ''}: ${e.message ?? String(error)}`);
    return 1;
  } finally {
    await store.close();
  }
}
