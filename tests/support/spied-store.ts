import type { EventStore } from '../../src/store/event-store.js';

/**
 * The store with every call to `method` noted (its arguments, in order) before it goes
 * through: for specifications that say what a recording reads. A distinct object, so
 * the recording's per-store caches (the stream snapshot pool) start empty for it.
 */
export function spiedStore<M extends 'readAll' | 'readStream'>(store: EventStore, method: M): { store: EventStore; calls: Parameters<EventStore[M]>[] } {
  const calls: Parameters<EventStore[M]>[] = [];
  const spied = new Proxy(store, {
    get(target, key) {
      const value = Reflect.get(target, key, target) as unknown;
      if (typeof value !== 'function') return value;
      if (key !== method) return value.bind(target);
      return (...args: Parameters<EventStore[M]>) => {
        calls.push(args);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store: spied, calls };
}
