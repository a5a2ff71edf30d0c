import { describe, expect, it } from 'vitest';
import { relationKey } from '../../projections/state/relation-key.js';
import { RelationStores, RelationTable } from '../../projections/state/relation-table.js';

describe('a table of relations by their two parts', () => {
  it('finds a relation by its parts, and by its joined key', () => {
    const table = new RelationTable<string>();
    table.add('g1', 'org-a', 'g1 with org-a');
    table.add('g1', 'org-b', 'g1 with org-b');
    table.add('g2', 'org-a', 'g2 with org-a');

    expect(table.find('g1', 'org-b')).toBe('g1 with org-b');
    expect(table.find('g2', 'org-b')).toBeUndefined();
    expect(table.find('g3', 'org-a')).toBeUndefined();
    expect(table.get(relationKey('g2', 'org-a'))).toBe('g2 with org-a');
    expect(table.get('g2')).toBeUndefined();
    expect(table.size).toBe(3);
  });

  it('names its relations by the keys a Map of joined keys held, in text order, whatever the order added', () => {
    const table = new RelationTable<number>();
    const added: [string, string][] = [['g10', 'o1'], ['g1', 'o2'], ['g1', 'o10'], ['g-1', 'o1'], ['g1', 'o1']];
    added.forEach(([first, second], i) => table.add(first, second, i));

    const joined = added.map(([first, second]) => relationKey(first, second));
    expect(table.sortedKeys()).toEqual([...joined].sort());
    expect(table.sortedKeys().map((key) => table.get(key))).toEqual([3, 4, 2, 1, 0]);
  });

  it('names the relations added since it last named them', () => {
    const table = new RelationTable<number>();
    table.add('b', 'x', 1);
    expect(table.sortedKeys()).toEqual(['b\nx']);
    table.add('a', 'y', 2);
    table.add('c', 'z', 3);
    expect(table.sortedKeys()).toEqual(['a\ny', 'b\nx', 'c\nz']);
  });

  it('keeps a second part holding line breaks whole (a person and a post)', () => {
    const table = new RelationTable<string>();
    table.add('org-a', relationKey('person-a', 'Head of Unit'), 'post');

    expect(table.get(relationKey('org-a', 'person-a', 'Head of Unit'))).toBe('post');
    expect(table.sortedKeys()).toEqual([relationKey('org-a', 'person-a', 'Head of Unit')]);
  });

  it('puts its prefix before the parts of every key, and answers no key without it', () => {
    const groupChairs = new RelationTable<string>('group');
    groupChairs.add('same-id', 'person-a', 'chair of the group');

    expect(groupChairs.sortedKeys()).toEqual([relationKey('group', 'same-id', 'person-a')]);
    expect(groupChairs.get(relationKey('group', 'same-id', 'person-a'))).toBe('chair of the group');
    expect(groupChairs.get(relationKey('meeting', 'same-id', 'person-a'))).toBeUndefined();
    expect(groupChairs.get(relationKey('groups', 'same-id', 'person-a'))).toBeUndefined();
  });

  it('reads a table and a Map by joined key as one, keys in text order', () => {
    const groupChairs = new RelationTable<string>('group');
    const meetingChairs = new Map<string, string>();
    meetingChairs.set(relationKey('meeting', 'same-id', 'person-a'), 'chair of the meeting');
    groupChairs.add('same-id', 'person-b', 'chair of the group');
    groupChairs.add('other-id', 'person-a', 'chair of the other group');

    const chairs = new RelationStores([meetingChairs, groupChairs]);
    expect(chairs.get(relationKey('group', 'same-id', 'person-b'))).toBe('chair of the group');
    expect(chairs.get(relationKey('meeting', 'same-id', 'person-a'))).toBe('chair of the meeting');
    expect(chairs.get(relationKey('meeting', 'same-id', 'person-b'))).toBeUndefined();
    expect(chairs.sortedKeys()).toEqual([
      relationKey('group', 'other-id', 'person-a'),
      relationKey('group', 'same-id', 'person-b'),
      relationKey('meeting', 'same-id', 'person-a'),
    ]);
  });
});
