import { writeFile } from 'node:fs/promises';
import { createAnchor } from '../audit/anchor.js';
import { openEventStore } from '../store/open-event-store.js';
import { configOrExit } from './cli-context.js';

/**
 * `concord anchor`: writes every stream's head (revision and hash) and the global
 * position to stdout or `--out`, and prints the digest to stderr for the auditor to
 * keep somewhere else.
 */
export async function anchorCommand(options: { out?: string }): Promise<number> {
  const config = configOrExit();
  if (!config) return 2;
  const store = await openEventStore(config);
  try {
    const anchor = await createAnchor(store);
    const text = `${JSON.stringify(anchor, null, 2)}\n`;
    if (options.out !== undefined) await writeFile(options.out, text, { flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'EEXIST' ? new Error(`${options.out} exists; an anchor is never overwritten`) : error;
    });
    else process.stdout.write(text);
    console.error(
      `concord anchor: ${anchor.heads.length} streams, ${anchor.events} events, position ${anchor.position ?? 'none'}\n` +
        `anchor digest ${anchor.digest}\nkeep this digest where the store's holder cannot change it; check later with: concord verify --against <anchor file>`,
    );
    return 0;
  } catch (error) {
    console.error(`concord anchor: ${(error as Error).message}`);
    return 1;
  } finally {
    await store.close();
  }
}
