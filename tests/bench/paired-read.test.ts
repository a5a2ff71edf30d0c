import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pairedReadRatios, writeImportFile } from '../../bench/concord-phases.js';
import { measureImport, rowsOf } from '../../bench/workloads/store-workloads.js';

describe('the read ratio measured slice by slice', () => {
  let dir: string;
  let db: string;
  let events: number;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'concord-paired-read-'));
    db = path.join(dir, 'store.db');
    writeImportFile(2_500, `${db}.ndjson`);
    await measureImport(`${db}.ndjson`, db);
    events = (await rowsOf(db)).length;
  }, 60_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives one ratio per slice of whole pages, each from Concord and raw reading the same events', async () => {
    const ratios = await pairedReadRatios(db, events, 4);
    expect(ratios).toHaveLength(4);
    for (const ratio of ratios) expect(ratio).toBeGreaterThan(0);
    for (const ratio of ratios) expect(Number.isFinite(ratio)).toBe(true);
  });

  it('gives none for a log shorter than one page per slice', async () => {
    expect(await pairedReadRatios(db, 1_000, 4)).toEqual([]);
  });

  it('refuses slices past the end of the log rather than comparing reads of different lengths', async () => {
    await expect(pairedReadRatios(db, events * 2, 4)).rejects.toThrow(/paired read slice \d after position \d+: read \d+ events, not \d+/);
  });
});
