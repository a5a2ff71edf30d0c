import os from 'node:os';
import { ConfigError, loadConfig, type ConcordConfig } from '../config.js';

/** `recordedBy` for developments written from the command line. */
export function cliRecorder(): string {
  try {
    return `cli:${os.userInfo().username}`;
  } catch {
    return 'cli:unknown';
  }
}

/** Loads the configuration or prints why not; exit code 2 means a usage or configuration error. */
export function configOrExit(): ConcordConfig | undefined {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`concord: ${error.message}`);
      return undefined;
    }
    throw error;
  }
}

/**
 * Reads a command's input file. Answers the exit code instead when it cannot: 1 for a
 * file that was read and rejected (the problems are printed), 2 for one that is missing.
 */
export async function readInputOrExit<T>(command: string, file: string, read: (file: string) => Promise<T>, rejected: abstract new (...args: never[]) => Error): Promise<{ value: T } | { exitCode: number }> {
  try {
    return { value: await read(file) };
  } catch (error) {
    if (error instanceof rejected) {
      console.error(`concord ${command}: ${error.message}`);
      return { exitCode: 1 };
    }
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      console.error(`concord ${command}: ${file}: no such file`);
      return { exitCode: 2 };
    }
    throw error;
  }
}
