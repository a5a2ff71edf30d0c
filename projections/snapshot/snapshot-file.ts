import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { readGraph } from './graph-reader.js';
import { GraphWriter } from './graph-writer.js';
import type { SnapshotRegistry } from './graph-format.js';
import { readSnapshotBytes, type SnapshotBytes } from './snapshot-bytes.js';

/**
 * A read-model snapshot on disk: a first line of JSON (the header below, padded with
 * spaces to 16 KiB), then the body: the graph (graph-format.ts), the string table as JSON
 * arrays of up to 100,000 strings each, and the bigint table (8 bytes each,
 * little-endian). The header names the log position the models reflect, some events of
 * the log up to it (to tell the log it was folded from, see read-model-snapshots.ts), the
 * fingerprint of the code that folded it, and the body's SHA-256: a snapshot that was cut
 * short, altered or folded by other code is refused whole, never half-used. The graph
 * goes to the file as it is written, so writing one holds 16 MiB of it at a time.
 */
export const SNAPSHOT_FORMAT = 'concord-read-models/1';

const digits = z.string().regex(/^\d{1,20}$/);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const count = z.number().int().nonnegative();

export const snapshotHeaderSchema = z.strictObject({
  format: z.literal(SNAPSHOT_FORMAT),
  /** See code-fingerprint.ts. */
  fingerprint: sha256,
  /** The last log position folded into the models. */
  position: digits,
  /** The latest recordedAt among the folded events. */
  knownAt: z.string().min(1).nullable(),
  /** Events of the log up to `position`, by position: the log a later start must find again. */
  samples: z.array(z.strictObject({ position: digits, eventId: z.string().min(1) })).min(1),
  createdAt: z.iso.datetime(),
  objects: count,
  sections: z.strictObject({ graph: count, strings: z.array(count), bigints: count }),
  sha256,
});
export type SnapshotHeader = z.infer<typeof snapshotHeaderSchema>;

/** Why a snapshot file was not used; `code` says which check refused it. */
export class SnapshotRefusedError extends Error {
  constructor(
    readonly code: 'SNAPSHOT_MISSING' | 'SNAPSHOT_UNREADABLE' | 'SNAPSHOT_HEADER_INVALID' | 'SNAPSHOT_OTHER_CODE' | 'SNAPSHOT_CORRUPT' | 'SNAPSHOT_OTHER_LOG',
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'SnapshotRefusedError';
  }
}

const STRINGS_PER_CHUNK = 100_000;
/** The room kept for the header at the file's start, written last (it holds the body's size and hash). */
const HEADER_BYTES = 16_384;

export interface WrittenSnapshot {
  readonly header: SnapshotHeader;
  readonly bytes: number;
}

/** Where process `pid` writes a snapshot of `file` before renaming it over the file (removed by whoever stops the process part way). */
export function snapshotTempFile(file: string, pid: number): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${pid}.tmp`);
}

/**
 * Writes `root` with its header to `file`: to a temporary file beside it, synced, then
 * renamed over it, so a crash leaves the previous snapshot or the new one, never a part.
 */
export function writeSnapshotFile(file: string, root: unknown, registry: SnapshotRegistry, mark: Omit<SnapshotHeader, 'format' | 'objects' | 'sections' | 'sha256'>): WrittenSnapshot {
  const temp = snapshotTempFile(file, process.pid);
  const fd = openSync(temp, 'w', 0o600);
  try {
    const hash = createHash('sha256');
    let at = HEADER_BYTES;
    const append = (part: Uint8Array) => {
      hash.update(part);
      for (let done = 0; done < part.byteLength; ) done += writeSync(fd, part, done, part.byteLength - done, at + done);
      at += part.byteLength;
    };
    // The graph goes to the file as it is written; the tables it numbers follow it.
    const encoded = new GraphWriter(registry, append).write(root);
    append(encoded.graph);
    const stringChunks: number[] = [];
    for (let i = 0; i < encoded.strings.length || i === 0; i += STRINGS_PER_CHUNK) {
      const chunk = Buffer.from(JSON.stringify(encoded.strings.slice(i, i + STRINGS_PER_CHUNK)));
      append(chunk);
      stringChunks.push(chunk.byteLength);
    }
    append(new Uint8Array(encoded.bigints.buffer, encoded.bigints.byteOffset, encoded.bigints.byteLength));
    const header: SnapshotHeader = {
      format: SNAPSHOT_FORMAT,
      ...mark,
      objects: encoded.objects,
      sections: { graph: encoded.graphBytes, strings: stringChunks, bigints: encoded.bigints.byteLength },
      sha256: hash.digest('hex'),
    };
    const line = Buffer.from(`${JSON.stringify(header)}\n`);
    if (line.byteLength > HEADER_BYTES) throw new Error(`a snapshot header of ${line.byteLength} bytes does not fit its ${HEADER_BYTES}`);
    // The header's room is filled with spaces, which JSON ignores, up to its newline.
    const room = Buffer.alloc(HEADER_BYTES, 0x20);
    line.copy(room, 0, 0, line.byteLength - 1);
    room[HEADER_BYTES - 1] = 0x0a;
    writeSync(fd, room, 0, HEADER_BYTES, 0);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(temp, file);
    syncFolder(path.dirname(file));
    return { header, bytes: at };
  } catch (error) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    rmSync(temp, { force: true });
    throw error;
  }
}

/** Makes the rename durable (a no-op where folders cannot be opened, as on Windows). */
function syncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(folder, 'r');
    fsyncSync(fd);
  } catch {
    // Not every platform syncs folders; the file itself is synced.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The header alone, checked; throws SnapshotRefusedError. */
function parseHeader(file: string, bytes: Buffer): { header: SnapshotHeader; bodyStart: number } {
  const end = bytes.indexOf(0x0a);
  if (end < 0 || end > 1 << 20) throw new SnapshotRefusedError('SNAPSHOT_HEADER_INVALID', file, 'no header line');
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8', 0, end));
  } catch {
    throw new SnapshotRefusedError('SNAPSHOT_HEADER_INVALID', file, 'the header is not JSON');
  }
  const parsed = snapshotHeaderSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new SnapshotRefusedError('SNAPSHOT_HEADER_INVALID', file, `the header's ${issue.path.join('.') || 'value'} is invalid: ${issue.message}`);
  }
  return { header: parsed.data, bodyStart: end + 1 };
}

/** Files from this size on have their body hashed on a worker: below it, its start costs more than the hash. */
const HASH_ON_WORKER_FROM = 32 * 2 ** 20;

/**
 * Reads a snapshot written by writeSnapshotFile with the same registry, refusing it
 * (SnapshotRefusedError) unless its header is valid, it was folded by this code
 * (`fingerprint`, worked out only when there is a snapshot to compare it with) and its
 * body is whole (SHA-256). The hash is worked out beside the body's read, on a worker
 * for a file of `hashOnWorkerFrom` bytes or more (see snapshot-bytes.ts).
 */
export async function readSnapshotFile(file: string, registry: SnapshotRegistry, fingerprint: () => string, hashOnWorkerFrom = HASH_ON_WORKER_FROM): Promise<{ header: SnapshotHeader; root: unknown }> {
  let read: SnapshotBytes;
  try {
    read = await readSnapshotBytes(file, hashOnWorkerFrom);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SnapshotRefusedError(code === 'ENOENT' ? 'SNAPSHOT_MISSING' : 'SNAPSHOT_UNREADABLE', file, code === 'ENOENT' ? 'no snapshot' : `unreadable (${code ?? String(error)})`);
  }
  try {
    return await readChecked(file, read, registry, fingerprint);
  } finally {
    // No worker outlives the read, whatever refused it.
    await read.discard();
  }
}

async function readChecked(file: string, { bytes, digest }: SnapshotBytes, registry: SnapshotRegistry, fingerprint: () => string): Promise<{ header: SnapshotHeader; root: unknown }> {
  const { header, bodyStart } = parseHeader(file, bytes);
  if (header.fingerprint !== fingerprint()) throw new SnapshotRefusedError('SNAPSHOT_OTHER_CODE', file, 'written by other read-model code (its fingerprint differs): the log is folded instead');
  const { sections } = header;
  const bodyLength = sections.strings.reduce((a, b) => a + b, 0) + sections.bigints + sections.graph;
  if (bytes.length - bodyStart !== bodyLength) throw new SnapshotRefusedError('SNAPSHOT_CORRUPT', file, `the body has ${bytes.length - bodyStart} bytes, the header says ${bodyLength}`);
  const hashed = digest(bodyStart).then(
    (sha256) => {
      if (sha256 !== header.sha256) throw new SnapshotRefusedError('SNAPSHOT_CORRUPT', file, "the body's SHA-256 differs from the header's");
    },
    (error: unknown) => {
      throw new SnapshotRefusedError('SNAPSHOT_UNREADABLE', file, `its SHA-256 could not be worked out (${(error as Error)?.message ?? String(error)})`);
    },
  );
  let read: { readonly root: unknown } | { readonly failed: unknown };
  try {
    read = { root: readBody(file, bytes.subarray(bodyStart), sections, registry) };
  } catch (error) {
    read = { failed: error };
  }
  // The hash's verdict first, as when it was checked before the read: a corrupt body is
  // refused as such whatever its read made of it.
  await hashed;
  if ('failed' in read) throw read.failed;
  return { header, root: read.root };
}

/** The string table, the bigint table and the graph of a body; throws SnapshotRefusedError. */
function readBody(file: string, body: Buffer, sections: SnapshotHeader['sections'], registry: SnapshotRegistry): unknown {
  if (sections.bigints % 8 !== 0) throw new SnapshotRefusedError('SNAPSHOT_CORRUPT', file, 'the bigint table is not whole');
  try {
    const graph = body.subarray(0, sections.graph);
    let at = sections.graph;
    const strings: string[] = [];
    for (const length of sections.strings) {
      const chunk: unknown = JSON.parse(body.toString('utf8', at, at + length));
      if (!Array.isArray(chunk)) throw new Error('a string table chunk is not an array');
      for (const s of chunk) {
        if (typeof s !== 'string') throw new Error('the string table holds a non-string');
        strings.push(s);
      }
      at += length;
    }
    // Copied so the table is aligned wherever it starts.
    const bigintBytes = new Uint8Array(sections.bigints);
    bigintBytes.set(body.subarray(at, at + sections.bigints));
    // A loop into an array of its size: Array.from takes the generic iterator path, twice
    // as slow for the million positions a million events hold (237 against 120 ms).
    const bigintTable = new BigInt64Array(bigintBytes.buffer);
    const bigints = new Array<bigint>(bigintTable.length);
    for (let i = 0; i < bigintTable.length; i++) bigints[i] = bigintTable[i]!;
    return readGraph(graph, strings, bigints, registry).root;
  } catch (error) {
    throw new SnapshotRefusedError('SNAPSHOT_CORRUPT', file, `the body does not read back: ${(error as Error).message}`);
  }
}
