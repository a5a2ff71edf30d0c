import { describe, expect, it } from 'vitest';
import { decodeEvent } from '../../events/decode-event.js';
import { EntityReferences } from '../../projections/entity-references.js';
import { EntityKeys, entitiesOf, EventEntities } from '../../projections/event-entities.js';
import { ReadModels } from '../../projections/read-models.js';
import { generatedLog } from '../support/generated-log.js';
import { recordedEvents } from './support/event-log.js';

const log = recordedEvents([
  { type: 'OrganisationRegistered', organisationId: 'unesco', name: 'UNESCO' },
  { type: 'OrganisationRegistered', organisationId: 'ilo', name: 'ILO' },
  { type: 'GroupFormed', groupId: 'iag-tvet', name: 'IAG-TVET', kind: 'interagency-group', formedOn: '2008' },
  { type: 'MemberJoined', groupId: 'iag-tvet', organisationId: 'unesco', on: '2008-06' },
  { type: 'MemberJoined', groupId: 'iag-tvet', organisationId: 'ilo', on: '2009' },
  { type: 'OrganisationRenamed', organisationId: 'ilo', name: 'International Labour Organization', on: '2010' },
]).map(decodeEvent);

describe('the index of the events that concern each entity', () => {
  it('answers the same positions after the catch-up compacts it, and keeps growing with live events', () => {
    // Given the read models caught up on the first four events (the engine then calls caughtUp)
    const models = new ReadModels();
    for (const event of log.slice(0, 4)) models.apply(event);
    for (const projection of models.projections) projection.caughtUp();
    // When live events follow
    for (const event of log.slice(4)) models.apply(event);
    // Then every entity's positions are those of the events naming it, in log order
    const head = log.at(-1)!.position;
    const at = (i: number) => log[i]!.position;
    expect(models.references.positions('group:iag-tvet', head).positions).toEqual([at(2), at(3), at(4)]);
    expect(models.references.positions('organisation:unesco', head).positions).toEqual([at(0), at(3)]);
    expect(models.references.positions('organisation:ilo', head).positions).toEqual([at(1), at(4), at(5)]);
    expect(models.references.positions('organisation:ilo', at(4)).positions).toEqual([at(1), at(4)]);
    // And the timeline's per-entity lists (compacted too) still answer in timeline order
    expect(models.timeline({ entity: { category: 'organisation', id: 'ilo' }, limit: 10 }).items.map((i) => i.position)).toEqual(
      models.timeline({ limit: 10 }).items.filter((i) => i.entities.includes('organisation:ilo')).map((i) => i.position),
    );
  });

  it('answers every entity of a long log as a scan of the log would, past the columns\' first capacity, before and after compacting', () => {
    // Given a generated log (corrections and retractions included) of more references and entities than the columns start with
    const events = generatedLog(6_000, 5).map(decodeEvent);
    const keys = new EntityKeys();
    const expected = new Map<string, bigint[]>();
    for (const event of events) for (const key of entitiesOf(event.development, keys)) expected.set(key, [...(expected.get(key) ?? []), event.position]);
    expect(expected.size).toBeGreaterThan(1_024);
    const models = new ReadModels();
    const half = Math.floor(events.length / 2);
    for (const event of events.slice(0, half)) models.apply(event);
    const check = (upTo: number) => {
      const until = events[upTo - 1]!.position;
      for (const [key, positions] of expected) {
        expect(models.references.positions(key, until), key).toEqual({ positions: positions.filter((p) => p <= until), through: until });
      }
    };
    // (and an index of chunks of 64 references beside it, to cross hundreds of chunks)
    const chunked = new EntityReferences(new EventEntities(), 6);
    for (const event of events) chunked.add(event);
    for (const [key, positions] of expected) expect(chunked.positions(key, events.at(-1)!.position).positions, key).toEqual(positions);
    // When it is read while filing, after compacting, and after filing again
    check(half);
    for (const projection of models.projections) projection.caughtUp();
    check(half);
    for (const event of events.slice(half)) models.apply(event);
    // Then each entity's positions are the events naming it, in log order, up to the asked position
    check(events.length);
    for (const upTo of [1, 777, 4_321]) {
      const until = events[upTo - 1]!.position;
      for (const [key, positions] of expected) expect(models.references.positions(key, until).positions, key).toEqual(positions.filter((p) => p <= until));
    }
    expect(models.references.positions('group:no-such-group', events.at(-1)!.position)).toEqual({ positions: [], through: events.at(-1)!.position });
  });
});
