import { isoDay } from '../events/dates.js';
import type { EntityCategory, EntityRef } from '../events/identifiers.js';
import type { Projection } from './engine.js';
import { agreementView } from './state/agreement-view.js';
import { compareText } from './state/ordering.js';
import { EntityHistory, historyAt, type HistoryReader } from './state/entity-history.js';
import { groupView } from './state/group-view.js';
import { meetingView } from './state/meeting-view.js';
import { organisationView } from './state/organisation-view.js';
import { personView } from './state/person-view.js';
import { recordDevelopment } from './state/record-development.js';
import type { EntityView, StateView } from './views.js';

export { EntityHistory };

/** Folds developments into the history of facts (mutating it in place, see EntityHistory). */
export const entityStateProjection: Projection<EntityHistory> = {
  name: 'entity-state',
  apply: recordDevelopment,
};

const viewOf: Record<EntityCategory, (history: HistoryReader, id: string, day: number) => EntityView | undefined> = {
  organisation: organisationView,
  person: personView,
  group: groupView,
  meeting: meetingView,
  agreement: agreementView,
};

/**
 * The entity as on valid day `day`, as known at log position `knownAt` (undefined: every
 * event applied); undefined when it was not registered by then.
 */
export function entityAt(history: EntityHistory, ref: EntityRef, day: number, knownAt?: bigint): EntityView | undefined {
  return viewOf[ref.category](historyAt(history, knownAt), ref.id, day);
}

function existing<V>(ids: Iterable<string>, build: (id: string) => V | undefined, exists: (view: V) => boolean): V[] {
  const views: V[] = [];
  for (const id of [...ids].sort(compareText)) {
    const view = build(id);
    if (view !== undefined && exists(view)) views.push(view);
  }
  return views;
}

/**
 * Everything that exists (certainly or possibly) on `day`, in the same full view shapes
 * as `entityAt`, so clients need one reader per category. Existence per category:
 * organisations from their founding (always, if unknown), people always, groups from
 * formation until dissolution, meetings once held, agreements once signed (in force or
 * not: ended agreements are part of the record). Costs one pass over the whole model.
 */
export function stateAt(stored: EntityHistory, day: number, knownAt?: bigint): StateView {
  const history = historyAt(stored, knownAt);
  return {
    at: isoDay(day),
    organisations: existing(history.organisations.keys(), (id) => organisationView(history, id, day), (v) => v.existence !== 'absent'),
    people: existing(history.people.keys(), (id) => personView(history, id, day), () => true),
    groups: existing(history.groups.keys(), (id) => groupView(history, id, day), (v) => v.existence !== 'absent'),
    meetings: existing(history.meetings.keys(), (id) => meetingView(history, id, day), (v) => v.happened !== 'absent'),
    agreements: existing(history.agreements.keys(), (id) => agreementView(history, id, day), (v) => v.signed !== 'absent'),
  };
}
