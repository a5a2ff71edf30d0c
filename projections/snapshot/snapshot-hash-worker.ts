/**
 * The SHA-256 of a snapshot's body, worked out on a thread of its own (see
 * snapshot-bytes.ts). On the main thread it took 0.44 s of a 6 s start at a million
 * events (a 262 MiB body) while the second core sat idle; here it runs beside the
 * graph's read. The body is the reader's own memory, a SharedArrayBuffer: hashed where
 * it lies, never copied.
 */
import { createHash } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import type { HashRequest } from './snapshot-bytes.js';

const port = parentPort!;
// Started before the file is read, it waits for the body; one answer, then the thread ends.
port.once('message', ({ bytes, offset, length }: HashRequest) => {
  port.postMessage(createHash('sha256').update(new Uint8Array(bytes, offset, length)).digest('hex'));
});
