import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { EsdbTestServer } from '../support/esdb-test-server/server.js';
import { readAnswers, startConcordOnEsdb } from '../support/esdb-concord.js';
import { runCli } from '../support/run-cli.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { tempDir } from '../support/temp-dir.js';

/**
 * `concord snapshot` folds the log and writes the read models' snapshot, starting from
 * the one there when it is usable; `serve` then starts from it, on SQLite and on
 * EventStoreDB (through the real client against the wire-compatible test node), and
 * answers as a server that folded the whole log.
 */

const tmp = tempDir();
const stopping: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const stop of stopping.reverse()) await stop();
  tmp.remove();
});

describe('concord snapshot', () => {
  it('writes the snapshot of an SQLite store, starts from it the next time, and refuses to run with snapshots off', async () => {
    // A store of our own: a test server removes its folder when it closes.
    const db = tmp.file('concord.db');
    const seeded = await startTestServer({ env: { CONCORD_SQLITE_PATH: db } });
    const answers = await readAnswers(seeded, ['group/iag-tvet']);
    await seeded.close();
    const env = { CONCORD_SQLITE_PATH: db, CONCORD_LOG_LEVEL: 'silent' };
    const first = await runCli(['snapshot'], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/wrote .*concord\.db\.read-models at position 36 \(/);
    expect(existsSync(`${db}.read-models`)).toBe(true);
    const again = await runCli(['snapshot'], env);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/starting from .* at position 36/);
    const off = await runCli(['snapshot'], { ...env, CONCORD_SNAPSHOT_FILE: 'off' });
    expect(off.code).toBe(2);
    expect(off.stderr).toMatch(/no snapshot file/);
    // serve, on the same store, starts from it and answers as before.
    const restarted = await startTestServer({ env: { CONCORD_SQLITE_PATH: db } });
    stopping.push(() => restarted.close());
    expect(restarted.server.snapshot.loadedAt).toBe(36n);
    expect(await readAnswers(restarted, ['group/iag-tvet'])).toEqual(answers);
  });

  it('writes one from EventStoreDB to the path given, and serve on EventStoreDB starts from it', async () => {
    const node = await EsdbTestServer.start();
    stopping.push(() => node.stop());
    const folded = await startConcordOnEsdb(node);
    const answers = await readAnswers(folded, ['group/iag-tvet']);
    const head = folded.server.projections.status().position!;
    await folded.close();
    const file = tmp.file('esdb.read-models');
    const env = { CONCORD_STORE: 'esdb', CONCORD_ESDB_URL: node.connectionString(), CONCORD_LOG_LEVEL: 'silent' };
    const needsPath = await runCli(['snapshot'], env);
    expect(needsPath.code).toBe(2);
    const written = await runCli(['snapshot'], { ...env, CONCORD_SNAPSHOT_FILE: file });
    expect(written.stderr).toBe('');
    expect(written.code).toBe(0);
    expect(written.stdout).toContain(`at position ${head} (`);
    const restarted = await startTestServer({ seed: false, env: { ...env, CONCORD_SNAPSHOT_FILE: file, CONCORD_ESDB_DEADLINE_MS: '500' } });
    stopping.push(() => restarted.close());
    expect(restarted.server.snapshot.loadedAt).toBe(head);
    expect(await readAnswers(restarted, ['group/iag-tvet'])).toEqual(answers);
  });
});
