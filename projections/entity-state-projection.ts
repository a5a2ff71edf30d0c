import { isoDay } from '../events/dates.js';
import type { EntityCategory, EntityRef } from '../events/identifiers.js';
import type { Projection } from './engine.js';
import { agreementView } from './state/agreement-view.js';
import { compareText } from './state/certainty.js';
import { EntityHistory } from './state/entity-history.js';
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

type ViewOf = {
  organisation: typeof organisationView;
  person: typeof personView;
  group: typeof groupView;
  meeting: typeof meetingView;
  agreement: typeof agreementView;
};

const viewOf: ViewOf = {
  organisation: organisationView,
  person: personView,
  group: groupView,
  meeting: meetingView,
  agreement: agreementView,
};

/** The entity as on valid day `day`; undefined when it was never registered. */
export function entityAt(history: EntityHistory, ref: EntityRef, day: number): EntityView | undefined {
  const view: (h: EntityHistory, id: string, d: number) => EntityView | undefined = viewOf[ref.category];
  return view(history, ref.id, day);
}

function viewsOf<C extends EntityCategory>(
  history: EntityHistory,
  category: C,
  ids: Iterable<string>,
  day: number,
  exists: (view: NonNullable<ReturnType<ViewOf[C]>>) => boolean,
): NonNullable<ReturnType<ViewOf[C]>>[] {
  const build = viewOf[category] as (h: EntityHistory, id: string, d: number) => ReturnType<ViewOf[C]>;
  const views: NonNullable<ReturnType<ViewOf[C]>>[] = [];
  for (const id of [...ids].sort(compareText)) {
    const view = build(history, id, day);
    if (view && exists(view)) views.push(view);
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
export function stateAt(history: EntityHistory, day: number): StateView {
  return {
    at: isoDay(day),
    organisations: viewsOf(history, 'organisation', history.organisations.keys(), day, (v) => v.existence !== 'absent'),
    people: viewsOf(history, 'person', history.people.keys(), day, () => true),
    groups: viewsOf(history, 'group', history.groups.keys(), day, (v) => v.existence !== 'absent'),
    meetings: viewsOf(history, 'meeting', history.meetings.keys(), day, (v) => v.happened !== 'absent'),
    agreements: viewsOf(history, 'agreement', history.agreements.keys(), day, (v) => v.signed !== 'absent'),
  };
}
