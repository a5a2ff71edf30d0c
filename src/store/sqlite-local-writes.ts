import type { AppendResult } from './event-store.js';

/**
 * The writes one connection has committed, as far as `streamMark` needs them: how many
 * events it wrote to each stream, and which append results answer appends it wrote
 * (an idempotent answer writes nothing, and may stand for another writer's event).
 * `PRAGMA data_version` tells about every other connection; this tells about our own,
 * which data_version deliberately does not count.
 *
 * Recorded only after COMMIT returns: a rolled-back group wrote nothing.
 */
export class LocalWrites {
  private readonly eventsPerStream = new Map<string, number>();
  private readonly written = new WeakSet<AppendResult>();

  /**
   * An append this connection has just committed, `events` of them inserted into
   * `stream` (0: an idempotent answer). Only single appends' results are remembered: no
   * one asks about an appendMany's, and an import's hundreds of thousands would only
   * weigh on the garbage collector.
   */
  committed(stream: string, events: number, result: AppendResult, single: boolean): void {
    if (events === 0) return;
    this.eventsPerStream.set(stream, (this.eventsPerStream.get(stream) ?? 0) + events);
    if (single) this.written.add(result);
  }

  /** Events this connection has written to the stream since it was opened. */
  writtenTo(stream: string): number {
    return this.eventsPerStream.get(stream) ?? 0;
  }

  wrote(result: AppendResult): boolean {
    return this.written.has(result);
  }
}
