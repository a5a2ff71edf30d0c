import { isoDay } from '../events/dates.js';
import type { EntityCategory, EntityRef } from '../events/identifiers.js';
import type { Projection } from './engine.js';
import { agreementView } from './state/agreement-view.js';
import { EntityHistory, type HistoryReader } from './state/entity-history.js';
import { historyAt } from './state/history-at.js';
import { groupView } from './state/group-view.js';
import { meetingView } from './state/meeting-view.js';
import { organisationView } from './state/organisation-view.js';
import { personView } from './state/person-view.js';
import { recordDevelopment } from './state/record-development.js';
import { firstKeyAfter } from './state/sorted-keys.js';
import type { EntityView, StateView } from './views.js';

export { EntityHistory };

/** Folds developments into the history of facts (mutating it in place, see EntityHistory). */
export const entityStateProjection: Projection<EntityHistory> = {
  name: 'entity-state',
  apply: recordDevelopment,
  caughtUp: (history) => history.caughtUp(),
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

/** The lists of a whole state, in the order its answers and pages run through them. */
export const STATE_LISTS = ['organisations', 'people', 'groups', 'meetings', 'agreements'] as const;
export type StateList = (typeof STATE_LISTS)[number];

/** One entity of a whole state: the list it belongs to and its view. */
export type StateEntry = { [L in StateList]: readonly [L, StateView[L][number]] }[StateList];

/** Where a page of a whole state ended: the entity after which the next page starts. */
export interface StateKey {
  readonly list: StateList;
  readonly id: string;
}

function* existing<L extends StateList, V>(list: L, ids: readonly string[], build: (id: string) => V | undefined, exists: (view: V) => boolean, after: StateKey | undefined): Generator<readonly [L, V]> {
  if (after && STATE_LISTS.indexOf(after.list) > STATE_LISTS.indexOf(list)) return;
  // Entered by id, without building the views before it: a deep page costs its own views only.
  for (let i = after?.list === list ? firstKeyAfter(ids, after.id) : 0; i < ids.length; i++) {
    const id = ids[i]!;
    const view = build(id);
    if (view !== undefined && exists(view)) yield [list, view];
  }
}

/**
 * Everything that exists (certainly or possibly) on `day`, entity by entity, in the
 * order of STATE_LISTS and of ids within each: a view is built only when it is asked
 * for, so a page of a whole state builds the views up to its end, not every view.
 * Existence per category: organisations from their founding (always, if unknown), people
 * always, groups from formation until dissolution, meetings once held, agreements once
 * signed (in force or not: ended agreements are part of the record). With `after`, the
 * sequence starts past that entity.
 */
export function* stateEntries(stored: EntityHistory, day: number, knownAt?: bigint, after?: StateKey): Generator<StateEntry> {
  const history = historyAt(stored, knownAt);
  yield* existing('organisations', history.organisations.sortedKeys(), (id) => organisationView(history, id, day), (v) => v.existence !== 'absent', after);
  yield* existing('people', history.people.sortedKeys(), (id) => personView(history, id, day), () => true, after);
  yield* existing('groups', history.groups.sortedKeys(), (id) => groupView(history, id, day), (v) => v.existence !== 'absent', after);
  yield* existing('meetings', history.meetings.sortedKeys(), (id) => meetingView(history, id, day), (v) => v.happened !== 'absent', after);
  yield* existing('agreements', history.agreements.sortedKeys(), (id) => agreementView(history, id, day), (v) => v.signed !== 'absent', after);
}

/** The whole state on `day` in the same full view shapes as `entityAt`: one pass over the whole model. */
export function stateAt(stored: EntityHistory, day: number, knownAt?: bigint): StateView {
  const lists: { [L in StateList]: StateView[L][number][] } = { organisations: [], people: [], groups: [], meetings: [], agreements: [] };
  for (const [list, view] of stateEntries(stored, day, knownAt)) (lists[list] as unknown[]).push(view);
  return { at: isoDay(day), ...lists };
}
