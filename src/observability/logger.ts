import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs on stderr (stdout stays for command output). */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'concord' }, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination(2));
}

/** For tests and tools that want no log output. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
