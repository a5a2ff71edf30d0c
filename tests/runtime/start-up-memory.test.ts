import inspector from 'node:inspector';
import v8 from 'node:v8';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loosenOldGenerationGrowth, SNAPSHOT_READ_HEAP_GROWING_PERCENT } from '../../src/runtime/old-generation-growth.js';
import { LIGHT_RELEASE_MAX_FOLDED, StartUpMemory } from '../../src/runtime/start-up-memory.js';
import { holdYoungGeneration, keepYoungGenerationHeld, startedGrowthFactor } from '../../src/runtime/young-generation.js';

const growthFlags = (spy: { mock: { calls: unknown[][] } }) => spy.mock.calls.map(([flag]) => flag as string).filter((flag) => flag.includes('semi-space-growth-factor'));
const heapGrowthFlags = (spy: { mock: { calls: unknown[][] } }) => spy.mock.calls.map(([flag]) => flag as string).filter((flag) => flag.includes('heap-growing-percent'));
const LOOSENED = `--heap-growing-percent=${SNAPSHOT_READ_HEAP_GROWING_PERCENT}`;
const V8_RULE = '--heap-growing-percent=0';

describe('the growth factor the process started with', () => {
  it("is the last one on node's command line, in either spelling and form", () => {
    expect(startedGrowthFactor(['--max-semi-space-size=64', '--semi-space-growth-factor=8'])).toBe(8);
    expect(startedGrowthFactor(['--semi_space_growth_factor', '4'])).toBe(4);
    expect(startedGrowthFactor(['--semi-space-growth-factor=8', '--semi-space-growth-factor=3'])).toBe(3);
  });

  it("is V8's default (2) when none or no valid one is given", () => {
    expect(startedGrowthFactor([])).toBe(2);
    expect(startedGrowthFactor(['--semi-space-growth-factor=fast'])).toBe(2);
    expect(startedGrowthFactor(['--semi-space-growth-factor'])).toBe(2);
  });
});

describe('holding the young generation', () => {
  afterEach(() => vi.restoreAllMocks());

  it('stops its growth until ended, then gives back the factor the process started with, once', () => {
    const setFlags = vi.spyOn(v8, 'setFlagsFromString');
    const hold = holdYoungGeneration();
    expect(hold.holding).toBe(true);
    hold.end();
    hold.end();
    expect(hold.holding).toBe(false);
    expect(growthFlags(setFlags)).toEqual(['--semi-space-growth-factor=1', `--semi-space-growth-factor=${startedGrowthFactor()}`]);
  });

  it("is set again once a worker runs (V8 raised the factor as it made the worker's isolate), and not after its end", () => {
    const setFlags = vi.spyOn(v8, 'setFlagsFromString');
    keepYoungGenerationHeld();
    const hold = holdYoungGeneration();
    keepYoungGenerationHeld();
    hold.end();
    keepYoungGenerationHeld();
    expect(growthFlags(setFlags)).toEqual(['--semi-space-growth-factor=1', '--semi-space-growth-factor=1', `--semi-space-growth-factor=${startedGrowthFactor()}`]);
  });
});

describe("loosening the old generation's growth", () => {
  afterEach(() => vi.restoreAllMocks());

  it("lets it grow tenfold until ended, then gives V8 its own rule back, once", () => {
    const setFlags = vi.spyOn(v8, 'setFlagsFromString');
    const growth = loosenOldGenerationGrowth();
    expect(growth.loosened).toBe(true);
    growth.end();
    growth.end();
    expect(growth.loosened).toBe(false);
    expect(heapGrowthFlags(setFlags)).toEqual(['--heap-growing-percent=900', V8_RULE]);
  });
});

/**
 * The memory steps taken, in order: each low-memory collection asked of the inspector
 * (answered at once, none run) and each V8 flag set (set for real).
 */
function recordedMemorySteps(): string[] {
  const order: string[] = [];
  vi.spyOn(inspector.Session.prototype, 'post').mockImplementation(function (this: unknown, method: string, ...rest: unknown[]) {
    order.push(method);
    const callback = rest.find((arg) => typeof arg === 'function') as ((error: Error | null) => void) | undefined;
    callback?.(null);
  } as never);
  const setFlags = v8.setFlagsFromString.bind(v8);
  vi.spyOn(v8, 'setFlagsFromString').mockImplementation((flag) => {
    order.push(flag);
    setFlags(flag);
  });
  return order;
}

describe('the memory side of a start-up', () => {
  afterEach(() => vi.restoreAllMocks());

  it('releases lightly only models read from a snapshot, with the young generation held and little folded after it', async () => {
    const memory = new StartUpMemory('release');
    const fromSnapshot = { fromSnapshot: true, folded: 12 };
    expect(memory.isLight(fromSnapshot)).toBe(false);
    await memory.readingSnapshot();
    expect(memory.isLight(fromSnapshot)).toBe(true);
    expect(memory.isLight({ fromSnapshot: true, folded: LIGHT_RELEASE_MAX_FOLDED })).toBe(false);
    expect(memory.isLight({ fromSnapshot: false, folded: 12 })).toBe(false);
    memory.folding();
    expect(memory.isLight(fromSnapshot)).toBe(false);
  });

  it('holds nothing, and is never light, when the release is off or compacts every page (asked for by name)', async () => {
    const setFlags = vi.spyOn(v8, 'setFlagsFromString');
    for (const mode of [false, 'compact'] as const) {
      const memory = new StartUpMemory(mode);
      await memory.readingSnapshot();
      expect(memory.isLight({ fromSnapshot: true, folded: 12 })).toBe(false);
    }
    expect(growthFlags(setFlags)).toEqual([]);
    expect(await new StartUpMemory(false).release({ fromSnapshot: true, folded: 12 })).toBeUndefined();
  });

  it('brings the young generation down to its least (a low-memory collection of the small heap) before holding it', async () => {
    const order = recordedMemorySteps();
    const memory = new StartUpMemory('release');
    await memory.readingSnapshot();
    await memory.readingSnapshot();
    expect(order.filter((step) => step === 'HeapProfiler.collectGarbage' || step.includes('growth'))).toEqual(['HeapProfiler.collectGarbage', '--semi-space-growth-factor=1']);
    memory.folding();
  });

  it('gives back what a fold left and holds the young generation while a snapshot is written, until folding resumes; not at all when the release is off', async () => {
    const order = recordedMemorySteps();
    const memory = new StartUpMemory('release');
    memory.folding();
    await memory.writingSnapshot();
    memory.folding();
    const steps = () => order.filter((step) => step === 'HeapProfiler.collectGarbage' || step.includes('growth'));
    expect(steps()).toEqual(['HeapProfiler.collectGarbage', '--semi-space-growth-factor=1', `--semi-space-growth-factor=${startedGrowthFactor()}`]);

    order.length = 0;
    for (const mode of [false, 'compact'] as const) {
      const other = new StartUpMemory(mode);
      await other.writingSnapshot();
      other.folding();
    }
    expect(steps()).toEqual([]);
  });

  it('gives the young generation its growth back once the fold reaches the bound, and after the release', async () => {
    const setFlags = vi.spyOn(v8, 'setFlagsFromString');
    const memory = new StartUpMemory('release');
    await memory.readingSnapshot();
    memory.folded(LIGHT_RELEASE_MAX_FOLDED - 1);
    expect(growthFlags(setFlags)).toHaveLength(1);
    memory.folded(LIGHT_RELEASE_MAX_FOLDED);
    expect(growthFlags(setFlags)).toHaveLength(2);

    await memory.readingSnapshot();
    const release = await memory.release({ fromSnapshot: true, folded: LIGHT_RELEASE_MAX_FOLDED });
    expect(release?.light).toBe(false);
    expect(growthFlags(setFlags)).toHaveLength(4);
    expect(growthFlags(setFlags).at(-1)).toBe(`--semi-space-growth-factor=${startedGrowthFactor()}`);
  });

  it('loosens the old generation only while a snapshot is read: until the first event folded after it, or folding resumes', async () => {
    const setFlags = vi.spyOn(v8, 'setFlagsFromString');
    const memory = new StartUpMemory('release');
    await memory.readingSnapshot();
    await memory.readingSnapshot();
    expect(heapGrowthFlags(setFlags)).toEqual([LOOSENED]);
    memory.folded(1);
    memory.folded(2);
    expect(heapGrowthFlags(setFlags)).toEqual([LOOSENED, V8_RULE]);

    const other = new StartUpMemory('release');
    await other.readingSnapshot();
    other.folding();
    expect(heapGrowthFlags(setFlags)).toEqual([LOOSENED, V8_RULE, LOOSENED, V8_RULE]);

    // Writing a snapshot (its tables grow on top of the models) keeps V8's rule.
    await new StartUpMemory('release').writingSnapshot();
    expect(heapGrowthFlags(setFlags)).toHaveLength(4);
  });

  it("gives V8 its own rule back before the release's collection, so that collection sets the next limit by it", async () => {
    const order = recordedMemorySteps();
    const global = globalThis as { gc?: unknown };
    const exposed = global.gc;
    global.gc = () => order.push('gc');
    try {
      const memory = new StartUpMemory('release');
      await memory.readingSnapshot();
      order.length = 0;
      await memory.release({ fromSnapshot: true, folded: 0 });
      expect(order.filter((step) => step === 'gc' || step.includes('heap-growing'))).toEqual([V8_RULE, 'gc', 'gc']);
    } finally {
      global.gc = exposed;
    }
  });

  it('never loosens the old generation when the release is off or compacts every page', async () => {
    const setFlags = vi.spyOn(v8, 'setFlagsFromString');
    for (const mode of [false, 'compact'] as const) {
      const memory = new StartUpMemory(mode);
      await memory.readingSnapshot();
      await memory.release({ fromSnapshot: true, folded: 0 });
    }
    expect(heapGrowthFlags(setFlags)).toEqual([]);
  });

  it('runs one ordinary collection and a young-generation one for a light release, and no low-memory one', async () => {
    const global = globalThis as { gc?: unknown };
    const exposed = global.gc;
    const gc = vi.fn();
    global.gc = gc;
    const post = vi.spyOn(inspector.Session.prototype, 'post');
    try {
      const memory = new StartUpMemory('release');
      await memory.readingSnapshot();
      gc.mockClear();
      post.mockClear();
      const release = await memory.release({ fromSnapshot: true, folded: 0 });
      expect(release?.light).toBe(true);
      expect(release?.compacted).toBe(false);
      expect(release!.ms).toBeGreaterThanOrEqual(release!.settleMs);
      // A full collection is gc() with no argument (Node 24 ignores gc(undefined)).
      expect(gc.mock.calls).toEqual([[], [{ type: 'minor' }]]);
      expect(post).not.toHaveBeenCalled();

      gc.mockClear();
      const full = await new StartUpMemory('release').release({ fromSnapshot: false, folded: 36 });
      expect(full?.light).toBe(false);
      expect(post.mock.calls.map(([method]) => method)).toEqual(['HeapProfiler.collectGarbage']);
      expect(gc.mock.calls).toEqual([[]]);
    } finally {
      global.gc = exposed;
    }
  });
});
