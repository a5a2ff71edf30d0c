import { InvalidArgumentError } from 'commander';
import { isDevelopmentType, DEVELOPMENT_TYPES } from '../../events/catalogue.js';
import { CorruptEventError } from '../../events/decode-event.js';
import { parseDate, today } from '../../events/dates.js';
import { parseEntityKey, parseStreamName, type EntityRef } from '../../events/identifiers.js';
import { replay, type ReplayedEvent } from '../audit/replay.js';
import { openEventStore } from '../store/open-event-store.js';
import { configOrExit } from './cli-context.js';
import { stderrProgress } from './progress.js';

export interface ReplayCommandOptions {
  readonly until?: bigint | Date;
  readonly stream?: string;
  readonly entity?: EntityRef;
  readonly types?: string[];
  readonly state?: boolean;
  readonly at?: number;
  readonly json?: boolean;
}

/** `--until`: a log position (digits) or an ISO 8601 instant. */
export function untilOption(value: string): bigint | Date {
  if (/^\d{1,20}$/.test(value)) return BigInt(value);
  if (/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(value) && !Number.isNaN(Date.parse(value))) return new Date(value);
  throw new InvalidArgumentError('a position (digits) or an ISO 8601 time such as 2026-01-31T12:00:00Z');
}

export function streamOption(value: string): string {
  if (!parseStreamName(value)) throw new InvalidArgumentError('a stream such as organisation-ilo (<category>-<id>)');
  return value;
}

export function entityOption(value: string): EntityRef {
  const ref = parseEntityKey(value);
  if (!ref) throw new InvalidArgumentError('an entity key such as group:iag-tvet');
  return ref;
}

export function typesOption(value: string): string[] {
  const types = value.split(',').map((t) => t.trim()).filter(Boolean);
  const unknown = types.filter((t) => !isDevelopmentType(t));
  if (types.length === 0 || unknown.length > 0) throw new InvalidArgumentError(`unknown type(s) ${unknown.join(', ')}; known: ${DEVELOPMENT_TYPES.join(', ')}`);
  return types;
}

export function dayOption(value: string): number {
  try {
    return parseDate(value).hi;
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

function line(event: ReplayedEvent): string {
  const text = `#${event.position} ${event.recordedAt} ${event.recordedBy} ${event.type} ${event.entity}: ${event.summary}`;
  return event.state === undefined ? text : `${text}\n    state: ${JSON.stringify(event.state)}`;
}

/** `concord replay`: prints the log in recorded order; `--json` prints one JSON object per line. */
export async function replayCommand(options: ReplayCommandOptions): Promise<number> {
  const config = configOrExit();
  if (!config) return 2;
  const store = await openEventStore(config);
  const progress = stderrProgress('replay');
  // A reader that stops early (`| head`) closes the pipe: stop replaying, quietly.
  let closed = false;
  const onStdoutError = (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    closed = true;
  };
  process.stdout.on('error', onStdoutError);
  try {
    const events = replay(
      store,
      {
        ...(options.until !== undefined ? { until: options.until } : {}),
        ...(options.stream !== undefined ? { stream: options.stream } : {}),
        ...(options.entity !== undefined ? { entity: options.entity } : {}),
        ...(options.types !== undefined ? { types: options.types } : {}),
      },
      {
        ...(options.state ? { stateDay: options.at ?? today() } : {}),
        onProgress: (position, head) => progress.update(`position ${position} of ${head}`, Number(position) / Number(head)),
      },
    );
    for await (const event of events) {
      if (closed) break;
      progress.done();
      const text = options.json ? JSON.stringify(event) : line(event);
      // Respect backpressure: a replay into a slow pipe must not buffer the whole log.
      if (!process.stdout.write(`${text}\n`)) await new Promise((resolve) => {
        process.stdout.once('drain', resolve);
        process.stdout.once('error', resolve);
      });
    }
    progress.done();
    return 0;
  } catch (error) {
    progress.done();
    if (error instanceof CorruptEventError) {
      console.error(`concord replay: ${error.message}; run concord verify`);
      return 1;
    }
    throw error;
  } finally {
    process.stdout.off('error', onStdoutError);
    await store.close();
  }
}
