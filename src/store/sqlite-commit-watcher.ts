/**
 * Notices commits made by other connections (other processes) to the same file by
 * polling `PRAGMA data_version`, which changes only when someone else commits: a
 * cheap check, so it can run every ~150 ms while any subscription is live.
 */
export class ExternalCommitWatcher {
  private timer: NodeJS.Timeout | undefined;
  private lastVersion: bigint | undefined;

  constructor(
    private readonly readDataVersion: () => bigint,
    private readonly intervalMs: number,
    private readonly onExternalCommit: () => void,
  ) {}

  get running(): boolean {
    return this.timer !== undefined;
  }

  start(): void {
    if (this.timer !== undefined) return;
    // The baseline is read before any subscription's first read, so a commit landing
    // between the two is either seen by that read or changes the version.
    this.lastVersion = this.readVersionOrUndefined();
    this.timer = setInterval(() => this.check(), this.intervalMs);
    // A watcher alone must not keep the process alive.
    this.timer.unref();
  }

  stop(): void {
    if (this.timer === undefined) return;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private check(): void {
    const version = this.readVersionOrUndefined();
    if (version === undefined || version === this.lastVersion) return;
    this.lastVersion = version;
    this.onExternalCommit();
  }

  /** A busy file is retried on the next tick rather than failing subscriptions. */
  private readVersionOrUndefined(): bigint | undefined {
    try {
      return this.readDataVersion();
    } catch {
      return undefined;
    }
  }
}
