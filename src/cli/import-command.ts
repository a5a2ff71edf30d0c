import path from 'node:path';
import { v4 as uuidv4 } from 'uuid';
import { ImportRejectedError, readDevelopmentFile } from '../recording/development-file.js';
import { importDevelopments, type ImportProgress, type ImportWriteMode } from '../recording/import-developments.js';
import { openEventStore } from '../store/open-event-store.js';
import { cliRecorder, configOrExit, readInputOrExit } from './cli-context.js';

const PROGRESS_FROM = 1000;

function progressLine(file: string, p: ImportProgress): string {
  if (p.staged > 0) {
    const percent = p.total === 0 ? 100 : Math.floor(((p.staged + p.alreadyPresent) / p.total) * 100);
    const present = p.alreadyPresent > 0 ? `, ${p.alreadyPresent} already present` : '';
    return `${file}: ${p.staged}/${p.total} developments decided and written (${percent}%${present}), durable only once all are, in one transaction`;
  }
  const percent = p.total === 0 ? 100 : Math.floor((p.done / p.total) * 100);
  return `${file}: ${p.done}/${p.total} developments stored (${percent}%; ${p.written} written, ${p.alreadyPresent} already present)`;
}

export async function importCommand(file: string, options: { chunkSize?: number; writeMode?: ImportWriteMode } = {}): Promise<number> {
  const config = configOrExit();
  if (!config) return 2;
  const input = await readInputOrExit('import', file, readDevelopmentFile, ImportRejectedError);
  if ('exitCode' in input) return input.exitCode;
  const items = input.value;
  const store = await openEventStore(config);
  const tty = process.stderr.isTTY === true;
  try {
    const summary = await importDevelopments(store, items, {
      file: path.basename(file),
      recordedBy: cliRecorder(),
      correlationId: uuidv4(),
      ...(options.chunkSize ? { chunkSize: options.chunkSize } : {}),
      // A chunk size asks for durable chunks, unless a mode is named too.
      writeMode: options.writeMode ?? (options.chunkSize ? 'chunks' : 'auto'),
      onProgress: (p) => {
        // "stored" lines are printed only once what they count is durable; "written" ones say they are not yet.
        if (p.total < PROGRESS_FROM) return;
        if (tty) process.stderr.write(`\r${progressLine(file, p)}`);
        else console.error(progressLine(file, p));
      },
    });
    if (tty && summary.total >= PROGRESS_FROM) process.stderr.write('\n');
    console.log(`imported ${file}: ${summary.total} developments, ${summary.written} written, ${summary.alreadyPresent} already present`);
    return 0;
  } catch (error) {
    if (error instanceof ImportRejectedError) {
      console.error(`concord import: ${error.message}`);
      return 1;
    }
    const e = error as { code?: string; message?: string };
    console.error(`concord import: stopped${e.code ? ` [${e.code}]` : ''}: ${e.message ?? String(error)}; developments reported stored above are durable, and running the same import again completes it`);
    return 1;
  } finally {
    await store.close();
  }
}
