import type { ConcordEvent } from '../events/decode-event.js';
import type { Projection } from './engine.js';

/**
 * The revision of every stream as the read models know it: the entity's ETag, so a
 * client's If-Match names the version it actually read.
 */
export class StreamRevisions {
  private readonly revisions = new Map<string, number>();

  apply(event: ConcordEvent): void {
    this.revisions.set(event.stream, event.revision);
  }

  of(stream: string): number | undefined {
    return this.revisions.get(stream);
  }
}

export const streamRevisionsProjection: Projection<StreamRevisions> = {
  name: 'stream-revisions',
  apply: (model, event) => model.apply(event),
};
