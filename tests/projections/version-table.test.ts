import { describe, expect, it } from 'vitest';
import type { EventMetadata } from '../../events/metadata.js';
import { compareByKeys } from '../../projections/state/timeline-sort-keys.js';
import { VersionTable, VersionTablePositionError, type NewVersion } from '../../projections/state/version-table.js';

const metadata = { recordedAt: '2024-01-01T00:00:00.000Z', recordedBy: 'editor', correlationId: 'c', causationId: null, schemaVersion: 1 } as unknown as EventMetadata;

function version(position: number, overrides: Partial<NewVersion> = {}): NewVersion {
  return {
    lo: 19_000 + position,
    hi: 19_010 + position,
    position,
    since: position,
    eventIndex: position - 1,
    date: undefined,
    stream: `group-${position % 3}`,
    metadata,
    type: 'GroupFormed',
    data: { groupId: `g${position}`, name: `Group ${position}`, kind: 'working-group', formedOn: '2024-01-01' } as never,
    ...overrides,
  };
}

describe('the version table', () => {
  it('gives back each version it was given, row by row, across chunks', () => {
    const table = new VersionTable();
    const rows = Array.from({ length: 20_000 }, (_, i) => table.add(version(i + 1)));
    expect(table.size).toBe(20_000);
    for (const i of [0, 1, 8_191, 8_192, 19_999]) {
      const row = rows[i]!;
      const given = version(i + 1);
      expect([table.lo(row), table.hi(row), table.seq(row), table.since(row), table.eventIndex(row)]).toEqual([given.lo, given.hi, given.position, given.since, given.eventIndex]);
      expect([table.stream(row), table.type(row), table.data(row), table.metadata(row), table.until(row)]).toEqual([given.stream, given.type, given.data, given.metadata, undefined]);
    }
  });

  it('knows a version from its position until the one that replaced it', () => {
    const table = new VersionTable();
    const row = table.add(version(10));
    expect([table.knownAt(row, undefined), table.knownAt(row, 9), table.knownAt(row, 10), table.knownAt(row, 1_000)]).toEqual([true, false, true, true]);
    table.setUntil(row, 25);
    expect(table.until(row)).toBe(25);
    expect([table.knownAt(row, undefined), table.knownAt(row, 24), table.knownAt(row, 25)]).toEqual([false, true, false]);
  });

  it("moves an open start's first day", () => {
    const table = new VersionTable();
    const row = table.add(version(3));
    table.setLo(row, -5);
    expect(table.lo(row)).toBe(-5);
  });

  it('refuses a position it could not keep exactly, adding nothing', () => {
    const table = new VersionTable();
    expect(() => table.add(version(2 ** 53))).toThrow(VersionTablePositionError);
    expect(() => table.add(version(1, { since: 2 ** 53 + 2 }))).toThrow(/at or above 2\^53/);
    expect(table.size).toBe(0);
    const row = table.add(version(1));
    expect(() => table.setUntil(row, 2 ** 53)).toThrow(VersionTablePositionError);
  });

  it('makes a row into a version, a fact or a development for one question, each read from the row as it is now', () => {
    const table = new VersionTable();
    const given = version(7, { date: { text: '2024', lo: 19_723, hi: 20_088, precision: 'year' } as NewVersion['date'] });
    const row = table.add(given);
    table.setUntil(row, 12);
    expect(table.version(row)).toEqual({ lo: given.lo, hi: given.hi, position: 7, date: given.date, since: 7, until: 12, eventIndex: 6, stream: given.stream, metadata, type: 'GroupFormed', data: given.data });
    const fact = table.fact(row);
    expect({ data: fact.data, date: fact.date, position: fact.position, since: fact.since, until: fact.until, eventIndex: fact.eventIndex }).toEqual({ data: given.data, date: given.date, position: 7, since: 7, until: 12, eventIndex: 6 });
    expect(table.development(row)).toEqual({ type: 'GroupFormed', data: given.data });
    // Made anew each time: nothing the table keeps is handed out to be changed.
    expect(table.version(row)).not.toBe(table.version(row));
  });

  it('compares two rows in the timeline key order, as the key order read field by field does', () => {
    const table = new VersionTable();
    // Days and positions that tie on each key in turn, across chunks.
    const rows = Array.from({ length: 20_000 }, (_, i) => table.add(version(i + 1, { lo: (i * 7919) % 13, hi: (i * 104_729) % 5, position: 1 + ((i * 31) % 997) })));
    for (let i = 0; i < 5_000; i++) {
      const a = rows[(i * 7_919) % rows.length]!;
      const b = rows[(i * 15_485_863) % rows.length]!;
      expect(Math.sign(table.compare(a, b)), `rows ${a} and ${b}`).toBe(Math.sign(compareByKeys(table, a, b)));
    }
    expect(table.compare(rows[0]!, rows[0]!)).toBe(0);
  });
});
