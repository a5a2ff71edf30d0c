import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeEvent } from '../../events/decode-event.js';
import { SqliteEventStore } from '../../src/store/sqlite-event-store.js';
import { runCli, spawnCli } from '../support/run-cli.js';
import { syntheticHistory, toNdjson } from '../support/synthetic-history.js';
import { tempDir } from '../support/temp-dir.js';

let tmp: ReturnType<typeof tempDir>;
let env: Record<string, string>;
beforeEach(() => {
  tmp = tempDir();
  env = { CONCORD_SQLITE_PATH: tmp.file('concord.db') };
});
afterEach(() => tmp.remove());

async function storedEvents(path: string) {
  const store = SqliteEventStore.open(path);
  try {
    return (await store.readAll()).map(decodeEvent);
  } finally {
    await store.close();
  }
}

describe('concord import', () => {
  it('imports NDJSON, then a re-run adds nothing and fails nothing', async () => {
    const file = tmp.file('history.ndjson');
    writeFileSync(file, toNdjson(syntheticHistory(20, 3, 4)));
    const first = await runCli(['import', file], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('35 developments, 35 written, 0 already present');
    const second = await runCli(['import', file], env);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('35 developments, 0 written, 35 already present');
    expect(await storedEvents(env.CONCORD_SQLITE_PATH!)).toHaveLength(35);
  });

  it('imports a JSON array and records where each development came from', async () => {
    const file = tmp.file('history.json');
    writeFileSync(file, JSON.stringify(syntheticHistory(2, 1, 2)));
    expect((await runCli(['import', file], env)).code).toBe(0);
    const events = await storedEvents(env.CONCORD_SQLITE_PATH!);
    expect(events.map((e) => e.metadata.importedFrom)).toEqual([1, 2, 3, 4, 5].map((item) => ({ file: 'history.json', item })));
    expect(events[0]!.metadata.recordedBy).toMatch(/^cli:/);
  });

  it('validates every development before writing any: schema problems, with their lines', async () => {
    const file = tmp.file('bad.ndjson');
    writeFileSync(file, ['{"type":"PersonRegistered","personId":"ada","name":"Ada"}', '{"type":"PersonRegistered","personId":"Bad Id","name":"B"}', 'not json', ''].join('\n'));
    const result = await runCli(['import', file], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('line 2 /personId');
    expect(result.stderr).toContain('line 3: [malformed-json]');
    expect(result.stderr).toContain('nothing was written');
    expect(await storedEvents(env.CONCORD_SQLITE_PATH!)).toHaveLength(0);
  });

  it('validates every development before writing any: broken domain rules', async () => {
    const file = tmp.file('rules.ndjson');
    writeFileSync(
      file,
      toNdjson([
        { type: 'OrganisationRegistered', organisationId: 'a', name: 'A' },
        { type: 'GroupFormed', groupId: 'g', name: 'G', kind: 'network', formedOn: '2008' },
        { type: 'MemberJoined', groupId: 'g', organisationId: 'a', on: '2010' },
        { type: 'MemberJoined', groupId: 'g', organisationId: 'a', on: '2011' },
        { type: 'MemberJoined', groupId: 'g', organisationId: 'nobody', on: '2011' },
      ]),
    );
    const result = await runCli(['import', file], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('line 4');
    expect(result.stderr).toContain('[already-member]');
    expect(result.stderr).toContain('line 5 /organisationId: [unknown-reference]');
    expect(await storedEvents(env.CONCORD_SQLITE_PATH!)).toHaveLength(0);
  });

  it('refuses a missing file and a bad configuration with exit code 2', async () => {
    expect((await runCli(['import', tmp.file('missing.json')], env)).code).toBe(2);
    const bad = await runCli(['import', tmp.file('missing.json')], { ...env, CONCORD_STORE: 'mongo' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('CONCORD_STORE');
    const typo = await runCli(['import', tmp.file('missing.json')], { ...env, CONCORD_SQLITE_PTH: 'x' });
    expect(typo.stderr).toContain('unknown configuration variable(s): CONCORD_SQLITE_PTH');
  });
});

describe('an import killed part way (SIGKILL)', () => {
  it('leaves only whole developments, keeps every one it reported, and a re-run completes it without duplicates', async () => {
    const developments = syntheticHistory(1500, 200, 10);
    const file = tmp.file('large.ndjson');
    writeFileSync(file, toNdjson(developments));
    const child = spawnCli(['import', file, '--chunk-size', '100'], env);
    let reported = 0;
    const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
    let buffer = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      for (const match of buffer.matchAll(/: (\d+)\/(\d+) developments stored/g)) reported = Math.max(reported, Number(match[1]));
      // Kill once a few chunks are durable, while the rest are still being written.
      if (reported >= 500 && !child.killed) child.kill('SIGKILL');
    });
    const { signal } = await exit;
    expect(signal).toBe('SIGKILL');
    expect(reported).toBeGreaterThanOrEqual(500);

    const afterCrash = await storedEvents(env.CONCORD_SQLITE_PATH!); // decodes every event: each is whole
    expect(afterCrash.length).toBeGreaterThanOrEqual(reported);
    expect(afterCrash.length).toBeLessThan(developments.length);
    expect(new Set(afterCrash.map((e) => e.eventId)).size).toBe(afterCrash.length);

    const rerun = await runCli(['import', file], env);
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toContain(`${developments.length} developments, ${developments.length - afterCrash.length} written, ${afterCrash.length} already present`);
    const complete = await storedEvents(env.CONCORD_SQLITE_PATH!);
    expect(complete).toHaveLength(developments.length);
    expect(new Set(complete.map((e) => e.eventId)).size).toBe(developments.length);
  }, 120_000);
});

describe('an import in one transaction killed part way (SIGKILL)', () => {
  it('leaves nothing of the import, though chunks were written, and a re-run stores it all', async () => {
    const developments = syntheticHistory(1500, 200, 10);
    const file = tmp.file('large.ndjson');
    writeFileSync(file, toNdjson(developments));
    const child = spawnCli(['import', file, '--write-mode', 'one-transaction', '--chunk-size', '100'], env);
    let written = 0;
    const exit = new Promise<{ signal: NodeJS.Signals | null }>((resolve) => child.once('close', (_code, signal) => resolve({ signal })));
    let buffer = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      for (const match of buffer.matchAll(/: (\d+)\/(\d+) developments decided and written/g)) written = Math.max(written, Number(match[1]));
      if (written >= 500 && !child.killed) child.kill('SIGKILL');
    });
    const { signal } = await exit;
    expect(signal).toBe('SIGKILL');
    expect(written).toBeGreaterThanOrEqual(500);
    expect(buffer).not.toMatch(/developments stored/);

    expect(await storedEvents(env.CONCORD_SQLITE_PATH!)).toEqual([]);

    const rerun = await runCli(['import', file, '--write-mode', 'one-transaction'], env);
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toContain(`${developments.length} developments, ${developments.length} written, 0 already present`);
    expect(await storedEvents(env.CONCORD_SQLITE_PATH!)).toHaveLength(developments.length);
  }, 120_000);

  it('refuses an unknown write mode', async () => {
    const result = await runCli(['import', tmp.file('x.ndjson'), '--write-mode', 'fast'], env);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('auto, chunks or one-transaction');
  });
});
