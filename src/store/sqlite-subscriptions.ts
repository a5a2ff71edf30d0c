import type Database from 'better-sqlite3';
import type { EventFilter, RecordedEvent, SubscribeOptions, Subscription, SubscriptionListener } from './event-store.js';
import { ExternalCommitWatcher } from './sqlite-commit-watcher.js';
import { CACHE_KIB, setCacheSize } from './sqlite-schema.js';
import { BULK_SCAN_AFTER_PAGES, BULK_SCAN_CACHE_KIB, type Settings } from './sqlite-store-settings.js';
import { SqliteSubscription } from './sqlite-subscription.js';

/**
 * The live subscriptions of one SqliteEventStore: woken by its own commits and, through
 * the watcher (running only while there are subscriptions), by other processes' commits.
 */
export class SqliteSubscriptions {
  private readonly live = new Set<SqliteSubscription>();
  private readonly watcher: ExternalCommitWatcher;
  /** Subscriptions reading a long run of the log right now (see bulkScanning). */
  private bulkScans = 0;

  constructor(
    private readonly db: Database.Database,
    private readonly settings: Settings,
    dataVersion: () => bigint,
    private readonly readPage: (after: bigint, filter: EventFilter | undefined, limit: number) => { events: RecordedEvent[]; scannedTo: bigint },
    private readonly isClosed: () => boolean,
  ) {
    this.watcher = new ExternalCommitWatcher(dataVersion, settings.pollIntervalMs, () => this.wake());
  }

  get size(): number {
    return this.live.size;
  }

  subscribe(options: SubscribeOptions, listener: SubscriptionListener): Subscription {
    const subscription = new SqliteSubscription({ readPage: this.readPage }, options, listener, {
      pageSize: this.settings.subscriptionPageSize,
      retryDelayMs: this.settings.pollIntervalMs,
      maxReadRetries: 5,
      onStopped: (stopped) => this.forget(stopped),
      bulkScanAfterPages: BULK_SCAN_AFTER_PAGES,
      onBulkScan: (scanning) => this.bulkScanning(scanning),
    });
    this.live.add(subscription);
    this.watcher.start();
    subscription.start();
    return subscription;
  }

  /** There may be new events: each subscription reads. */
  wake(): void {
    for (const subscription of this.live) subscription.wake();
  }

  /** Stops every subscription and the watcher. */
  stopAll(): void {
    for (const subscription of [...this.live]) subscription.stop();
    this.watcher.stop();
  }

  /**
   * While a subscription reads a long run of the log (a catch-up), the connection's page
   * cache is kept small. A scan reads each page once, so caching it gains nothing, and a
   * cache filled to its 64 MiB by the scan is memory the process keeps: once freed, the
   * C allocator does not give it back. Measured at 1,000,000 events: 60 MiB less resident
   * memory after a catch-up (bench/HISTORY.md), the catch-up as fast.
   */
  private bulkScanning(scanning: boolean): void {
    const before = this.bulkScans;
    this.bulkScans += scanning ? 1 : -1;
    if (this.isClosed()) return;
    if (before === 0 && this.bulkScans === 1) setCacheSize(this.db, BULK_SCAN_CACHE_KIB);
    else if (before === 1 && this.bulkScans === 0) setCacheSize(this.db, CACHE_KIB);
  }

  private forget(subscription: SqliteSubscription): void {
    this.live.delete(subscription);
    if (this.live.size === 0) this.watcher.stop();
  }
}
