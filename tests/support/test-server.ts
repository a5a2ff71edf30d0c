import { createKey } from '../../src/auth/keys-file.js';
import { loadConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { apiContract } from './api-contract.js';
import { tempDir } from './temp-dir.js';

export type As = 'anonymous' | 'reader' | 'editor' | 'admin';

export interface TestServer {
  readonly server: RunningServer;
  readonly dbPath: string;
  /** Raw API keys named after their roles ("test-reader", "test-editor", "test-admin"). */
  readonly keys: Record<Exclude<As, 'anonymous'>, string>;
  /** Reads as anonymous unless told otherwise. */
  get(path: string, headers?: Record<string, string>, as?: As): Promise<Answer>;
  /** Writes as the editor unless told otherwise. */
  post(path: string, body: unknown, headers?: Record<string, string>, as?: As): Promise<Answer>;
  /** Restarts on the same store file. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: any;
}

/** Every answer a test receives is checked against the OpenAPI document first: an undocumented one fails the test. */
async function answer(method: string, path: string, response: Response): Promise<Answer> {
  const text = await response.text();
  apiContract().check({ method, url: path, status: response.status, headers: response.headers, body: text });
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body };
}

/** A real server on a fresh SQLite file and a free loopback port. */
export async function startTestServer(options: { seed?: boolean; env?: Record<string, string> } = {}): Promise<TestServer> {
  const tmp = tempDir();
  const dbPath = tmp.file('concord.db');
  const keysFile = tmp.file('keys.json');
  const keys = { reader: createKey(keysFile, 'test-reader', 'reader'), editor: createKey(keysFile, 'test-editor', 'editor'), admin: createKey(keysFile, 'test-admin', 'admin') };
  const auth = (as: As): Record<string, string> => (as === 'anonymous' ? {} : { Authorization: `Bearer ${keys[as]}` });
  // Giving memory back is a full collection of the test worker's whole heap: only the spec of it asks for one.
  const config = loadConfig({ CONCORD_SQLITE_PATH: dbPath, CONCORD_KEYS_FILE: keysFile, CONCORD_LOG_LEVEL: 'silent', CONCORD_SEED: options.seed === false ? 'never' : 'auto', CONCORD_RELEASE_MEMORY_AFTER_CATCH_UP: 'false', ...options.env });
  apiContract(); // built and compiled here, in the suite's setup, not in its first test
  let server = await startServer({ config, port: 0 });
  const self: TestServer = {
    get server() {
      return server;
    },
    dbPath,
    keys,
    get: async (path, headers = {}, as = 'anonymous') => answer('GET', path, await fetch(server.url + path, { headers: { ...auth(as), ...headers } })),
    post: async (path, body, headers = {}, as = 'editor') =>
      answer(
        'POST',
        path,
        await fetch(server.url + path, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...auth(as), ...headers },
          body: typeof body === 'string' ? body : JSON.stringify(body),
        }),
      ),
    restart: async () => {
      await server.close();
      server = await startServer({ config, port: 0 });
    },
    close: async () => {
      await server.close();
      tmp.remove();
    },
  };
  return self;
}
