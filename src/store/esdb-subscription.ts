import { START, type AllStreamSubscription, type EventStoreDBClient } from '@eventstore/db-client';
import type { RecordedEvent, SubscribeOptions, Subscription, SubscriptionListener } from './event-store.js';
import { isUnavailable, translateError } from './esdb-errors.js';
import { matchesFilter } from './event-filter.js';
import { serverFilter } from './esdb-filter.js';
import { allPosition, toRecordedEvent } from './esdb-records.js';

type Item = { kind: 'received'; position: bigint; event: RecordedEvent | undefined } | { kind: 'checkpoint'; position: bigint } | { kind: 'caughtUp' };

const MAX_BACKOFF_MS = 2_000;
/** Queue lengths at which the client's stream is paused and resumed, bounding memory during a long catch-up. */
const PAUSE_AT = 1_000;
const RESUME_AT = 100;

/**
 * A catch-up subscription to `$all` that survives outages: when the connection drops it
 * tells the listener (`onInterrupted`), resubscribes from the last position it received
 * or the server's last checkpoint (exclusive, so nothing is delivered twice), and reports
 * `onCaughtUp` again once it is back at the head.
 *
 * Everything the client emits goes through one queue in arrival order; the client emits
 * `caughtUp` and checkpoints as events beside its data stream, so each is queued only once
 * the events that preceded it on the wire have been received. The queue is drained one
 * listener call at a time, which is the port's back-pressure promise; a long queue pauses
 * the client's stream (gRPC flow control then holds the server back), and the marker
 * counts still hold because they include what the paused stream has buffered.
 */
export class EsdbSubscription implements Subscription {
  private readonly queue: Item[] = [];
  private current: AllStreamSubscription | undefined;
  private resumeFrom: bigint | undefined;
  private lastDelivered: bigint | undefined;
  private reportedCaughtUp = false;
  private stopped = false;
  private draining = false;
  private failures = 0;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly options: SubscribeOptions,
    private readonly listener: SubscriptionListener,
    private readonly onClosed: () => void,
  ) {
    this.resumeFrom = options.fromPosition;
  }

  start(): void {
    if (this.stopped) return;
    let received = 0;
    const markers: { after: number; item: Item }[] = [];
    const flushMarkers = () => {
      while (markers[0] && markers[0].after <= received) this.enqueue(markers.shift()!.item);
    };
    const mark = (item: Item) => {
      markers.push({ after: received + (subscription?.readableLength ?? 0), item });
      flushMarkers();
    };
    const subscription: AllStreamSubscription = this.client.subscribeToAll({
      fromPosition: this.resumeFrom === undefined ? START : allPosition(this.resumeFrom),
      filter: serverFilter(this.options.filter, (position) => mark({ kind: 'checkpoint', position })),
    });
    this.current = subscription;
    subscription.on('data', (resolved) => {
      received += 1;
      this.failures = 0;
      const position = resolved.event?.position?.commit ?? resolved.commitPosition;
      if (position !== undefined) {
        const event = toRecordedEvent(resolved);
        this.enqueue({ kind: 'received', position, event: event && matchesFilter(event, this.options.filter) ? event : undefined });
      }
      flushMarkers();
    });
    subscription.on('caughtUp', () => {
      this.failures = 0;
      mark({ kind: 'caughtUp' });
    });
    subscription.on('error', (error: Error) => this.interrupted(subscription, error));
    subscription.on('end', () => this.interrupted(subscription, new Error('EventStoreDB ended the subscription')));
  }

  async unsubscribe(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.queue.length = 0;
    const current = this.current;
    this.current = undefined;
    this.onClosed();
    await current?.unsubscribe().catch(() => undefined);
  }

  private enqueue(item: Item): void {
    if (this.stopped) return;
    if (item.kind !== 'caughtUp' && (this.resumeFrom === undefined || item.position > this.resumeFrom)) this.resumeFrom = item.position;
    this.queue.push(item);
    if (this.queue.length >= PAUSE_AT && this.current && !this.current.isPaused()) this.current.pause();
    void this.drain();
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (!this.stopped && this.queue.length > 0) {
        const item = this.queue.shift()!;
        if (this.queue.length <= RESUME_AT && this.current?.isPaused()) this.current.resume();
        if (item.kind === 'received' && item.event) {
          try {
            await this.listener.onEvent(item.event);
          } catch (error) {
            return this.fail(error instanceof Error ? error : new Error(String(error)));
          }
          this.lastDelivered = item.event.position;
        } else if (item.kind === 'caughtUp' && !this.reportedCaughtUp) {
          this.reportedCaughtUp = true;
          this.listener.onCaughtUp?.(this.lastDelivered ?? this.options.fromPosition);
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private interrupted(subscription: AllStreamSubscription, error: Error): void {
    if (this.stopped || subscription !== this.current) return;
    this.current = undefined;
    void subscription.unsubscribe().catch(() => undefined);
    if (!isUnavailable(error) && !/ended the subscription/.test(error.message)) return this.fail(translateError('a subscription to $all', error));
    // A caught-up of the lost connection says nothing about the next one.
    for (let index = this.queue.length - 1; index >= 0; index -= 1) if (this.queue[index]!.kind === 'caughtUp') this.queue.splice(index, 1);
    this.reportedCaughtUp = false;
    this.listener.onInterrupted?.(translateError('a subscription to $all', error));
    const delay = Math.min(MAX_BACKOFF_MS, 100 * 2 ** this.failures);
    this.failures += 1;
    this.retryTimer = setTimeout(() => this.start(), delay);
  }

  private fail(error: Error): void {
    if (this.stopped) return;
    void this.unsubscribe();
    this.listener.onError?.(error);
  }
}
