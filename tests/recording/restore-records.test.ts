import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseDevelopment } from '../../events/catalogue.js';
import { contentEventId } from '../../src/recording/event-ids.js';
import { exportRecords, type ExportedRecord } from '../../src/recording/export-records.js';
import { recordDevelopment } from '../../src/recording/record-development.js';
import { checkExportFile, restoreExportFile, RestoreFileChangedError, RestoreRejectedError } from '../../src/recording/restore-records.js';
import type { EventStore } from '../../src/store/event-store.js';
import { SqliteEventStore } from '../../src/store/sqlite-event-store.js';
import { personRegistered, statementMade } from '../domain/developments.js';
import { syntheticHistory } from '../support/synthetic-history.js';
import { tempDir } from '../support/temp-dir.js';

/**
 * A restore writes an export back record for record, in the log's global order, reading
 * the file as a stream (an export of a million events is longer than a string may be),
 * in batches where the store keeps the order of a batch, one append after another where
 * it does not.
 */
let tmp: ReturnType<typeof tempDir>;
let exportFile: string;
let exported: ExportedRecord[];

const provenance = { recordedBy: 'spec', correlationId: 'spec' };
const withoutPosition = ({ position: _position, ...record }: ExportedRecord) => record;

async function recordsOf(store: EventStore): Promise<ExportedRecord[]> {
  const records: ExportedRecord[] = [];
  for await (const record of exportRecords(store)) records.push(record);
  return records;
}

beforeEach(async () => {
  tmp = tempDir();
  const source = SqliteEventStore.open(tmp.file('source.db'));
  // Streams interleaved in the log, and one stream with a run longer than one append takes (500).
  const developments = [...syntheticHistory(30, 6, 8).map((raw) => parseDevelopment(raw)).map((parsed) => (parsed.ok ? parsed.value : undefined)!), personRegistered('ana')];
  for (let i = 0; i < 620; i++) developments.push(statementMade(`s-${i}`, 'ana', '2020-01-01'));
  for (const development of developments) await recordDevelopment(source, development, contentEventId(development), provenance);
  exported = await recordsOf(source);
  await source.close();
  exportFile = tmp.file('export.ndjson');
  writeFileSync(exportFile, exported.map((record) => JSON.stringify(record)).join('\n') + '\n');
});
afterEach(() => tmp.remove());

describe('restoring an export', () => {
  it('into SQLite puts every record back in global order, a batch of runs to a transaction', async () => {
    expect(await checkExportFile(exportFile)).toBe(exported.length);
    const target = SqliteEventStore.open(tmp.file('target.db'));
    try {
      const progress: number[] = [];
      expect(await restoreExportFile(target, exportFile, (done) => progress.push(done))).toBe(exported.length);

      expect((await recordsOf(target)).map(withoutPosition)).toEqual(exported.map(withoutPosition));
      // Fewer than 10,000 events: every run in one appendMany, one commit.
      expect(target.stats().commits).toBe(1);
      expect(progress).toEqual([exported.length]);
    } finally {
      await target.close();
    }
  });

  it('into a store whose appendMany does not keep the order given, one append after another, in order', async () => {
    const sqlite = SqliteEventStore.open(tmp.file('target.db'));
    let appends = 0;
    const unordered: EventStore = new Proxy(sqlite, {
      get(target, key) {
        if (key === 'appendManyKeepsOrder') return false;
        if (key === 'appendMany') throw new Error('appendMany must not be used where it does not keep the order');
        const value = Reflect.get(target, key, target) as unknown;
        if (key === 'append') return (...args: Parameters<EventStore['append']>) => ((appends += 1), target.append(...args));
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    try {
      await restoreExportFile(unordered, exportFile);

      expect((await recordsOf(sqlite)).map(withoutPosition)).toEqual(exported.map(withoutPosition));
      // Each run of one stream is one append, and ana's 621 events are two (500 + 121).
      const runs = exported.filter((record, i) => i === 0 || exported[i - 1]!.stream !== record.stream).length;
      expect(appends).toBe(runs + 1);
    } finally {
      await sqlite.close();
    }
  });

  it('checks every line first, keeping the first thousand problems and counting the rest', async () => {
    const bad = tmp.file('bad.ndjson');
    writeFileSync(bad, [JSON.stringify(exported[0]), ...Array.from({ length: 1_500 }, () => 'not json')].join('\n'));

    const error = await checkExportFile(bad).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RestoreRejectedError);
    expect((error as RestoreRejectedError).total).toBe(1_500);
    expect((error as RestoreRejectedError).problems).toHaveLength(1_000);
    expect((error as RestoreRejectedError).problems[0]).toMatchObject({ line: 2, code: 'malformed-json' });
    expect((error as Error).message).toMatch(/^.*bad\.ndjson: 1500 problem\(s\), nothing was written/);
  });

  it('stops at a line that no longer passes (the file changed after its check), having written none of its batch', async () => {
    const changed = tmp.file('changed.ndjson');
    writeFileSync(changed, [JSON.stringify(exported[0]), JSON.stringify(exported[1]), JSON.stringify({ ...exported[2], revision: 7 })].join('\n'));
    const target = SqliteEventStore.open(tmp.file('target.db'));
    try {
      const error = await restoreExportFile(target, changed).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(RestoreFileChangedError);
      expect(error).toMatchObject({ line: 3, written: 0 });
      expect(await target.headPosition()).toBeUndefined();
    } finally {
      await target.close();
    }
  });
});
