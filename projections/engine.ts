import { map, tap } from 'rxjs';
import { decodeEvent, type ConcordEvent } from '../events/decode-event.js';
import type { EventStore } from '../src/store/event-store.js';
import { fromStoreSubscription } from './store-subscription.js';

/**
 * The projection engine: reads the store's subscription as an Observable, decodes each
 * event (a corrupt one stops the engine with its CorruptEventError: skipping it would
 * make every later answer silently wrong) and folds it into the read models.
 *
 * Read models live in memory and are rebuilt from the start of the log on every start,
 * or from a snapshot of them and the log after it (projections/snapshot/).
 * Folding runs synchronously inside the store's onEvent callback, so the store's own
 * one-event-at-a-time delivery is the backpressure.
 */

/**
 * A projection folds events into its model. Reducers must be deterministic (the same
 * events give the same model); they may mutate a Map-based model in place for speed.
 */
export interface Projection<Model> {
  readonly name: string;
  apply(model: Model, event: ConcordEvent): void;
  /** Called once the log is caught up: a chance to do deferred work before reads start. */
  caughtUp?(model: Model): void;
}

/** A projection together with the model it folds into. */
export interface BoundProjection {
  readonly name: string;
  apply(event: ConcordEvent): void;
  caughtUp(): void;
}

export function bindProjection<Model>(projection: Projection<Model>, model: Model): BoundProjection {
  return { name: projection.name, apply: (event) => projection.apply(model, event), caughtUp: () => projection.caughtUp?.(model) };
}

/** What the engine feeds: ReadModels is one. */
export interface ProjectionTarget {
  readonly projections: readonly BoundProjection[];
}

export interface ProjectionStatus {
  /** The log position the read models reflect: the last applied event, or the caught-up head. */
  readonly position: bigint | undefined;
  /** The latest recordedAt among applied events: the read models know the log up to then. */
  readonly knownAt: string | undefined;
  /** True after the store signalled caught-up, while live; false once stopped or failed. */
  readonly caughtUp: boolean;
  readonly lastAppliedAt: Date | undefined;
  /** Why the engine stopped on its own, e.g. a CorruptEventError. */
  readonly error: Error | undefined;
}

export interface ProjectionRunner {
  /** Resolves once caught up; rejects if the engine fails or stops first. */
  readonly ready: Promise<void>;
  status(): ProjectionStatus;
  /** The last position each projection applied. */
  checkpoints(): ReadonlyMap<string, bigint | undefined>;
  /** True as soon as the read models reflect `position` or beyond; false on timeout or stop. */
  waitForPosition(position: bigint, timeoutMs: number): Promise<boolean>;
  /**
   * Holds back new events until the returned release is called, so the read models stay
   * at one position while something slow reads them (a verification's digest). Reads go
   * on meanwhile; the models just fall behind the store for that long.
   */
  hold(): () => void;
  stop(): Promise<void>;
}

interface Waiter {
  readonly position: bigint;
  settle(reached: boolean): void;
}

class PositionWaiters {
  private readonly waiting = new Set<Waiter>();

  wait(position: bigint, timeoutMs: number): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const waiter: Waiter = {
        position,
        settle: (reached) => {
          clearTimeout(timer);
          this.waiting.delete(waiter);
          resolve(reached);
        },
      };
      const timer = setTimeout(() => waiter.settle(false), Math.max(0, timeoutMs));
      timer.unref?.(); // a pending read must not keep a shutting-down process alive
      this.waiting.add(waiter);
    });
  }

  reached(position: bigint): void {
    if (this.waiting.size === 0) return;
    for (const waiter of [...this.waiting]) if (waiter.position <= position) waiter.settle(true);
  }

  releaseAll(): void {
    for (const waiter of [...this.waiting]) waiter.settle(false);
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** Where read models loaded from a snapshot stand: the engine folds the log after that position. */
export interface ProjectionStart {
  readonly position: bigint;
  readonly knownAt: string | undefined;
}

/**
 * Rebuilds the read models from the start of the log (or, given `from`, folds the log
 * after the position models loaded from a snapshot reflect), then keeps them live. `now`
 * (ms) stamps lastAppliedAt.
 */
export function startProjections(store: EventStore, target: ProjectionTarget, now: () => number = Date.now, from?: ProjectionStart): ProjectionRunner {
  // Per projection, in target order: an array write per event instead of a Map write.
  const appliedTo: (bigint | undefined)[] = target.projections.map(() => from?.position);
  const waiters = new PositionWaiters();
  let position: bigint | undefined = from?.position;
  let knownAt: string | undefined = from?.knownAt;
  let knownAtMs = knownAt === undefined ? Number.NEGATIVE_INFINITY : Date.parse(knownAt);
  let caughtUp = false;
  let everCaughtUp = false;
  let lastAppliedMs: number | undefined;
  let failure: Error | undefined;
  let storeUnsubscribed: Promise<void> = Promise.resolve();
  let holds = 0;
  let released: Promise<void> | undefined;
  let release: (() => void) | undefined;

  let settleReady!: (error?: Error) => void;
  const ready = new Promise<void>((resolve, reject) => {
    settleReady = (error) => (error ? reject(error) : resolve());
  });
  ready.catch(() => undefined); // observed through status() too; never an unhandled rejection

  const advanceTo = (reached: bigint | undefined) => {
    if (reached === undefined || (position !== undefined && reached <= position)) return;
    position = reached;
    waiters.reached(reached);
  };

  const { projections } = target;
  let lastRecordedAt: string | undefined;
  const apply = (event: ConcordEvent) => {
    for (let i = 0; i < projections.length; i++) {
      projections[i]!.apply(event);
      appliedTo[i] = event.position;
    }
    // Events recorded together share their recordedAt text: parse it once per run of them.
    const { recordedAt } = event.metadata;
    if (recordedAt !== lastRecordedAt) {
      lastRecordedAt = recordedAt;
      const recordedAtMs = Date.parse(recordedAt);
      if (recordedAtMs > knownAtMs) {
        knownAtMs = recordedAtMs;
        knownAt = recordedAt;
      }
    }
    lastAppliedMs = now();
    advanceTo(event.position);
  };

  const gate = () => released;
  const subscription = fromStoreSubscription(store, from?.position, (done) => (storeUnsubscribed = done.catch(() => undefined)), gate)
    .pipe(
      // Operators, not the final observer, so a throwing decode or reducer becomes an error notification.
      map((signal) => (signal.kind === 'event' ? { kind: 'event' as const, event: decodeEvent(signal.event) } : signal)),
      tap((signal) => {
        if (signal.kind === 'event') return apply(signal.event);
        // Behind until the store's subscription is back and caught up again.
        if (signal.kind === 'interrupted') return void (caughtUp = false);
        if (!everCaughtUp) for (const projection of target.projections) projection.caughtUp();
        everCaughtUp = true;
        advanceTo(signal.position);
        caughtUp = true;
        settleReady();
      }),
    )
    .subscribe({
      error: (error: unknown) => {
        failure = asError(error);
        caughtUp = false;
        settleReady(failure);
        waiters.releaseAll();
      },
    });

  return {
    ready,
    status: () => ({ position, knownAt, caughtUp, lastAppliedAt: lastAppliedMs === undefined ? undefined : new Date(lastAppliedMs), error: failure }),
    checkpoints: () => new Map(projections.map((p, i) => [p.name, appliedTo[i]])),
    waitForPosition(wanted, timeoutMs) {
      if (position !== undefined && position >= wanted) return Promise.resolve(true);
      if (failure || subscription.closed) return Promise.resolve(false);
      return waiters.wait(wanted, timeoutMs);
    },
    hold() {
      if (holds++ === 0) released = new Promise<void>((resolve) => (release = resolve));
      let done = false;
      return () => {
        if (done) return;
        done = true;
        if (--holds === 0) {
          release?.();
          released = undefined;
        }
      };
    },
    async stop() {
      subscription.unsubscribe();
      release?.();
      caughtUp = false;
      settleReady(new Error('the projections were stopped before catching up'));
      waiters.releaseAll();
      await storeUnsubscribed;
    },
  };
}
