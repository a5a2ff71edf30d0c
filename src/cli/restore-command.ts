import { readExportFile, restoreRecords, RestoreRejectedError, RestoreTargetNotEmptyError } from '../recording/restore-records.js';
import { openEventStore } from '../store/open-event-store.js';
import { configOrExit, readInputOrExit } from './cli-context.js';

/** `concord restore <file>`: an export written back, record for record, into an empty store of either kind. */
export async function restoreCommand(file: string): Promise<number> {
  const config = configOrExit();
  if (!config) return 2;
  const input = await readInputOrExit('restore', file, readExportFile, RestoreRejectedError);
  if ('exitCode' in input) return input.exitCode;
  const records = input.value;
  const store = await openEventStore(config);
  let done = 0;
  try {
    done = await restoreRecords(store, records);
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
