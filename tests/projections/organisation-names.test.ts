import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConcordEvent } from '../../events/decode-event.js';
import { happenedBy, parseDate } from '../../events/dates.js';
import type { OrganisationView } from '../../projections/views.js';
import { day, given } from './support/event-log.js';
import { readModelsOf } from './support/read-models-of.js';

const registered = { type: 'OrganisationRegistered', organisationId: 'ilo', name: 'International Labour Office', foundedOn: '1919' };
const renamed = (name: string, on: string) => ({ type: 'OrganisationRenamed', organisationId: 'ilo', name, on });

function amending(event: ConcordEvent, target: ConcordEvent, field: 'correctsEventId' | 'retractsEventId'): ConcordEvent {
  return { ...event, development: { ...event.development, data: { ...event.development.data, [field]: target.eventId } } } as ConcordEvent;
}

describe('the name in force, as renames are corrected and retracted', () => {
  const [registration, first, second, correction, retraction] = given(
    registered,
    renamed('International Labour Organization', '1946-06'),
    renamed('ILO Global', '2001'),
    { type: 'DevelopmentCorrected', entity: 'organisation:ilo', correctsEventId: '00000000-0000-4000-8000-000000000000', changes: { on: '1950' }, reason: 'misread minutes' },
    { type: 'DevelopmentRetracted', entity: 'organisation:ilo', retractsEventId: '00000000-0000-4000-8000-000000000000', reason: 'never renamed' },
  );
  const models = readModelsOf([registration!, first!, second!, amending(correction!, first!, 'correctsEventId'), amending(retraction!, second!, 'retractsEventId')]);
  const nameOn = (date: string, knownAt?: bigint) => {
    const view = models.entity({ category: 'organisation', id: 'ilo' }, day(date), knownAt) as OrganisationView;
    return [view.name, view.nameCertainty];
  };

  it('answers from the versions known at each position', () => {
    expect(nameOn('1948-01-01', 3n)).toEqual(['International Labour Organization', 'certain']);
    expect(nameOn('1948-01-01', 4n)).toEqual(['International Labour Office', 'certain']);
    expect(nameOn('1950-06-01', 4n)).toEqual(['International Labour Office', 'possible']);
    expect(nameOn('2005-01-01', 4n)).toEqual(['ILO Global', 'certain']);
    expect(nameOn('2005-01-01')).toEqual(['International Labour Organization', 'certain']);
  });
});

describe('the name in force on any day', () => {
  const dateText = fc.constantFrom('1940', '1946-06', '1946-06-15', '1950', '1950-01-01/1952-06-30', '../1948', '1960-02', '1946');
  const queryDay = fc.constantFrom('1930-01-01', '1946-06-15', '1946-12-31', '1947-01-01', '1950-06-01', '1952-07-01', '1960-02-10', '1970-01-01');

  /** The rule as the views state it: the latest rename certainly made by the day, 'possible' if a later one may have been. */
  function reference(renames: { name: string; on: string; position: number }[], on: number): [string, string] {
    const ordered = [...renames].sort((a, b) => parseDate(a.on).lo - parseDate(b.on).lo || parseDate(a.on).hi - parseDate(b.on).hi || a.position - b.position);
    let name = registered.name;
    let certainty = 'certain';
    for (const rename of ordered) {
      const status = happenedBy(parseDate(rename.on), on);
      if (status === 'certain') [name, certainty] = [rename.name, 'certain'];
      else if (status === 'possible') certainty = 'possible';
    }
    return [name, certainty];
  }

  it('is the latest rename certainly made by then, whatever order the renames were recorded in', () => {
    fc.assert(
      fc.property(fc.array(dateText, { maxLength: 12 }), fc.array(queryDay, { minLength: 1, maxLength: 4 }), (dates, days) => {
        const renames = dates.map((on, i) => ({ name: `Name ${i}`, on, position: i + 2 }));
        const models = readModelsOf(given(registered, ...renames.map(({ name, on }) => renamed(name, on))));
        for (const text of days) {
          const view = models.entity({ category: 'organisation', id: 'ilo' }, day(text)) as OrganisationView;
          expect([view.name, view.nameCertainty]).toEqual(reference(renames, day(text)));
        }
      }),
      { numRuns: 300 },
    );
  });
});
