import type { EventStore, RecordedEvent } from '../store/event-store.js';

const PAGE = 2000;

/** Every event after `from` (default: the start of the log) up to and including `until`, in position order, page by page. */
export async function* readLog(store: EventStore, until: bigint, from?: bigint): AsyncGenerator<RecordedEvent> {
  let after = from;
  for (;;) {
    const page = await store.readAll({ maxCount: PAGE, ...(after !== undefined ? { fromPosition: after } : {}) });
    for (const event of page) {
      if (event.position > until) return;
      yield event;
    }
    if (page.length < PAGE) return;
    after = page[page.length - 1]!.position;
  }
}
