import type { Request, Response } from 'express';
import type { ConcordEvent } from '../../events/decode-event.js';
import { decodeEvent } from '../../events/decode-event.js';
import { entityKey, type EntityRef } from '../../events/identifiers.js';
import type { Projection } from '../../projections/engine.js';
import { timelineItemOf } from '../../projections/timeline-projection.js';
import type { TimelineItem } from '../../projections/views.js';
import type { EventStore } from '../store/event-store.js';

export interface LiveTimelineOptions {
  readonly heartbeatMs: number;
  /** Bytes a client may leave unread before it is cut off (it reconnects with Last-Event-ID). */
  readonly maxBufferedBytes: number;
}

interface Subscriber {
  readonly res: Response;
  readonly accepts: (item: TimelineItem) => boolean;
  /** Items that arrived while the backlog was being sent; undefined once live. */
  pending: TimelineItem[] | undefined;
  lastSent: bigint;
}

/**
 * Server-Sent Events of timeline items. Applied as a projection, so every item goes out
 * as soon as the read models have it; a client that reconnects with Last-Event-ID first
 * gets the items after it from the store, then the live ones, none twice and none missed.
 */
export class LiveTimeline {
  private readonly subscribers = new Set<Subscriber>();
  private position = 0n;

  constructor(private readonly store: EventStore, private readonly options: LiveTimelineOptions) {}

  /** Where read models loaded from a snapshot stand: live clients are sent what comes after. */
  startAt(position: bigint): void {
    this.position = position;
  }

  get clients(): number {
    return this.subscribers.size;
  }

  apply(event: ConcordEvent): void {
    this.position = event.position;
    if (this.subscribers.size === 0) return;
    const item = timelineItemOf(event);
    for (const s of this.subscribers) {
      if (!s.accepts(item)) continue;
      if (s.pending) s.pending.push(item);
      else this.send(s, item);
    }
  }

  async serve(req: Request, res: Response, filter: { entity?: EntityRef; types?: string[] }, lastEventId: bigint | undefined): Promise<void> {
    const key = filter.entity ? entityKey(filter.entity) : undefined;
    const types = filter.types && filter.types.length > 0 ? new Set(filter.types) : undefined;
    const accepts = (item: TimelineItem) => (!key || item.entities.includes(key)) && (!types || types.has(item.type));
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    res.write(': concord live timeline\n\n');
    const subscriber: Subscriber = { res, accepts, pending: lastEventId === undefined ? undefined : [], lastSent: lastEventId ?? this.position };
    this.subscribers.add(subscriber);
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), this.options.heartbeatMs);
    heartbeat.unref();
    req.on('close', () => {
      clearInterval(heartbeat);
      this.subscribers.delete(subscriber);
    });
    if (lastEventId !== undefined) await this.sendBacklog(subscriber, lastEventId);
  }

  /** Ends every stream, so a shutdown is not held up by clients that never leave. */
  closeAll(): void {
    for (const s of this.subscribers) s.res.end();
    this.subscribers.clear();
  }

  private async sendBacklog(s: Subscriber, after: bigint): Promise<void> {
    let from = after;
    for (;;) {
      const page = await this.store.readAll({ fromPosition: from, maxCount: 500 });
      for (const recorded of page) {
        if (recorded.position > this.position) break; // from here on, the live items carry it
        const item = timelineItemOf(decodeEvent(recorded));
        if (s.accepts(item)) this.send(s, item);
        else s.lastSent = recorded.position;
      }
      if (page.length < 500 || page.at(-1)!.position >= this.position) break;
      from = page.at(-1)!.position;
    }
    const pending = s.pending ?? [];
    s.pending = undefined;
    for (const item of pending) this.send(s, item);
  }

  private send(s: Subscriber, item: TimelineItem): void {
    const position = BigInt(item.position);
    if (position <= s.lastSent) return; // already sent from the backlog
    s.lastSent = position;
    s.res.write(`id: ${item.position}\nevent: timeline-item\ndata: ${JSON.stringify(item)}\n\n`);
    // Memory stays bounded: a client that does not read is cut off and reconnects later.
    if (s.res.writableLength > this.options.maxBufferedBytes) {
      this.subscribers.delete(s);
      s.res.destroy();
    }
  }
}

export const liveTimelineProjection: Projection<LiveTimeline> = {
  name: 'live-timeline',
  apply: (live, event) => live.apply(event),
};
