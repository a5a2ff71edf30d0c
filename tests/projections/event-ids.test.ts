import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeEvent } from '../../events/decode-event.js';
import { ReadModels } from '../../projections/read-models.js';
import { EventIds } from '../../projections/state/event-ids.js';
import { day, recordedEvents } from './support/event-log.js';

/** A deterministic UUID-shaped id per number, lowercase as Concord writes them. */
function uuidOf(n: number): string {
  const hex = createHash('sha1').update(String(n)).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Time-ordered ids (UUID version 7) share their first 48 bits for a millisecond and their first 32 for about a minute. */
function timeOrderedOf(n: number): string {
  const ms = (1_764_000_000_000 + Math.floor(n / 8)).toString(16).padStart(12, '0');
  const tail = n.toString(16).padStart(15, '0');
  return `${ms.slice(0, 8)}-${ms.slice(8, 12)}-7${tail.slice(0, 3)}-8${tail.slice(3, 6)}-${tail.slice(3, 15)}`;
}

describe('the event ids the read models keep as numbers', () => {
  it('gives each new id the next index and reads it back exactly', () => {
    const ids = new EventIds();
    const a = '0417a185-ab10-5eb2-8f6e-000000000001';
    const b = 'ffffffff-ffff-4fff-bfff-ffffffffffff';
    expect(ids.add(a)).toBe(0);
    expect(ids.add(b)).toBe(1);
    expect(ids.idAt(0)).toBe(a);
    expect(ids.idAt(1)).toBe(b);
    expect(ids.size).toBe(2);
  });

  it('answers an id it holds with the index it already has, and finds it', () => {
    const ids = new EventIds();
    const id = uuidOf(1);
    ids.add(uuidOf(0));
    const index = ids.add(id);
    expect(ids.add(id)).toBe(index);
    expect(ids.find(id)).toBe(index);
    expect(ids.size).toBe(2);
  });

  it('finds nothing for an id it was never given', () => {
    const ids = new EventIds();
    ids.add(uuidOf(0));
    expect(ids.find(uuidOf(1))).toBe(-1);
    expect(ids.find('not-an-id')).toBe(-1);
  });

  it('keeps any other string as it is, so every stored id reads back as stored', () => {
    const ids = new EventIds();
    const others = ['0417A185-AB10-5EB2-8F6E-000000000001', '0417a185ab105eb28f6e000000000001', 'hand-made-1', '', '0417a185-ab10-5eb2-8f6e-00000000000é', '0417a185-ab10-5eb2-8f6e-00000000000g'];
    const canonical = uuidOf(7);
    const indexes = [...others, canonical].map((id) => ids.add(id));
    expect(indexes).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(indexes.map((index) => ids.idAt(index))).toEqual([...others, canonical]);
    expect(others.map((id) => ids.find(id))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(ids.add('hand-made-1')).toBe(2);
    // The uppercase form of a canonical id is another id, as it is to the store.
    expect(ids.find(canonical.toUpperCase())).toBe(-1);
  });

  it('holds many ids across its chunks and while its table grows, random and time-ordered alike', () => {
    const ids = new EventIds();
    const all = Array.from({ length: 40_000 }, (_, n) => (n % 2 === 0 ? uuidOf(n) : timeOrderedOf(n)));
    expect(all.map((id) => ids.add(id))).toEqual(all.map((_, n) => n));
    expect(ids.size).toBe(all.length);
    for (let n = 0; n < all.length; n += 97) {
      expect(ids.idAt(n)).toBe(all[n]);
      expect(ids.find(all[n]!)).toBe(n);
    }
    expect(ids.idAt(all.length - 1)).toBe(all.at(-1));
    expect(ids.find(uuidOf(40_001))).toBe(-1);
  });

  it('while it files the ids of a growth into its new table, finds every one, adds none twice and gives new ones the next index', () => {
    const ids = new EventIds();
    // 513 ids pass half of the first 1,024 slots: the table grows and files them 32 an add.
    const before = Array.from({ length: 513 }, (_, n) => uuidOf(n));
    before.forEach((id) => ids.add(id));
    expect(before.map((id) => ids.find(id))).toEqual(before.map((_, n) => n));
    expect(ids.add(before[400]!)).toBe(400);
    expect(ids.add('hand-made-during-growth')).toBe(513);
    // Five adds file 160 of the 513: part-way through, each old id is in one table or the other.
    const after = Array.from({ length: 5 }, (_, n) => uuidOf(10_000 + n));
    expect(after.map((id) => ids.add(id))).toEqual(after.map((_, n) => 514 + n));
    expect(before.map((id) => ids.find(id))).toEqual(before.map((_, n) => n));
    expect(before.map((id) => ids.add(id))).toEqual(before.map((_, n) => n));
    expect(ids.size).toBe(519);
    // Filed to the end, and once more through the next growth.
    const more = Array.from({ length: 1_000 }, (_, n) => uuidOf(20_000 + n));
    more.forEach((id) => ids.add(id));
    expect([...before, ...after, ...more].map((id) => ids.find(id))).toEqual([...before.map((_, n) => n), ...after.map((_, n) => 514 + n), ...more.map((_, n) => 519 + n)]);
    expect(ids.find('hand-made-during-growth')).toBe(513);
    expect(ids.find(uuidOf(99_999))).toBe(-1);
    expect(ids.idAt(513)).toBe('hand-made-during-growth');
  });

  it('refuses an index it never gave, naming the range it holds', () => {
    const ids = new EventIds();
    ids.add(uuidOf(0));
    expect(() => ids.idAt(1)).toThrow(/no event id at index 1: the table holds 1/);
    expect(() => ids.idAt(-1)).toThrow(RangeError);
    expect(() => ids.idAt(0.5)).toThrow(RangeError);
  });
});

describe('the read models name each development by its id as stored', () => {
  // A store accepts any string as an event id; Concord writes lowercase UUIDs. A correction
  // may name its target in upper case (it is a UUID all the same).
  const upper = 'ABCDEF01-2345-4678-9ABC-DEF012345678';
  const handMade = 'hand-made-join';
  const recorded = recordedEvents([
    { type: 'GroupFormed', groupId: 'iag-tvet', name: 'IAG-TVET', kind: 'interagency-group', formedOn: '2008' },
    { type: 'OrganisationRegistered', organisationId: 'ilo', name: 'ILO' },
    { type: 'MemberJoined', groupId: 'iag-tvet', organisationId: 'ilo', on: '2009' },
    { type: 'DevelopmentCorrected', entity: 'group:iag-tvet', correctsEventId: upper, changes: { formedOn: '2008-06' }, reason: 'minutes' },
  ]);
  const ids = [upper, uuidOf(100), handMade, uuidOf(101)];
  const models = new ReadModels();
  for (const [i, event] of recorded.entries()) models.apply(decodeEvent({ ...event, eventId: ids[i]! }));

  it('in timeline items, and in the history of a corrected one', () => {
    const items = models.timeline({ limit: 10 }).items;
    // The correction is no item of its own: the development's corrected version keeps its id.
    expect(items.map((item) => item.eventId).sort()).toEqual([upper, uuidOf(100), handMade].sort());
    const formed = items.find((item) => item.type === 'GroupFormed')!;
    expect(formed.eventId).toBe(upper);
    expect(formed.history?.map((h) => [h.kind, h.eventId])).toEqual([
      ['original', upper],
      ['correction', uuidOf(101)],
    ]);
  });

  it('in changes between two dates', () => {
    const changes = models.changes(day('2000-01-01'), day('2020-01-01')).changes;
    expect(changes.map((c) => [c.kind, c.eventId])).toEqual([
      ['group-formed', upper],
      ['member-joined', handMade],
    ]);
  });
});
