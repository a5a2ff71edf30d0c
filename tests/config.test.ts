import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, snapshotFileOf } from '../src/config.js';

describe('configuration', () => {
  it('defaults to the embedded store in ./.concord/concord.db, port 3000, seed auto', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ CONCORD_STORE: 'sqlite', PORT: 3000, CONCORD_SEED: 'auto', CONCORD_HOST: '127.0.0.1' });
    expect(config.CONCORD_SQLITE_PATH).toBe(path.resolve('.concord/concord.db'));
  });

  it('reads PORT and the store from the environment', () => {
    expect(loadConfig({ PORT: '8080', CONCORD_SQLITE_PATH: '/tmp/x.db' })).toMatchObject({ PORT: 8080, CONCORD_SQLITE_PATH: '/tmp/x.db' });
  });

  it('refuses unknown CONCORD_ variables, bad values, and esdb without a URL', () => {
    expect(() => loadConfig({ CONCORD_STOR: 'sqlite' })).toThrow(/unknown configuration variable\(s\): CONCORD_STOR/);
    expect(() => loadConfig({ CONCORD_STORE: 'postgres' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ CONCORD_STORE: 'esdb' })).toThrow(/CONCORD_ESDB_URL/);
    expect(() => loadConfig({ CONCORD_STORE: 'esdb', CONCORD_ESDB_URL: 'http://x' })).toThrow(/CONCORD_ESDB_URL/);
    expect(loadConfig({ CONCORD_STORE: 'esdb', CONCORD_ESDB_URL: 'esdb://localhost:2113?tls=false' }).CONCORD_STORE).toBe('esdb');
  });

  it('syncs the SQLite log off the thread by default, inside each COMMIT when asked, and refuses anything else', () => {
    expect(loadConfig({}).CONCORD_SQLITE_SYNC).toBe('off-thread');
    expect(loadConfig({ CONCORD_SQLITE_SYNC: 'in-commit' }).CONCORD_SQLITE_SYNC).toBe('in-commit');
    expect(() => loadConfig({ CONCORD_SQLITE_SYNC: 'never' })).toThrow(/CONCORD_SQLITE_SYNC/);
  });

  it('gives the catch-up memory back by default, takes "compact" to move every object together and "false" to start faster', () => {
    expect(loadConfig({}).CONCORD_RELEASE_MEMORY_AFTER_CATCH_UP).toBe('release');
    expect(loadConfig({ CONCORD_RELEASE_MEMORY_AFTER_CATCH_UP: 'true' }).CONCORD_RELEASE_MEMORY_AFTER_CATCH_UP).toBe('release');
    expect(loadConfig({ CONCORD_RELEASE_MEMORY_AFTER_CATCH_UP: 'compact' }).CONCORD_RELEASE_MEMORY_AFTER_CATCH_UP).toBe('compact');
    expect(loadConfig({ CONCORD_RELEASE_MEMORY_AFTER_CATCH_UP: 'false' }).CONCORD_RELEASE_MEMORY_AFTER_CATCH_UP).toBe(false);
    expect(() => loadConfig({ CONCORD_RELEASE_MEMORY_AFTER_CATCH_UP: 'no' })).toThrow(/CONCORD_RELEASE_MEMORY_AFTER_CATCH_UP/);
  });

  it("keeps the read-model snapshot beside the SQLite file by default, none for EventStoreDB unless given a path, none when off", () => {
    const sqlite = loadConfig({ CONCORD_SQLITE_PATH: 'data/c.db' });
    expect(snapshotFileOf(sqlite)).toBe(path.resolve('data/c.db') + '.read-models');
    expect(sqlite.CONCORD_SNAPSHOT_AFTER_EVENTS).toBe(100_000);
    expect(snapshotFileOf(loadConfig({ CONCORD_STORE: 'esdb', CONCORD_ESDB_URL: 'esdb://localhost:2113?tls=false' }))).toBeUndefined();
    expect(snapshotFileOf(loadConfig({ CONCORD_STORE: 'esdb', CONCORD_ESDB_URL: 'esdb://localhost:2113?tls=false', CONCORD_SNAPSHOT_FILE: 'snap/models' }))).toBe(path.resolve('snap/models'));
    expect(snapshotFileOf(loadConfig({ CONCORD_SNAPSHOT_FILE: 'off' }))).toBeUndefined();
    expect(loadConfig({ CONCORD_SNAPSHOT_AFTER_EVENTS: '0' }).CONCORD_SNAPSHOT_AFTER_EVENTS).toBe(0);
    expect(() => loadConfig({ CONCORD_SNAPSHOT_AFTER_EVENTS: '-1' })).toThrow(ConfigError);
    // Kept current while serving every 100,000 events folded, unless told 0.
    expect(sqlite.CONCORD_SNAPSHOT_REFRESH_EVENTS).toBe(100_000);
    expect(loadConfig({ CONCORD_SNAPSHOT_REFRESH_EVENTS: '0' }).CONCORD_SNAPSHOT_REFRESH_EVENTS).toBe(0);
    expect(() => loadConfig({ CONCORD_SNAPSHOT_REFRESH_EVENTS: '1.5' })).toThrow(/CONCORD_SNAPSHOT_REFRESH_EVENTS/);
    // At most one refresh every ten minutes unless told otherwise.
    expect(sqlite.CONCORD_SNAPSHOT_REFRESH_MIN_SECONDS).toBe(600);
    expect(loadConfig({ CONCORD_SNAPSHOT_REFRESH_MIN_SECONDS: '0' }).CONCORD_SNAPSHOT_REFRESH_MIN_SECONDS).toBe(0);
    expect(() => loadConfig({ CONCORD_SNAPSHOT_REFRESH_MIN_SECONDS: '-1' })).toThrow(/CONCORD_SNAPSHOT_REFRESH_MIN_SECONDS/);
  });

  it('ignores variables of other programs and the test harness', () => {
    expect(() => loadConfig({ HOME: '/root', CONCORD_TEST_ESDB_URL: 'esdb://x' })).not.toThrow();
  });
});
