import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { SnapshotRegistry } from '../../projections/snapshot/graph-format.js';
import { readSnapshotFile, SnapshotRefusedError, writeSnapshotFile } from '../../projections/snapshot/snapshot-file.js';
import { tempDir } from '../support/temp-dir.js';

/**
 * A snapshot file read back: its body's SHA-256 is worked out beside the graph's read, on
 * a worker for a large body or inline for a small one, and in either way a body that
 * differs from the one written is refused as corrupt before any models are returned, and
 * no worker is left running once the read settles.
 */

/** Every hashing worker started, and, when set, a stand-in started instead of it. */
const workers = vi.hoisted(() => ({ started: [] as { exited: boolean }[], standIn: undefined as string | undefined }));
vi.mock('../../src/runtime/module-worker.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/runtime/module-worker.js')>();
  return {
    startModuleWorker: (callerUrl: string, name: string, data: object) => {
      const worker = workers.standIn === undefined ? actual.startModuleWorker(callerUrl, name, data) : new Worker(workers.standIn, { eval: true });
      const started = { exited: false };
      workers.started.push(started);
      worker.once('exit', () => (started.exited = true));
      return worker;
    },
  };
});

class Item {
  constructor(
    readonly name: string,
    readonly sizes: Float64Array,
  ) {}
}

const registry: SnapshotRegistry = { classes: [{ type: Item }], known: [] };
const FINGERPRINT = 'f'.repeat(64);
const root = { items: Array.from({ length: 300 }, (_, i) => new Item(`item ${i}`, Float64Array.of(i, i / 2))), marker: 'a string the graph reads whatever its letters' };

const temp = tempDir();
afterAll(() => temp.remove());
afterEach(() => {
  workers.started.length = 0;
  workers.standIn = undefined;
});

function written(name: string): Buffer {
  const file = temp.file(name);
  writeSnapshotFile(file, root, registry, { fingerprint: FINGERPRINT, position: '300', knownAt: null, samples: [{ position: '1', eventId: 'e-1' }], createdAt: new Date(0).toISOString() });
  return readFileSync(file);
}

async function refusal(read: Promise<unknown>): Promise<SnapshotRefusedError> {
  const error = await read.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SnapshotRefusedError);
  return error as SnapshotRefusedError;
}

describe.each([
  ['on a worker', 0],
  ['inline', Number.POSITIVE_INFINITY],
])('a snapshot file whose body is hashed %s', (way, hashOnWorkerFrom) => {
  const viaWorker = hashOnWorkerFrom === 0;
  const read = (name: string) => readSnapshotFile(temp.file(name), registry, () => FINGERPRINT, hashOnWorkerFrom);
  const bad = (name: string, bytes: Buffer) => {
    writeFileSync(temp.file(name), bytes);
    return read(name);
  };

  it('given one written whole, when read, then answers its header and the graph written', async () => {
    written(`good-${way}`);
    const { header, root: back } = await read(`good-${way}`);
    expect(header.position).toBe('300');
    expect(back).toEqual(root);
    expect((back as typeof root).items[7]).toBeInstanceOf(Item);
    expect(workers.started).toEqual(viaWorker ? [{ exited: true }] : []);
  });

  it('given one byte of its string table changed so that the graph still reads, when read, then refuses it by its SHA-256', async () => {
    const bytes = written(`string-${way}`);
    const at = bytes.indexOf('whatever its letters');
    bytes[at] = 'W'.charCodeAt(0);
    const refused = await refusal(bad(`string-bad-${way}`, bytes));
    expect(refused.code).toBe('SNAPSHOT_CORRUPT');
    expect(refused.message).toMatch(/the body's SHA-256 differs from the header's$/);
    expect(workers.started.every((w) => w.exited)).toBe(true);
  });

  it("given the graph's first byte changed so that it does not read, when read, then refuses it by its SHA-256 all the same", async () => {
    const bytes = written(`graph-${way}`);
    const header = JSON.parse(bytes.toString('utf8', 0, bytes.indexOf(0x0a))) as { sections: { graph: number } };
    expect(header.sections.graph).toBeGreaterThan(0);
    bytes[bytes.indexOf(0x0a) + 1] = 0xee;
    const refused = await refusal(bad(`graph-bad-${way}`, bytes));
    expect(refused.code).toBe('SNAPSHOT_CORRUPT');
    expect(refused.message).toMatch(/the body's SHA-256 differs from the header's$/);
    expect(workers.started.every((w) => w.exited)).toBe(true);
  });

  it('given one cut short, when read, then refuses it as corrupt', async () => {
    const bytes = written(`short-${way}`);
    const refused = await refusal(bad(`short-bad-${way}`, bytes.subarray(0, bytes.length - 100)));
    expect(refused.code).toBe('SNAPSHOT_CORRUPT');
    expect(refused.message).toMatch(/the body has \d+ bytes, the header says \d+$/);
    // Started as the file was read, the worker is stopped unasked.
    expect(workers.started).toEqual(viaWorker ? [{ exited: true }] : []);
  });

  it('given none, or a folder in its place, when read, then refuses it as missing or unreadable', async () => {
    expect((await refusal(read('none'))).code).toBe('SNAPSHOT_MISSING');
    mkdirSync(temp.file(`folder-${way}`));
    const refused = await refusal(read(`folder-${way}`));
    expect(refused.code).toBe('SNAPSHOT_UNREADABLE');
    expect(refused.message).toMatch(/unreadable \(EISDIR\)$/);
  });
});

describe('a snapshot file hashed on a worker that fails', () => {
  it.each([
    ['exits before it answers', 'process.exit(3)', /exited \(code 3\) before it answered/],
    ['throws', "throw new Error('no hash today')", /no hash today/],
  ])('given a worker that %s, when read, then refuses it as unreadable once the worker is gone', async (_, standIn, message) => {
    written('whole-but-unhashed');
    workers.standIn = standIn;
    const refused = await refusal(readSnapshotFile(temp.file('whole-but-unhashed'), registry, () => FINGERPRINT, 0));
    expect(refused.code).toBe('SNAPSHOT_UNREADABLE');
    expect(refused.message).toMatch(message);
    expect(workers.started).toEqual([{ exited: true }]);
  });
});
