import type { EncodedAppend } from './sqlite-append-writer.js';

/** What the bulk append's thread is started with. */
export interface BulkWorkerData {
  readonly path: string;
  readonly busyTimeoutMs: number;
  readonly cacheKib: number;
  /** The head position the caller planned against, as a decimal string (null: an empty log). */
  readonly expectHead: string | null;
}

/** An append crosses to the thread as an EncodedAppend: checked and serialised, strings only. */
export type BulkRequest =
  | { readonly kind: 'write'; readonly batch: number; readonly appends: readonly EncodedAppend[] }
  | { readonly kind: 'commit' }
  | { readonly kind: 'roll-back' };

/** An error as it crosses back: its class does not survive the trip, its name, code and words do. */
export interface ErrorParts {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
}

export type BulkReply =
  | { readonly kind: 'began' }
  | { readonly kind: 'moved'; readonly head: string | null }
  | { readonly kind: 'written'; readonly batch: number; readonly events: number }
  | { readonly kind: 'refused'; readonly batch: number; readonly index: number; readonly stream: string; readonly error: ErrorParts }
  | { readonly kind: 'failed'; readonly batch?: number; readonly error: ErrorParts }
  | { readonly kind: 'committed' }
  | { readonly kind: 'rolled-back' };
