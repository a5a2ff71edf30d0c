import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateHistory } from '../../bench/history-generator.js';
import { Prng } from '../../bench/prng.js';
import { definitionOf } from '../../events/catalogue.js';
import { decodeEvent } from '../../events/decode-event.js';
import { entityKey, parseEntityKey, streamOf, type EntityRef } from '../../events/identifiers.js';
import { ReadModels } from '../../projections/read-models.js';
import { entityHistory, type ReferenceIndex } from '../../src/audit/audit-records.js';
import type { RecordedEvent, StreamAppend } from '../../src/store/event-store.js';
import { SqliteEventStore } from '../../src/store/sqlite-event-store.js';
import { tempDir } from '../support/temp-dir.js';

/**
 * The auditor's entity history read through the read models' index of references against
 * the whole-log read it replaces: for every entity sampled from a generated history (with
 * corrections, retractions and corrections of corrections), and for histories pinned
 * before, at and after the position the index has reached (a write the read models have
 * not folded yet), both give the same entries in the same order.
 */

const tmp = tempDir();
let store: SqliteEventStore;
let log: RecordedEvent[];
let models: ReadModels;
/** The index stops here: the events after it are read from the log. */
let through: bigint;

beforeAll(async () => {
  store = SqliteEventStore.open(tmp.file('history.db'));
  const rnd = new Prng(11);
  const appends: StreamAppend[] = [];
  const written: { eventId: string; entity: string }[] = [];
  let n = 0;
  const append = (type: string, data: Record<string, unknown>) => {
    const eventId = `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
    const subject = definitionOf(type)!.subject(data);
    const metadata = { recordedAt: new Date(Date.UTC(2025, 0, 1) + n * 1000).toISOString(), recordedBy: 'test', correlationId: `c-${n}`, causationId: null, schemaVersion: 1 };
    appends.push({ stream: streamOf(subject), events: [{ eventId, type, data, metadata }], expectedRevision: 'any' });
    return { eventId, entity: entityKey(subject) };
  };
  for (const { type, ...data } of generateHistory(3000, 5)) {
    written.push(append(type, data));
    if (!rnd.chance(0.05)) continue;
    // Amend an earlier event, or an earlier amendment (amendments of amendments nest under the original).
    const target = rnd.pick(written);
    const amendment = rnd.chance(0.3)
      ? append('DevelopmentRetracted', { entity: target.entity, retractsEventId: target.eventId, reason: 'recorded in error' })
      : append('DevelopmentCorrected', { entity: target.entity, correctsEventId: target.eventId, changes: { note: 'x' }, reason: 'better source' });
    written.push(amendment);
  }
  await store.appendMany(appends);
  log = await store.readAll();
  through = log[Math.floor(log.length * 0.7)]!.position;
  models = new ReadModels();
  for (const recorded of log) if (recorded.position <= through) models.apply(decodeEvent(recorded));
});

afterAll(async () => {
  await store.close();
  tmp.remove();
});

const index: ReferenceIndex = (entity, until) => models.references.positions(entity, until);

/** Entities of every category: every thirtieth one named by the log, and one no event names. */
function sampledEntities(): EntityRef[] {
  const keys = new Set<string>();
  for (const recorded of log) {
    const definition = definitionOf(recorded.type)!;
    const data = decodeEvent(recorded).development.data as never;
    keys.add(entityKey(definition.subject(data)));
    for (const { ref } of definition.references(data)) keys.add(entityKey(ref));
  }
  const sampled = [...keys].filter((_, i) => i % 30 === 0);
  return [...sampled, 'organisation:named-by-nothing'].map((key) => parseEntityKey(key)!);
}

describe("an entity's history read through the index of references", () => {
  it('uses a log with corrections and retractions, partly folded into the index', () => {
    expect(log.some((e) => e.type === 'DevelopmentCorrected')).toBe(true);
    expect(log.some((e) => e.type === 'DevelopmentRetracted')).toBe(true);
    expect(through).toBeLessThan(log.at(-1)!.position);
  });

  it('answers what the whole-log read answers, pinned before, at and after where the index stands', async () => {
    const head = log.at(-1)!.position;
    const untils = [log[Math.floor(log.length * 0.3)]!.position, through, head];
    let entries = 0;
    let corrected = 0;
    for (const ref of sampledEntities()) {
      for (const until of untils) {
        const indexed = await entityHistory(store, ref, undefined, until, index);
        expect(indexed, `${entityKey(ref)} until ${until}`).toEqual(await entityHistory(store, ref, undefined, until));
        entries += indexed.length;
        corrected += indexed.filter((entry) => entry.corrections.length > 0).length;
      }
    }
    expect(entries).toBeGreaterThan(300);
    expect(corrected).toBeGreaterThan(0);
  });

  it('reads back only the events the index located, and the log past it', async () => {
    const ref = sampledEntities().find((r) => r.category === 'organisation')!;
    const head = log.at(-1)!.position;
    const positions: bigint[] = [];
    const counting = Object.create(store, {
      readAt: { value: async (asked: readonly bigint[]) => (positions.push(...asked), store.readAt(asked)) },
    }) as SqliteEventStore;
    await entityHistory(counting, ref, undefined, head, index);
    expect(positions).toEqual(models.references.positions(entityKey(ref), head).positions);
    expect(positions.length).toBeGreaterThan(0);
    expect(positions.length).toBeLessThan(log.length / 10);
  });
});
