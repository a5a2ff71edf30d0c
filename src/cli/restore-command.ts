import { readExportFile, restoreRecords, RestoreRejectedError, RestoreTargetNotEmptyError } from '../recording/restore-records.js';
import { openEventStore } from '../store/open-event-store.js';
import { configOrExit } from './cli-context.js';

/** `concord restore <file>`: an export written back, record for record, into an empty store of either kind. */
export async function restoreCommand(file: string): Promise<number> {
  const config = configOrExit();
  if (!config) return 2;
  let records;
  try {
    records = await readExportFile(file);
  } catch (error) {
    if (error instanceof RestoreRejectedError) {
      console.error(`concord restore: ${error.message}`);
      return 1;
    }
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      console.error(`concord restore: ${file}: no such file`);
      return 2;
    }
    throw error;
  }
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
