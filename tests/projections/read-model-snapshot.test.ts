import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prng } from '../../bench/prng.js';
import { parseDate } from '../../events/dates.js';
import { parseEntityKey } from '../../events/identifiers.js';
import { bindProjection, startProjections, type ProjectionRunner } from '../../projections/engine.js';
import { GraphWriter } from '../../projections/snapshot/graph-writer.js';
import { READ_MODEL_CLASSES } from '../../projections/snapshot/read-model-classes.js';
import { streamRevisionsProjection } from '../../projections/stream-revisions.js';
import { startingModels, writeModelsSnapshot, type SnapshotRoot } from '../../src/runtime/read-model-snapshots.js';
import type { RecordedEvent } from '../../src/store/event-store.js';
import { SqliteEventStore } from '../../src/store/sqlite-event-store.js';
import { generatedLog } from '../support/generated-log.js';
import { tempDir } from '../support/temp-dir.js';

/**
 * A snapshot of the read models, loaded and caught up with the rest of the log, answers
 * as a full rebuild does; one that was altered, cut short, folded from another log or by
 * other code is refused, and the models start empty.
 */

const log = generatedLog(3000, 11);
const SPLIT = 1900;
const temp = tempDir();

async function storeWith(file: string, events: readonly RecordedEvent[]): Promise<SqliteEventStore> {
  const store = SqliteEventStore.open(temp.file(file));
  for (const e of events) await store.append(e.stream, [{ eventId: e.eventId, type: e.type, data: e.data, metadata: e.metadata }], 'any');
  return store;
}

/** Folds the store as `serve` does (from the snapshot at `file` when it is usable). */
async function caughtUp(store: SqliteEventStore, file?: string): Promise<SnapshotRoot & { runner: ProjectionRunner; from: bigint | undefined; refused: string | undefined }> {
  const starting = await startingModels(store, file);
  const target = { projections: [...starting.models.projections, bindProjection(streamRevisionsProjection, starting.revisions)] };
  const runner = startProjections(store, target, Date.now, starting.from);
  await runner.ready;
  return { models: starting.models, revisions: starting.revisions, runner, from: starting.from?.position, refused: starting.refused?.code };
}

async function snapshotOf(root: SnapshotRoot & { runner: ProjectionRunner }, store: SqliteEventStore, file: string): Promise<void> {
  const { position, knownAt } = root.runner.status();
  await writeModelsSnapshot(store, temp.file(file), root, { position: position!, knownAt });
}

/** What the API answers from: entity views, state, changes and timeline pages, over many dates and log positions. */
function answers(root: SnapshotRoot): string {
  const rnd = new Prng(5);
  const out: unknown[] = [];
  const keys = [...new Set(log.map((e) => e.stream.replace('-', ':')))].slice(0, 400);
  for (let i = 0; i < 300; i++) {
    const date = parseDate(`${rnd.int(1990, 2030)}-${String(rnd.int(1, 12)).padStart(2, '0')}-${String(rnd.int(1, 28)).padStart(2, '0')}`);
    const at = date.hi;
    const knownAt = i % 3 === 0 ? undefined : BigInt(rnd.int(1, log.length));
    const ref = parseEntityKey(keys[i % keys.length]!);
    if (ref) out.push(root.models.entity(ref, at, knownAt));
    if (i % 10 === 0) out.push(root.models.state(at, knownAt), root.models.changes(at - 400, at, knownAt));
    out.push(root.models.timelineJson({ limit: 50, from: date, ...(knownAt !== undefined && { maxPosition: knownAt }) }));
    if (ref && i % 5 === 0) out.push(root.models.timelineJson({ limit: 20, entity: ref }));
  }
  out.push(root.revisions.of(log[0]!.stream), root.revisions.of(log.at(-1)!.stream));
  return JSON.stringify(out, (_, v) => (typeof v === 'bigint' ? v.toString() : v));
}

let full: SnapshotRoot & { runner: ProjectionRunner };
let fullStore: SqliteEventStore;

beforeAll(async () => {
  fullStore = await storeWith('full.db', log);
  full = await caughtUp(fullStore);
});
afterAll(async () => {
  await full.runner.stop();
  await fullStore.close();
  temp.remove();
});

describe('a read-model snapshot', () => {
  it('taken part-way through the log, loaded and caught up, answers and digests as a full rebuild', async () => {
    const store = await storeWith('part.db', log.slice(0, SPLIT));
    const early = await caughtUp(store);
    await snapshotOf(early, store, 'part.snapshot');
    await early.runner.stop();
    for (const e of log.slice(SPLIT)) await store.append(e.stream, [{ eventId: e.eventId, type: e.type, data: e.data, metadata: e.metadata }], 'any');
    const resumed = await caughtUp(store, temp.file('part.snapshot'));
    expect(resumed.from).toBe(BigInt(SPLIT));
    expect(resumed.runner.status().position).toBe(BigInt(log.length));
    expect(resumed.models.digest()).toBe(full.models.digest());
    expect(answers(resumed)).toBe(answers(full));
    await resumed.runner.stop();
    await store.close();
  });

  it('of the whole log reads back to the same graph, byte for byte', async () => {
    await snapshotOf(full, fullStore, 'full.snapshot');
    const loaded = await caughtUp(fullStore, temp.file('full.snapshot'));
    expect(loaded.from).toBe(BigInt(log.length));
    const bytes = (root: SnapshotRoot) => Buffer.from(new GraphWriter(READ_MODEL_CLASSES).write(root.models).graph);
    expect(bytes(loaded).equals(bytes(full))).toBe(true);
    expect(answers(loaded)).toBe(answers(full));
    await loaded.runner.stop();
  });

  it('is refused when altered, cut short, folded from another log or written by other code', async () => {
    const file = temp.file('full.snapshot');
    const original = readFileSync(file);
    const cases: [string, Buffer][] = [
      ['SNAPSHOT_CORRUPT', Buffer.concat([original.subarray(0, original.length - 10), Buffer.from('0123456789')])],
      ['SNAPSHOT_CORRUPT', original.subarray(0, original.length - 1000)],
      ['SNAPSHOT_HEADER_INVALID', Buffer.from('not a header\n')],
      ['SNAPSHOT_OTHER_CODE', Buffer.from(original.toString('latin1').replace(/"fingerprint":"[0-9a-f]{64}"/, `"fingerprint":"${'0'.repeat(64)}"`), 'latin1')],
    ];
    for (const [code, bytes] of cases) {
      writeFileSync(temp.file('bad.snapshot'), bytes);
      const started = await startingModels(fullStore, temp.file('bad.snapshot'));
      expect(started.refused?.code).toBe(code);
      expect(started.from).toBeUndefined();
    }
    expect((await startingModels(fullStore, temp.file('none.snapshot'))).refused?.code).toBe('SNAPSHOT_MISSING');
    // The same developments recorded in another order: another log.
    const other = await storeWith('other.db', [...log.slice(1, 40), log[0]!, ...log.slice(40)]);
    const refused = await startingModels(other, file);
    expect(refused.refused?.code).toBe('SNAPSHOT_OTHER_LOG');
    expect(refused.refused?.message).toMatch(/another log/);
    // Models started empty fold the whole log.
    const rebuilt = await caughtUp(other, file);
    expect(rebuilt.from).toBeUndefined();
    expect(rebuilt.runner.status().position).toBe(BigInt(log.length));
    await rebuilt.runner.stop();
    await other.close();
  });
});
