import { loadConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { tempDir } from './temp-dir.js';

export interface TestServer {
  readonly server: RunningServer;
  readonly dbPath: string;
  get(path: string, headers?: Record<string, string>): Promise<Answer>;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Answer>;
  /** Restarts on the same store file. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: any;
}

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
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
  const config = loadConfig({ CONCORD_SQLITE_PATH: dbPath, CONCORD_LOG_LEVEL: 'silent', CONCORD_SEED: options.seed === false ? 'never' : 'auto', ...options.env });
  let server = await startServer({ config, port: 0 });
  const self: TestServer = {
    get server() {
      return server;
    },
    dbPath,
    get: async (path, headers = {}) => answer(await fetch(server.url + path, { headers })),
    post: async (path, body, headers = {}) =>
      answer(
        await fetch(server.url + path, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
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
