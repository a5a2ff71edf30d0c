import { describe, expect, it } from 'vitest';
import { STATE_LISTS, type StateEntry } from '../../projections/entity-state-projection.js';
import { day, given, type Written } from './support/event-log.js';
import { readModelsOf } from './support/read-models-of.js';

const developments: Written[] = [
  { type: 'OrganisationRegistered', organisationId: 'unesco', name: 'UNESCO' },
  { type: 'OrganisationRegistered', organisationId: 'ilo', name: 'ILO' },
  { type: 'OrganisationRegistered', organisationId: 'etf', name: 'ETF', foundedOn: '1994' },
  { type: 'PersonRegistered', personId: 'ana-ruiz', name: 'Ana Ruiz' },
  { type: 'PersonRegistered', personId: 'bo-li', name: 'Bo Li' },
  { type: 'GroupFormed', groupId: 'iag-tvet', name: 'IAG-TVET', kind: 'interagency-group', formedOn: '2008' },
  { type: 'GroupFormed', groupId: 'later-group', name: 'Later', kind: 'working-group', formedOn: '2030' },
  { type: 'MeetingHeld', meetingId: 'm-2023', title: 'M', kind: 'meeting', on: '2023-12-07', groupId: 'iag-tvet' },
];
const models = readModelsOf(given(...developments));
const keyOf = ([list, view]: StateEntry) => `${list}:${view.id}`;

describe('the entities of a whole state, one by one', () => {
  it('are the whole state, list by list in order, by id within each', () => {
    const state = models.state(day('2024-01-01')) as unknown as Record<string, { id: string }[]>;
    const entries = [...models.stateEntries(day('2024-01-01'))].map(keyOf);
    expect(entries).toEqual(STATE_LISTS.flatMap((list) => state[list]!.map((view) => `${list}:${view.id}`)));
    // A group formed later, and an organisation founded later, do not exist yet.
    expect(entries).not.toContain('groups:later-group');
    expect([...models.stateEntries(day('1990-01-01'))].map(keyOf)).not.toContain('organisations:etf');
  });

  it('start past any entity as the tail of the whole sequence after it', () => {
    const all = [...models.stateEntries(day('2024-01-01'))];
    all.forEach(([list, view], i) => {
      const after = [...models.stateEntries(day('2024-01-01'), undefined, { list, id: view.id })].map(keyOf);
      expect(after, `after ${list}:${view.id}`).toEqual(all.slice(i + 1).map(keyOf));
    });
  });

  it('start past an entity that no longer exists (or never did) at the next one by id', () => {
    const after = [...models.stateEntries(day('2024-01-01'), undefined, { list: 'organisations', id: 'imf' })].map(keyOf);
    expect(after[0]).toBe('organisations:unesco');
    expect([...models.stateEntries(day('2024-01-01'), undefined, { list: 'agreements', id: 'zzz' })]).toEqual([]);
  });
});
