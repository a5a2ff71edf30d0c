import { existsSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';

/**
 * `serve` writes a read-model snapshot once its start-up folded enough events
 * (CONCORD_SNAPSHOT_AFTER_EVENTS) and serves the models read back from it, starts from
 * it the next time and folds only what came after, and answers as before; a damaged
 * snapshot is ignored, never trusted.
 */

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer({ env: { CONCORD_SNAPSHOT_AFTER_EVENTS: '1', CONCORD_RELEASE_MEMORY_AFTER_CATCH_UP: 'true' } });
});
afterAll(() => api.close());

const PATHS = ['/state?at=2024-06-01', '/timeline?limit=500', '/entities/group/iag-tvet?at=2024-06-01', '/entities/organisation/newcomer?at=2024-06-01', '/changes?from=2023-01-01&to=2024-12-31'];

describe('serve with a read-model snapshot', () => {
  it('writes one after folding the seed, and the next start loads it and folds the rest', async () => {
    const file = `${api.dbPath}.read-models`;
    expect(api.server.snapshot.loadedAt).toBeUndefined();
    expect(api.server.snapshot.writtenAt).toBe(36n);
    expect(api.server.snapshot.reloadedAt).toBe(36n);
    // Models read from a snapshot with nothing folded after it: one ordinary collection.
    expect(api.server.memoryRelease?.light).toBe(true);
    expect(existsSync(file)).toBe(true);
    // The models read back still follow the log: the new development is folded and shown.
    const written = await api.post('/developments', { type: 'OrganisationRegistered', organisationId: 'newcomer', name: 'Newcomer', foundedOn: '2001' });
    expect(written.status).toBe(201);
    const read = await api.get(`/entities/organisation/newcomer?minPosition=${written.body.position}`);
    expect(read.status).toBe(200);
    expect(read.body.entity.name).toBe('Newcomer');
    const before = await Promise.all(PATHS.map((p) => api.get(p)));
    await api.restart();
    expect(api.server.snapshot.loadedAt).toBe(36n);
    // One event folded after the snapshot, which reaches the threshold of 1: written again.
    expect(api.server.snapshot.writtenAt).toBe(37n);
    expect(api.server.snapshot.reloadedAt).toBe(37n);
    expect(api.server.memoryRelease?.light).toBe(true);
    expect(api.server.projections.status().position).toBe(37n);
    const after = await Promise.all(PATHS.map((p) => api.get(p)));
    for (let i = 0; i < PATHS.length; i++) {
      expect(after[i]!.status, PATHS[i]).toBe(200);
      expect(after[i]!.body, PATHS[i]).toEqual(before[i]!.body);
    }
  });

  it('ignores a damaged snapshot and folds the whole log', async () => {
    writeFileSync(`${api.dbPath}.read-models`, 'garbage\n');
    const before = await Promise.all(PATHS.map((p) => api.get(p)));
    await api.restart();
    expect(api.server.snapshot.loadedAt).toBeUndefined();
    expect(api.server.projections.status().position).toBe(37n);
    const after = await Promise.all(PATHS.map((p) => api.get(p)));
    for (let i = 0; i < PATHS.length; i++) expect(after[i]!.body, PATHS[i]).toEqual(before[i]!.body);
  });
});

describe('serve keeps its snapshot current while it runs', () => {
  it('writes a new one in a child process every so many events folded, and the next start loads it', async () => {
    const refreshing = await startTestServer({ env: { CONCORD_SNAPSHOT_REFRESH_EVENTS: '2', CONCORD_SNAPSHOT_REFRESH_MIN_SECONDS: '0' } });
    try {
      // The seed's 36 events were folded by the start-up, which writes below its own threshold: nothing yet.
      expect(refreshing.server.snapshot.writtenAt).toBeUndefined();
      expect(refreshing.server.snapshotRefresh()).toMatchObject({ running: false, foldedSince: 0, succeeded: 0 });
      const first = await refreshing.post('/developments', { type: 'OrganisationRegistered', organisationId: 'first-after', name: 'First after' });
      expect(refreshing.server.snapshotRefresh()?.running).toBe(false);
      const second = await refreshing.post('/developments', { type: 'OrganisationRegistered', organisationId: 'second-after', name: 'Second after' });
      expect([first.status, second.status]).toEqual([201, 201]);
      await refreshing.get(`/timeline?limit=1&minPosition=${second.body.position}`);
      expect(refreshing.server.snapshotRefresh()?.running).toBe(true);

      await expect.poll(() => refreshing.server.snapshotRefresh()?.succeeded, { timeout: 60_000, interval: 100 }).toBe(1);
      expect(refreshing.server.snapshotRefresh()).toMatchObject({ running: false, failed: 0 });
      const metrics = await (await fetch(`${refreshing.server.url}/metrics`)).text();
      expect(metrics).toMatch(/^concord_snapshot_refreshes_total\{outcome="succeeded"\} 1$/m);
      expect(metrics).toMatch(/^concord_snapshot_refreshes_total\{outcome="failed"\} 0$/m);
      expect(metrics).toMatch(/^concord_snapshot_refresh_running 0$/m);
      expect(metrics).toMatch(/^concord_snapshot_refresh_events_folded 0$/m);
      const before = await Promise.all(PATHS.map((p) => refreshing.get(p)));

      await refreshing.restart();
      expect(refreshing.server.snapshot.loadedAt).toBe(38n);
      expect(refreshing.server.projections.status().position).toBe(38n);
      const after = await Promise.all(PATHS.map((p) => refreshing.get(p)));
      for (let i = 0; i < PATHS.length; i++) expect(after[i]!.body, PATHS[i]).toEqual(before[i]!.body);
    } finally {
      await refreshing.close();
    }
  });
});
