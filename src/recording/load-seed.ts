import path from 'node:path';
import { v4 as uuidv4 } from 'uuid';
import { packageRoot, seedFile } from '../package-root.js';
import type { EventStore } from '../store/event-store.js';
import { readDevelopmentFile } from './development-file.js';
import { importDevelopments, type ImportSummary } from './import-developments.js';
import type { Clock } from './record-development.js';

/** Loads the bundled seed data set; a second load adds nothing (content event ids). */
export async function loadSeed(store: EventStore, clock?: Clock): Promise<ImportSummary> {
  const file = seedFile();
  return importDevelopments(store, await readDevelopmentFile(file), {
    file: path.relative(packageRoot(), file),
    recordedBy: 'seed',
    correlationId: uuidv4(),
    ...(clock ? { clock } : {}),
  });
}
