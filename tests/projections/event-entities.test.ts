import { describe, expect, it } from 'vitest';
import { entityKey } from '../../events/identifiers.js';
import { EntityKeys } from '../../projections/event-entities.js';
import { relationKey } from '../../projections/state/entity-history.js';

describe('the keys the read models file entities and relations under', () => {
  it('gives each entity the key entityKey names it by, whichever ref object asks', () => {
    // Given the interned keys of a few entities, one id shared by two categories
    const keys = new EntityKeys();
    const refs = [
      { category: 'organisation', id: 'unesco' },
      { category: 'group', id: 'unesco' },
      { category: 'person', id: 'jeanne-dupont' },
    ] as const;
    // When each is asked for twice (the second time with a new ref object, as each event makes its own)
    const first = refs.map((ref) => keys.keyOf(keys.numberOf(ref)));
    const again = refs.map((ref) => keys.keyOf(keys.numberOf({ ...ref })));
    // Then the keys are entityKey's strings, one per entity, the same on the second asking
    expect(first).toEqual(refs.map(entityKey));
    expect(again).toEqual(first);
    expect(new Set(first).size).toBe(refs.length);
  });

  it('numbers entities 0, 1, 2, … as first met, and finds a number by key without giving one', () => {
    const keys = new EntityKeys();
    expect(keys.numberOf({ category: 'group', id: 'iag-tvet' })).toBe(0);
    expect(keys.numberOf({ category: 'organisation', id: 'un:habitat' })).toBe(1);
    expect(keys.numberOf({ category: 'group', id: 'iag-tvet' })).toBe(0);
    expect(keys.keyOf(1)).toBe('organisation:un:habitat');
    // An id may hold a colon: the category ends at the first one.
    expect(keys.numberOfKey('organisation:un:habitat')).toBe(1);
    expect(keys.numberOfKey('group:never-met')).toBeUndefined();
    expect(keys.numberOfKey('no-category')).toBeUndefined();
    expect(keys.numberOf({ category: 'person', id: 'p' })).toBe(2);
  });

  it('joins a relation\'s parts with a line break, a free-text last part included', () => {
    expect(relationKey('iag-tvet', 'unesco')).toBe('iag-tvet\nunesco');
    expect(relationKey('unesco', 'jeanne-dupont', 'Directrice générale')).toBe('unesco\njeanne-dupont\nDirectrice générale');
  });
});
