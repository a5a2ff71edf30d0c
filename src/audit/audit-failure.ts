/** The checks `concord verify` runs; each failure names one of them. */
export type AuditCheck = 'schema' | 'revisions' | 'chain' | 'pointers' | 'read-models' | 'anchor';

export const AUDIT_CHECKS: readonly AuditCheck[] = ['schema', 'revisions', 'chain', 'pointers', 'read-models', 'anchor'];

/** One thing found wrong, with the event it was found at when there is one. */
export interface AuditFailure {
  readonly check: AuditCheck;
  readonly stream?: string;
  readonly revision?: number;
  /** Decimal string: positions are bigints. */
  readonly position?: string;
  readonly eventId?: string;
  readonly message: string;
}

/**
 * Failures kept per check and stream: the first bad event of each stream is what an
 * auditor acts on, and the ones after it are often consequences. The rest are counted.
 */
export class FailureLog {
  private readonly kept: AuditFailure[] = [];
  private readonly seen = new Set<string>();
  private readonly counts = new Map<AuditCheck, number>();

  add(failure: AuditFailure): void {
    this.counts.set(failure.check, (this.counts.get(failure.check) ?? 0) + 1);
    // Failures about no stream in particular (read models, the anchor as a whole) are each kept.
    const key = `${failure.check}\u0000${failure.stream ?? `\u0000${failure.message}`}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.kept.push(failure);
  }

  get failures(): readonly AuditFailure[] {
    return this.kept;
  }

  count(check: AuditCheck): number {
    return this.counts.get(check) ?? 0;
  }
}
