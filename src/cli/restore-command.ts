import { checkExportFile, restoreExportFile, RestoreRejectedError, RestoreTargetNotEmptyError } from '../recording/restore-records.js';
import { openEventStore } from '../store/open-event-store.js';
import { configOrExit, readInputOrExit } from './cli-context.js';

const PROGRESS_FROM = 10_000;

/**
 * `concord restore <file>`: an export written back, record for record, into an empty store
 * of either kind. The file is read as a stream twice: every line checked before anything
 * is written, then written (and checked again) in batches.
 */
export async function restoreCommand(file: string): Promise<number> {
  const config = configOrExit();
  if (!config) return 2;
  const input = await readInputOrExit('restore', file, checkExportFile, RestoreRejectedError);
  if ('exitCode' in input) return input.exitCode;
  const total = input.value;
  const store = await openEventStore(config);
  const tty = process.stderr.isTTY === true;
  const line = (done: number) => `${file}: ${done}/${total} events restored (${total === 0 ? 100 : Math.floor((done / total) * 100)}%)`;
  let done = 0;
  try {
    done = await restoreExportFile(store, file, (count) => {
      // Each line is printed only once the events it counts are durable.
      if (total < PROGRESS_FROM) return;
      if (tty) process.stderr.write(`\r${line(count)}`);
      else console.error(line(count));
    });
    if (tty && total >= PROGRESS_FROM) process.stderr.write('\n');
    console.log(`restored ${file}: ${done} events into the ${config.CONCORD_STORE} store`);
    return 0;
  } catch (error) {
    if (error instanceof RestoreTargetNotEmptyError) {
      console.error(`concord restore: ${error.message}; nothing was written`);
      return 1;
    }
    const e = error as { code?: string; message?: string };
    console.error(`concord restore: stopped${e.code ? ` [${e.code}]` : ''}: ${e.message ?? String(error)}; restore into a new empty store again`);
    return 1;
  } finally {
    await store.close();
  }
}
