import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it, vi } from 'vitest';
import { releaseCatchUpMemory } from '../../src/runtime/release-catch-up-memory.js';
import { startTestServer } from '../support/test-server.js';

const MiB = 2 ** 20;

describe('giving the memory of a catch-up back', () => {
  it('shrinks the heap V8 keeps committed once what a catch-up allocated is garbage', async () => {
    // What a catch-up leaves: much allocated, promoted to the old generation, then dropped.
    // Arrays of 32 KB: regular old-generation pages, not large objects (which any collection unmaps).
    let held: number[][] | undefined = Array.from({ length: 4_000 }, (_, i) => Array.from({ length: 4_000 }, (_, j) => i + j + 0.5));
    expect(held).toHaveLength(4_000);
    held = undefined;

    const release = await releaseCatchUpMemory();

    expect(release).toBeDefined();
    expect(release!.ms).toBeGreaterThan(0);
    // 4,000 arrays of 4,000 doubles are 122 MiB. A plain full collection frees them but
    // leaves the resident memory within about 40 MiB of where it was; this gives most of it back.
    expect(release!.heapCommittedBefore - release!.heapCommittedAfter).toBeGreaterThan(80 * MiB);
    expect(release!.rssBefore - release!.rssAfter).toBeGreaterThan(80 * MiB);
  });

  it('compacts every page of the old generation a catch-up left part-used when asked, and compacts no later collection', async () => {
    const oldSpace = () => v8.getHeapSpaceStatistics().find((space) => space.space_name === 'old_space')!;
    // What a catch-up leaves: small objects promoted together, then most of them kept and
    // the rest dropped, so every page they filled is left about 60% used.
    let all: { n: number; next: null }[] | undefined = Array.from({ length: 2_000_000 }, (_, n) => ({ n, next: null }));
    await releaseCatchUpMemory();
    const kept = all.filter((_, n) => n % 10 < 6);
    all = undefined;
    const setFlags = vi.spyOn(v8, 'setFlagsFromString');
    try {
      const release = await releaseCatchUpMemory({ compactEveryPage: true });

      // About 20 MiB of those pages were free. Left to choose its pages, V8 kept 13 MiB of
      // them (on Node 20); with every page compacted, about 1 MiB stays free.
      const { space_size: size, space_used_size: used } = oldSpace();
      expect(kept).toHaveLength(1_200_000);
      expect(size - used).toBeLessThan(5 * MiB);
      const compaction = setFlags.mock.calls.map(([flag]) => flag).filter((flag) => flag.includes('compact-on-every-full-gc'));
      expect(compaction).toEqual(['--compact-on-every-full-gc', '--no-compact-on-every-full-gc']);
      expect(release!.compacted).toBe(true);
    } finally {
      setFlags.mockRestore();
    }
  });

  it('frees what became garbage with its one ordinary collection when light (a full collection on every Node)', async () => {
    let held: { n: number }[] | undefined = Array.from({ length: 1_000_000 }, (_, n) => ({ n }));
    // Promoted to the old generation, as read models are by the time they are released.
    await releaseCatchUpMemory();
    expect(held).toHaveLength(1_000_000);
    held = undefined;
    const before = process.memoryUsage().heapUsed;

    const release = await releaseCatchUpMemory({ light: true });

    expect(release?.light).toBe(true);
    // A million objects of one field are about 30 MiB.
    expect(before - process.memoryUsage().heapUsed).toBeGreaterThan(20 * MiB);
  });

  it('leaves the choice of pages to V8 unless asked', async () => {
    const setFlags = vi.spyOn(v8, 'setFlagsFromString');
    try {
      const release = await releaseCatchUpMemory();

      expect(release!.compacted).toBe(false);
      expect(setFlags.mock.calls.map(([flag]) => flag).filter((flag) => flag.includes('compact'))).toEqual([]);
    } finally {
      setFlags.mockRestore();
    }
  });

  it('ends with an ordinary full collection, and leaves no `gc` for contexts made later', async () => {
    const release = await releaseCatchUpMemory();

    expect(release!.settleMs).toBeGreaterThan(0);
    expect(release!.settleMs).toBeLessThanOrEqual(release!.ms);
    // The collection is taken from a context made while --expose-gc is on; the flag is off again.
    expect(vm.runInNewContext('typeof gc')).toBe('undefined');
  });

  it('runs before the server listens when switched on, and not when switched off', async () => {
    const on = await startTestServer({ env: { CONCORD_RELEASE_MEMORY_AFTER_CATCH_UP: 'true' } });
    const compact = await startTestServer({ env: { CONCORD_RELEASE_MEMORY_AFTER_CATCH_UP: 'compact' } });
    const off = await startTestServer({ env: { CONCORD_RELEASE_MEMORY_AFTER_CATCH_UP: 'false' } });
    try {
      expect(on.server.memoryRelease?.ms).toBeGreaterThan(0);
      expect(on.server.memoryRelease?.compacted).toBe(false);
      // Folded from the log (no snapshot written under CONCORD_SNAPSHOT_AFTER_EVENTS): the full release.
      expect(on.server.memoryRelease?.light).toBe(false);
      expect(compact.server.memoryRelease?.compacted).toBe(true);
      expect((await compact.get('/readyz')).status).toBe(200);
      expect((await on.get('/readyz')).status).toBe(200);
      expect(off.server.memoryRelease).toBeUndefined();
    } finally {
      await on.close();
      await compact.close();
      await off.close();
    }
  });
});
