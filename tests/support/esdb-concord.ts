import { createHash } from 'node:crypto';
import { startTestServer, type TestServer } from './test-server.js';
import type { EsdbTestServer } from './esdb-test-server/server.js';

/** A Concord server (HTTP API, projections) whose store is the EventStoreDB test node. */
export function startConcordOnEsdb(node: EsdbTestServer, options: { seed?: boolean; deadlineMs?: number } = {}): Promise<TestServer> {
  return startTestServer({
    seed: options.seed ?? true,
    env: { CONCORD_STORE: 'esdb', CONCORD_ESDB_URL: node.connectionString(), CONCORD_ESDB_DEADLINE_MS: String(options.deadlineMs ?? 500) },
  });
}

/** Every read answer apart from `asOf` (whose position is the store's own). */
export async function readAnswers(api: TestServer, entities: readonly string[] = []): Promise<Record<string, unknown>> {
  const answers: Record<string, unknown> = {};
  const paths = ['/state?at=2024-06-30', '/state?at=2015-01-01', '/timeline?limit=500', ...entities.map((entity) => `/entities/${entity}?at=2024-06-30`)];
  for (const path of paths) {
    const answer = await api.get(path);
    if (answer.status !== 200) throw new Error(`GET ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    const { asOf: _asOf, nextCursor: _cursor, ...rest } = answer.body as Record<string, unknown>;
    answers[path] = rest;
  }
  return answers;
}

export function digestOf(answers: unknown): string {
  return createHash('sha256').update(JSON.stringify(answers)).digest('hex');
}

export async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The same value with every `position` field removed: positions are each store's own. */
export function withoutPositions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutPositions);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'position').map(([key, inner]) => [key, withoutPositions(inner)]));
  return value;
}
