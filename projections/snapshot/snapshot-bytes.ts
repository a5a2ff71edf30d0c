import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../../src/runtime/module-worker.js';

/**
 * A snapshot file's bytes, and its body's SHA-256 worked out beside the body's read
 * (see readSnapshotFile): at a million events the hash took 0.44 s of a 6 s start on the
 * main thread, with the machine's second core idle through the graph's read.
 */

/** What snapshot-hash-worker.ts is sent: the body, within the file's shared memory. */
export interface HashRequest {
  readonly bytes: SharedArrayBuffer;
  readonly offset: number;
  readonly length: number;
}

export interface SnapshotBytes {
  /** The whole file, in a SharedArrayBuffer: the worker hashes these very bytes, not a copy. */
  readonly bytes: Buffer;
  /**
   * The hex SHA-256 of the bytes from `start` on: on the worker when there is one, else
   * worked out at once. Settles only once the worker is gone; rejects if it fails or
   * exits without an answer.
   */
  digest(start: number): Promise<string>;
  /** Stops the worker unless it answered (the file was refused before its body was hashed); resolves once it is gone. */
  discard(): Promise<void>;
}

/** readFileSync's bound, kept so that a file past it is refused for the same reason. */
const MAX_FILE_BYTES = 2 ** 31 - 1;

/**
 * Reads `file` whole as readFileSync would (a file that shrank since its size was taken
 * reads as far as it goes; errors are the file system's). From `hashOnWorkerFrom` bytes
 * on, a worker is started first: it boots on the other core while this thread reads
 * (about 200 ms for 262 MiB, against 50-100 ms for the worker), and is running when this
 * resolves, so the read of the body that follows allocates nothing before it is.
 */
export async function readSnapshotBytes(file: string, hashOnWorkerFrom: number): Promise<SnapshotBytes> {
  const fd = openSync(file, 'r');
  let hasher: HashWorker | undefined;
  let bytes: Buffer;
  try {
    const stats = fstatSync(fd);
    if (stats.isFile() && stats.size >= hashOnWorkerFrom) hasher = new HashWorker();
    // A pipe or a device has no size to read up to: read to its end, then share a copy.
    bytes = stats.isFile() ? readShared(fd, stats.size) : shared(readFileSync(fd));
  } catch (error) {
    await hasher?.stop();
    throw error;
  } finally {
    closeSync(fd);
  }
  await hasher?.started;
  return {
    bytes,
    digest: (start) => (hasher ? hasher.digest(bytes.subarray(start)) : Promise.resolve(createHash('sha256').update(bytes.subarray(start)).digest('hex'))),
    discard: () => hasher?.stop() ?? Promise.resolve(),
  };
}

function readShared(fd: number, size: number): Buffer {
  if (size > MAX_FILE_BYTES) throw Object.assign(new RangeError(`File size (${size}) is greater than 2 GiB`), { code: 'ERR_FS_FILE_TOO_LARGE' });
  const bytes = new Uint8Array(new SharedArrayBuffer(size));
  let done = 0;
  while (done < size) {
    // A read may answer fewer bytes than asked, and none once the file ends.
    const got = readSync(fd, bytes, done, size - done, done);
    if (got === 0) break;
    done += got;
  }
  return Buffer.from(bytes.buffer, 0, done);
}

function shared(bytes: Uint8Array): Buffer {
  const copy = Buffer.from(new SharedArrayBuffer(bytes.byteLength));
  copy.set(bytes);
  return copy;
}

/** snapshot-hash-worker.ts, asked for one digest; every way it ends goes through its exit. */
class HashWorker {
  private readonly worker: Worker | undefined;
  private answer: string | undefined;
  private failure: unknown;
  private exitCode: number | undefined;
  /** The worker's exit, or at once when it could not be started. */
  private readonly exited: Promise<void>;
  /** The worker runs (its isolate is made, see startModuleWorker), or is gone. */
  readonly started: Promise<void>;

  constructor() {
    let worker: Worker;
    try {
      worker = startModuleWorker(import.meta.url, 'snapshot-hash-worker', {});
    } catch (error) {
      this.failure = error;
      this.exited = this.started = Promise.resolve();
      return;
    }
    this.worker = worker;
    worker.on('message', (answer: string) => {
      this.answer = answer;
      void worker.terminate();
    });
    worker.on('error', (error) => {
      this.failure ??= error;
      void worker.terminate();
    });
    this.exited = new Promise((resolve) =>
      worker.once('exit', (code: number) => {
        this.exitCode = code;
        resolve();
      }),
    );
    this.started = Promise.race([new Promise<void>((resolve) => worker.once('online', () => resolve())), this.exited]);
  }

  async digest(body: Buffer): Promise<string> {
    const request: HashRequest = { bytes: body.buffer as SharedArrayBuffer, offset: body.byteOffset, length: body.byteLength };
    this.worker?.postMessage(request);
    await this.exited;
    if (this.answer !== undefined) return this.answer;
    throw this.failure ?? new Error(`the hashing thread exited (code ${this.exitCode}) before it answered`);
  }

  stop(): Promise<void> {
    void this.worker?.terminate();
    return this.exited;
  }
}
