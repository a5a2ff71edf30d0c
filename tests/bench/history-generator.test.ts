import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateHistory } from '../../bench/history-generator.js';
import { parseDevelopmentText } from '../../src/recording/development-file.js';
import { importDevelopments } from '../../src/recording/import-developments.js';
import { SqliteEventStore } from '../../src/store/sqlite-event-store.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'concord-generator-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the benchmark history generator', () => {
  const history = generateHistory(6_000, 11);
  const count = (type: string) => history.filter((d) => d.type === type).length;

  it('is the same history for the same seed', () => {
    expect(generateHistory(6_000, 11)).toEqual(history);
    expect(generateHistory(6_000, 12)).not.toEqual(history);
  });

  it('amends about 1% of developments by correction and 0.2% by retraction, as the issue asks', () => {
    expect(count('DevelopmentCorrected') / history.length).toBeGreaterThan(0.005);
    expect(count('DevelopmentCorrected') / history.length).toBeLessThan(0.02);
    expect(count('DevelopmentRetracted')).toBeGreaterThan(0);
    expect(count('DevelopmentRetracted') / history.length).toBeLessThan(0.005);
  });

  it('is accepted whole by concord import: every correction and retraction names an event the import recorded', async () => {
    const store = SqliteEventStore.open(path.join(dir, 'import.db'));
    try {
      const items = parseDevelopmentText('bench.ndjson', history.map((d) => JSON.stringify(d)).join('\n'));
      await importDevelopments(store, items, { file: 'bench.ndjson', recordedBy: 'bench', correlationId: 'bench' });
      const types = new Map<string, number>();
      for (let after: bigint | undefined; ; ) {
        const page = await store.readAll({ maxCount: 1000, ...(after !== undefined && { fromPosition: after }) });
        if (page.length === 0) break;
        for (const e of page) types.set(e.type, (types.get(e.type) ?? 0) + 1);
        after = page.at(-1)!.position;
      }
      expect([...types.values()].reduce((a, b) => a + b, 0)).toBe(history.length);
      expect(types.get('DevelopmentCorrected')).toBe(count('DevelopmentCorrected'));
      expect(types.get('DevelopmentRetracted')).toBe(count('DevelopmentRetracted'));
    } finally {
      await store.close();
    }
  });
});
