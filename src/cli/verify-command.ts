import { readFile } from 'node:fs/promises';
import { parseAnchor, type Anchor } from '../audit/anchor.js';
import { formatReport } from '../audit/format-report.js';
import { engineDigest } from '../audit/live-digest.js';
import { verifyLog } from '../audit/verify-log.js';
import { openEventStore } from '../store/open-event-store.js';
import { configOrExit } from './cli-context.js';
import { stderrProgress } from './progress.js';

export interface VerifyCommandOptions {
  readonly json?: boolean;
  readonly against?: string;
}

async function readAnchor(file: string): Promise<Anchor | string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return `${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`;
  }
  const parsed = parseAnchor(text);
  return parsed.ok ? parsed.anchor : `${file} is not a Concord anchor: ${parsed.message}`;
}

/** `concord verify`: exit 0 when every check holds, 1 when one fails, 2 on a usage or configuration error. */
export async function verifyCommand(options: VerifyCommandOptions): Promise<number> {
  const config = configOrExit();
  if (!config) return 2;
  let anchor: Anchor | undefined;
  if (options.against !== undefined) {
    const read = await readAnchor(options.against);
    if (typeof read === 'string') {
      console.error(`concord verify: ${read}`);
      return 2;
    }
    anchor = read;
  }
  const store = await openEventStore(config);
  const progress = stderrProgress('verify');
  try {
    // The read models as the server builds them, pinned where they stand; the rebuilds read up to there.
    const live = await engineDigest(store).catch(() => undefined);
    const until = live?.position ?? (await store.headPosition());
    const report = await verifyLog(store, {
      ...(until !== undefined ? { until } : {}),
      ...(live ? { liveDigest: live.digest } : {}),
      ...(anchor ? { anchor } : {}),
      onProgress: (pass, events) => progress.update(`pass ${pass} of 2: ${events} events`),
    });
    progress.done();
    if (!live) console.error('concord verify: the projection engine could not build the live read models (see the failures below); compared the rebuilds only');
    console.log(options.json ? JSON.stringify(report, null, 2) : formatReport(report));
    return report.ok ? 0 : 1;
  } finally {
    progress.done();
    await store.close();
  }
}
