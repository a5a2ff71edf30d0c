import { decodeEvent } from '../../events/decode-event.js';
import { readDevelopmentFile } from '../../src/recording/development-file.js';
import { importDevelopments } from '../../src/recording/import-developments.js';
import { recordDevelopment } from '../../src/recording/record-development.js';
import { contentEventId } from '../../src/recording/event-ids.js';
import { CATCH_UP_PAGE_SIZE, SqliteEventStore } from '../../src/store/sqlite-event-store.js';
import type { EventStore, RecordedEvent } from '../../src/store/event-store.js';
import { perSecond, timed } from '../measure.js';
import type { RawRow } from './raw-sqlite.js';

/**
 * `concord import`'s path from the file on: read and validated (readDevelopmentFile),
 * decided, chained and durable (importDevelopments, in its default write mode), timed as
 * one. Until 2026-12-01 the file was read and validated before the clock started.
 */
export async function measureImport(file: string, path: string): Promise<number> {
  const store = SqliteEventStore.open(path);
  try {
    let developments = 0;
    const { ms } = await timed(async () => {
      const items = await readDevelopmentFile(file);
      developments = items.length;
      await importDevelopments(store, items, { file: 'bench.ndjson', recordedBy: 'bench', correlationId: 'bench' });
    });
    return perSecond(developments, ms);
  } finally {
    await store.close();
  }
}

/** The rows Concord stored, for the raw baseline to insert the very same bytes. */
export async function rowsOf(path: string): Promise<RawRow[]> {
  const store = SqliteEventStore.open(path);
  try {
    const rows: RawRow[] = [];
    for await (const page of pages(store)) {
      for (const e of page) rows.push({ stream: e.stream, revision: e.revision, eventId: e.eventId, type: e.type, data: JSON.stringify(e.data), metadata: JSON.stringify(e.metadata) });
    }
    return rows;
  } finally {
    await store.close();
  }
}

/** The log page by page (after position `after`, if given), by default in the pages a catch-up reads (the store's subscription page size). */
export async function* pages(store: EventStore, pageSize = CATCH_UP_PAGE_SIZE, after?: bigint): AsyncGenerator<RecordedEvent[]> {
  let from = after;
  for (;;) {
    const page = await store.readAll({ maxCount: pageSize, ...(from !== undefined ? { fromPosition: from } : {}) });
    if (page.length === 0) return;
    yield page;
    from = page.at(-1)!.position;
  }
}

/**
 * Read all in position order (or the first `limit` events after position `after`), every
 * event parsed and validated against its schema. With a limit, it reads whole pages: a
 * limit that is a multiple of the page size reads exactly that many events.
 */
export async function measureReadAll(path: string, limit = Infinity, after?: bigint): Promise<{ perSecond: number; count: number }> {
  const store = SqliteEventStore.open(path);
  try {
    let count = 0;
    const { ms } = await timed(async () => {
      for await (const page of pages(store, CATCH_UP_PAGE_SIZE, after)) {
        for (const e of page) (decodeEvent(e), count++);
        if (count >= limit) break;
      }
    });
    return { perSecond: perSecond(count, ms), count };
  } finally {
    await store.close();
  }
}

/** Registers each writer's person, so its statements have someone to be made by. */
export async function registerWriters(store: EventStore, writers: number): Promise<void> {
  await Promise.all(
    Array.from({ length: writers }, (_, w) => {
      const development = { type: 'PersonRegistered', data: { personId: `writer-${w}`, name: `Writer ${w}` } } as const;
      return recordDevelopment(store, development, contentEventId(development), WRITER_PROVENANCE);
    }),
  );
}

/**
 * Every writer records `perWriter` statements of its own person one after another, each
 * awaited until durable, all writers at once: commits go past fsync only by grouping them.
 */
export function runWriters(store: EventStore, writers: number, perWriter: number): Promise<unknown> {
  return Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let i = 0; i < perWriter; i++) {
        const development = { type: 'StatementMade', data: { statementId: `s-${w}-${i}`, personId: `writer-${w}`, quote: 'We agree.', on: '2024-01-01' } } as const;
        await recordDevelopment(store, development, contentEventId(development), WRITER_PROVENANCE);
      }
    }),
  );
}

const WRITER_PROVENANCE = { recordedBy: 'bench', correlationId: 'bench' };

/** Single-development appends from concurrent writers in one process, each acknowledged only once durable. */
export async function measureConcurrentAppends(path: string, writers: number, perWriter: number): Promise<number> {
  const store = SqliteEventStore.open(path);
  try {
    await registerWriters(store, writers);
    const { ms } = await timed(() => runWriters(store, writers, perWriter));
    return perSecond(writers * perWriter, ms);
  } finally {
    await store.close();
  }
}
