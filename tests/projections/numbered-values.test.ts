import { describe, expect, it } from 'vitest';
import { readGraph } from '../../projections/snapshot/graph-reader.js';
import { GraphWriter } from '../../projections/snapshot/graph-writer.js';
import { READ_MODEL_CLASSES } from '../../projections/snapshot/read-model-classes.js';
import { NumberedValues } from '../../projections/state/numbered-values.js';

function throughSnapshot<T>(value: T): T {
  const encoded = new GraphWriter(READ_MODEL_CLASSES).write(value);
  return readGraph(encoded.graph, encoded.strings, Array.from(encoded.bigints), READ_MODEL_CLASSES).root as T;
}

describe('numbered values (what the version table keeps as numbers)', () => {
  it('numbers each distinct key once, in the order first met, and gives its value back', () => {
    const dates = new NumberedValues<string, { text: string }>();
    const y2010 = { text: '2010' };
    expect(dates.numberOf('2010', y2010)).toBe(0);
    expect(dates.numberOf('2011', { text: '2011' })).toBe(1);
    // The same key again, even with another (equal) object: the first value's number.
    expect(dates.numberOf('2010', { text: '2010' })).toBe(0);
    expect(dates.valueOf(0)).toBe(y2010);
    expect(dates.size).toBe(2);
  });

  it('writes its values to a snapshot, not its lookup, and numbers on after a load as before it', () => {
    const streams = new NumberedValues<string, string>();
    for (const stream of ['group-1', 'organisation-2', 'group-1', 'person-3']) streams.numberOf(stream, stream);
    const loaded = throughSnapshot(streams);
    expect((loaded as unknown as { numbers: unknown }).numbers).toBeUndefined();
    expect([loaded.valueOf(0), loaded.valueOf(1), loaded.valueOf(2), loaded.size]).toEqual(['group-1', 'organisation-2', 'person-3', 3]);
    expect(loaded.numberOf('organisation-2', 'organisation-2')).toBe(1);
    expect(loaded.numberOf('meeting-4', 'meeting-4')).toBe(3);
    expect(loaded.numberOf('person-3', 'person-3')).toBe(2);
  });
});
