import {
  StoreUnavailableError,
  type EventFilter,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
  type SubscriptionListener,
} from './event-store.js';

export interface EventPageSource {
  /** Matching events after `after`, and how far the read looked (see SqliteEventQueries.readPage). */
  readPage(after: bigint, filter: EventFilter | undefined, limit: number): { events: RecordedEvent[]; scannedTo: bigint };
}

export interface SqliteSubscriptionSettings {
  readonly pageSize: number;
  /** Delay before re-reading after the file was busy. */
  readonly retryDelayMs: number;
  /** Busy reads in a row after which the subscription gives up with onError. */
  readonly maxReadRetries: number;
  readonly onStopped: (subscription: SqliteSubscription) => void;
  /** Full pages read in a row after which a read counts as a bulk scan. */
  readonly bulkScanAfterPages: number;
  /** Told when a bulk scan starts (true) and when it ends (false): caught up, stopped or failed. */
  readonly onBulkScan: (scanning: boolean) => void;
}

/**
 * One subscriber's cursor: catches up page by page, reports onCaughtUp once, then
 * reads again whenever woken (a local commit, or the watcher seeing another process
 * commit). A single pump loop runs at a time and awaits the listener per event, which
 * gives back-pressure and rules out gaps and duplicates: the cursor only moves past an
 * event once its delivery settled.
 */
export class SqliteSubscription implements Subscription {
  /** Position of the last delivered event, or the starting position. */
  private deliveredTo: bigint | undefined;
  /** Everything up to here was delivered or did not match the filter. */
  private scannedTo: bigint;
  private caughtUp = false;
  private stopped = false;
  private pumping = false;
  private wakeRequested = false;
  private failedReads = 0;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly source: EventPageSource,
    private readonly options: SubscribeOptions,
    private readonly listener: SubscriptionListener,
    private readonly settings: SqliteSubscriptionSettings,
  ) {
    this.deliveredTo = options.fromPosition;
    this.scannedTo = options.fromPosition ?? 0n;
  }

  /** Starts after the current synchronous code, so the caller holds the handle before the first event. */
  start(): void {
    queueMicrotask(() => this.wake());
  }

  /** There may be new events: read, unless a pump is running (then it reads again when done). */
  wake(): void {
    if (this.stopped) return;
    if (this.pumping) {
      this.wakeRequested = true;
      return;
    }
    void this.pump();
  }

  async unsubscribe(): Promise<void> {
    this.stop();
  }

  /** No listener call starts after this; one already running is left to finish. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.settings.onStopped(this);
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      do {
        this.wakeRequested = false;
        const complete = await this.deliverAvailable();
        if (complete && !this.caughtUp && !this.stopped) {
          this.caughtUp = true;
          this.listener.onCaughtUp?.(this.deliveredTo);
        }
      } while (this.wakeRequested && !this.stopped);
    } catch (error) {
      this.fail(error);
    } finally {
      this.pumping = false;
    }
  }

  /** Delivers until nothing is left; false if it stopped early (unsubscribed, or waiting to retry a busy read). */
  private async deliverAvailable(): Promise<boolean> {
    const { pageSize, bulkScanAfterPages, onBulkScan } = this.settings;
    let fullPages = 0;
    try {
      for (;;) {
        if (this.stopped) return false;
        const page = this.readPage();
        if (page === undefined) return false;
        for (const event of page.events) {
          if (this.stopped) return false;
          // Awaited only when the listener answers with a promise: an await of nothing still
          // costs a promise and a turn of the microtask queue per event (a catch-up's folds
          // answer synchronously).
          const handled = this.listener.onEvent(event);
          if (handled !== undefined) await handled;
          this.deliveredTo = event.position;
          this.scannedTo = event.position;
        }
        this.scannedTo = page.scannedTo;
        if (page.events.length < pageSize) return true;
        if (++fullPages === bulkScanAfterPages) onBulkScan(true);
        // A long catch-up must not starve timers, I/O and pending group commits.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      if (fullPages >= bulkScanAfterPages) onBulkScan(false);
    }
  }

  private readPage(): { events: RecordedEvent[]; scannedTo: bigint } | undefined {
    try {
      const page = this.source.readPage(this.scannedTo, this.options.filter, this.settings.pageSize);
      this.failedReads = 0;
      return page;
    } catch (error) {
      if (!(error instanceof StoreUnavailableError) || this.failedReads >= this.settings.maxReadRetries) throw error;
      this.failedReads += 1;
      this.retryTimer = setTimeout(() => this.wake(), this.settings.retryDelayMs);
      this.retryTimer.unref();
      return undefined;
    }
  }

  private fail(error: unknown): void {
    if (this.stopped) return;
    this.stop();
    const reason = error instanceof Error ? error : new Error(String(error));
    if (this.listener.onError === undefined) {
      // Nobody listens for it, yet a projection silently stopping must not go unnoticed.
      process.emitWarning(`event store subscription stopped: ${reason.message}`, { code: 'CONCORD_SUBSCRIPTION_STOPPED' });
      return;
    }
    try {
      this.listener.onError(reason);
    } catch {
      // The subscription is already stopped; an onError that throws has nowhere to report to.
    }
  }
}
