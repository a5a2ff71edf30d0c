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
