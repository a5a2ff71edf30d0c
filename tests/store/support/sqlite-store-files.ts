import { randomUUID } from 'node:crypto';
import { copyFileSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach } from 'vitest';
import { SqliteEventStore, type SqliteEventStoreOptions } from '../../../src/store/sqlite-event-store.js';
import type { EventStoreFixture } from '../conformance/scope.js';
import { sleep } from '../event-store-conformance.js';

/** A store file in a fresh folder per test, and the stores opened on it, closed after the test. */
export interface SqliteStoreFiles {
  /** The test's folder. */
  readonly dir: string;
  /** The store's file, in a folder of the test's folder that does not exist yet. */
  readonly path: string;
  open(options?: SqliteEventStoreOptions): SqliteEventStore;
  /** Events in the database file itself, the log left aside (what checkpoints have copied). */
  inMainFile(): number;
  /** Runs a query on a read-only connection of its own. */
  inspect<T>(query: (db: Database.Database) => T): T;
}

/** Registers the set-up and clean-up of SqliteStoreFiles in the enclosing describe. */
export function sqliteStoreFiles(): SqliteStoreFiles {
  const stores: SqliteEventStore[] = [];
  const files = {
    dir: '',
    path: '',
    open(options?: SqliteEventStoreOptions): SqliteEventStore {
      const store = SqliteEventStore.open(files.path, options);
      stores.push(store);
      return store;
    },
    inMainFile(): number {
      // A copy of the file without its -wal: only what checkpoints have copied is there.
      const copy = join(files.dir, `main-file-only-${randomUUID()}.sqlite`);
      copyFileSync(files.path, copy);
      const db = new Database(copy, { readonly: true });
      try {
        return Number(db.prepare('SELECT count(*) FROM events').pluck().get());
      } catch {
        return 0; // the schema itself may not be checkpointed yet
      } finally {
        db.close();
        rmSync(copy);
      }
    },
    inspect<T>(query: (db: Database.Database) => T): T {
      const db = new Database(files.path, { readonly: true });
      try {
        return query(db);
      } finally {
        db.close();
      }
    },
  };
  beforeEach(async () => {
    files.dir = await mkdtemp(join(tmpdir(), 'concord-sqlite-'));
    files.path = join(files.dir, 'data', 'events.sqlite');
  });
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    await rm(files.dir, { recursive: true, force: true });
  });
  return files;
}

/** The conformance suite's fixture: one store file, reopened in place when a test asks. */
export async function sqliteConformanceFixture(options?: SqliteEventStoreOptions): Promise<EventStoreFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'concord-store-'));
  const path = join(dir, 'events.sqlite');
  const opened = [SqliteEventStore.open(path, options)];
  const current = () => opened.at(-1)!;
  return {
    store: current(),
    reopen: async () => {
      await current().close();
      opened.push(SqliteEventStore.open(path, options));
      return current();
    },
    cleanup: async () => {
      for (const store of opened) await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(10);
  }
}
