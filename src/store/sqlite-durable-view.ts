import type { SqliteEventQueries } from './sqlite-event-queries.js';
import { LogSync, syncLogNow, type SyncFile } from './sqlite-log-sync.js';

/**
 * What a store's reads may show: nothing before it is durable. Our own commits wait for
 * their sync (GroupCommitQueue.visibleHead). Another connection's commit is visible
 * through SQLite as soon as it commits, and if that process syncs off the thread it may
 * not be durable yet, so while `data_version` has moved since the last sync here, reads
 * stop at what that sync covered and a sync is asked for; `onSynced` is told when it
 * ends (the store wakes its subscriptions). Every file store syncs the log before it
 * shows another connection's commits; one that syncs off the thread also answers its own
 * appends with these syncs (`logSync`). An in-memory store has no log to sync: it shows
 * what it commits.
 */
export class SqliteDurableView {
  /** The log's syncs; none for an in-memory store. */
  readonly logSync: LogSync | undefined;
  /** The head and `data_version` read just before the last sync of the log that succeeded: what it made durable. */
  private durable: { readonly head: bigint | undefined; readonly version: bigint } | undefined;
  /** A sync asked for because a read found other connections' commits not yet synced here. */
  private externalSyncAsked = false;

  /** Syncs the log once (throws if it cannot): everything committed before the open is shown at once. */
  constructor(
    path: string,
    syncFile: SyncFile | undefined,
    private readonly queries: SqliteEventQueries,
    private readonly onSynced: () => void,
  ) {
    if (path === ':memory:') return;
    this.logSync = new LogSync(`${path}-wal`, syncFile, () => this.syncStarting());
    const covers = this.syncStarting();
    syncLogNow(this.logSync.path);
    covers();
  }

  /** The last position reads may show, given `own`, the last of our own commits that is durable. */
  visibleHead(own: bigint): bigint {
    if (this.othersSynced()) return own;
    this.askExternalSync();
    const synced = this.durable?.head ?? 0n;
    return synced < own ? synced : own;
  }

  /** Whether every commit of other connections is covered by a sync here (reads `data_version`). */
  othersSynced(): boolean {
    return this.logSync === undefined || this.durable?.version === this.queries.dataVersion();
  }

  /** Once the next sync ended; a failed sync leaves those commits hidden, and this resolves all the same. */
  async afterSync(): Promise<void> {
    await this.logSync?.afterSync().catch(() => undefined);
  }

  private askExternalSync(): void {
    if (this.externalSyncAsked || this.logSync === undefined) return;
    this.externalSyncAsked = true;
    const done = () => {
      this.externalSyncAsked = false;
      this.onSynced();
    };
    this.logSync.afterSync().then(done, done);
  }

  /** Notes, just before a sync of the log begins, what it will cover. */
  private syncStarting(): () => void {
    try {
      const covers = { head: this.queries.headPosition(), version: this.queries.dataVersion() };
      return () => {
        this.durable = covers;
      };
    } catch {
      // The connection is closing: nothing to note.
      return () => {};
    }
  }
}
