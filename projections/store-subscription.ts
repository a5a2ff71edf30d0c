import { Observable } from 'rxjs';
import type { EventStore, RecordedEvent } from '../src/store/event-store.js';

export type StoreSignal =
  | { readonly kind: 'event'; readonly event: RecordedEvent }
  | { readonly kind: 'caught-up'; readonly position: bigint | undefined }
  /** The store lost its connection and resubscribes; a new caught-up follows. */
  | { readonly kind: 'interrupted'; readonly error: Error };

/**
 * The store subscription as an Observable. Unsubscribing it unsubscribes the store;
 * the store's (asynchronous) unsubscribe is handed to `onUnsubscribe` for callers that
 * must wait for it, since an Observable's teardown cannot be awaited.
 */
export function fromStoreSubscription(
  store: EventStore,
  fromPosition?: bigint,
  onUnsubscribe?: (done: Promise<void>) => void,
  /** While it returns a promise, the next event waits for it (the store delivers one event at a time). */
  gate?: () => Promise<void> | undefined,
): Observable<StoreSignal> {
  return new Observable<StoreSignal>((subscriber) => {
    const emit = (event: RecordedEvent) => subscriber.next({ kind: 'event', event });
    const subscription = store.subscribeToAll(fromPosition === undefined ? {} : { fromPosition }, {
      onEvent: (event) => {
        const closed = gate?.();
        if (closed) return closed.then(() => emit(event));
        emit(event);
      },
      onCaughtUp: (position) => subscriber.next({ kind: 'caught-up', position }),
      onError: (error) => subscriber.error(error),
      onInterrupted: (error) => subscriber.next({ kind: 'interrupted', error }),
    });
    return () => {
      const done = subscription.unsubscribe();
      if (onUnsubscribe) onUnsubscribe(done);
      else done.catch(() => undefined); // nobody waits: a failing unsubscribe must not crash the process
    };
  });
}
