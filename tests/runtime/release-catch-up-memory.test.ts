import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
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

  it('ends with an ordinary full collection, and leaves no `gc` for contexts made later', async () => {
    const release = await releaseCatchUpMemory();

    expect(release!.settleMs).toBeGreaterThan(0);
    expect(release!.settleMs).toBeLessThanOrEqual(release!.ms);
    // The collection is taken from a context made while --expose-gc is on; the flag is off again.
    expect(vm.runInNewContext('typeof gc')).toBe('undefined');
  });

  it('runs before the server listens when switched on, and not when switched off', async () => {
    const on = await startTestServer({ env: { CONCORD_RELEASE_MEMORY_AFTER_CATCH_UP: 'true' } });
    const off = await startTestServer({ env: { CONCORD_RELEASE_MEMORY_AFTER_CATCH_UP: 'false' } });
    try {
      expect(on.server.memoryRelease?.ms).toBeGreaterThan(0);
      expect((await on.get('/readyz')).status).toBe(200);
      expect(off.server.memoryRelease).toBeUndefined();
    } finally {
      await on.close();
      await off.close();
    }
  });
});
