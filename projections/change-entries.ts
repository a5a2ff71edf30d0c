import type { DateRange } from '../events/dates.js';
import { agreementChanges, chairChanges, groupChanges, membershipChanges, renameChanges, windowNote, type Note } from './changes.js';
import { compareChangeDates, sourceKey, type ChangeDate, type ChangeSourceKind } from './state/change-dates.js';
import type { EntityHistory, HistoryReader } from './state/entity-history.js';
import { historyAt } from './state/history-at.js';
import { compareText } from './state/ordering.js';
import type { ChangeView } from './views.js';

/**
 * Where a change stands in the answer's order: its date (as days), kind, entity and
 * related party, and which of the changes sharing all of those it is (a tenure can start
 * twice on the same imprecise date). A page's cursor names its last change's key.
 */
export interface ChangeKey {
  readonly lo: number;
  readonly hi: number;
  readonly kind: string;
  readonly entity: string;
  readonly related: string | null;
  readonly tie: number;
}

export interface ChangeEntry {
  readonly change: ChangeView;
  readonly key: ChangeKey;
}

const changesOf: Record<ChangeSourceKind, (history: HistoryReader, key: string, note: Note) => void> = {
  group: groupChanges,
  membership: membershipChanges,
  chair: chairChanges,
  agreement: agreementChanges,
  organisation: renameChanges,
};

interface DatedChange {
  readonly change: ChangeView;
  readonly date: DateRange;
}

function compareWithin(a: { kind: string; entity: string; related: string | null }, b: { kind: string; entity: string; related: string | null }): number {
  return compareText(a.kind, b.kind) || compareText(a.entity, b.entity) || compareText(a.related ?? '', b.related ?? '');
}

/**
 * The answer of changesBetween, change by change, made as it is read: the walk enters the
 * index of change dates at the window (or past `after`), and for each date recomputes the
 * changes of the sources noted on it, as known at `knownAt`, with the same rules. So a page
 * costs the dates and sources up to its end, not the whole history.
 *
 * Same order as the reference: by date, then kind, entity, related. Changes equal in all
 * of those come from one source, and keep the order that source makes them in.
 */
export function* changeEntries(stored: EntityHistory, from: number, to: number, knownAt?: bigint, after?: ChangeKey): Generator<ChangeEntry> {
  const history = historyAt(stored, knownAt);
  // A source's changes are made once per walk, though several of its dates are walked.
  const made = new Map<ChangeSourceKind, Map<unknown, DatedChange[]>>();
  const changesOfSource = (source: ChangeDate): DatedChange[] => {
    let ofKind = made.get(source.kind);
    if (ofKind === undefined) made.set(source.kind, (ofKind = new Map()));
    let changes = ofKind.get(source.of);
    if (changes === undefined) {
      const into: DatedChange[] = [];
      changesOf[source.kind](history, sourceKey(source), windowNote(from, to, stored.amendments, (change, date) => into.push({ change, date })));
      ofKind.set(source.of, (changes = into));
    }
    return changes;
  };
  let date: ChangeDate | undefined;
  let sources: ChangeDate[] = [];
  for (const entry of stored.changeDates.within(from, to, after, knownAt)) {
    if (date !== undefined && compareChangeDates(entry, date) !== 0) {
      yield* onDate(date, sources, changesOfSource, after);
      sources = [];
    }
    date = entry;
    sources.push(entry);
  }
  if (date !== undefined) yield* onDate(date, sources, changesOfSource, after);
}

/** The changes falling on one date, in answer order, past `after` when it is on that date. */
function* onDate(date: { lo: number; hi: number }, sources: readonly ChangeDate[], changesOfSource: (source: ChangeDate) => DatedChange[], after: ChangeKey | undefined): Generator<ChangeEntry> {
  const changes: ChangeView[] = [];
  // A source noted twice on the date (two facts, or two versions of one) gives its changes once.
  const seen = new Set<DatedChange[]>();
  for (const source of sources) {
    const made = changesOfSource(source);
    if (seen.has(made)) continue;
    seen.add(made);
    for (const { change, date: d } of made) if (d.lo === date.lo && d.hi === date.hi) changes.push(change);
  }
  // Stable: changes equal here come from one source, in the order it made them.
  changes.sort(compareWithin);
  const resume = after !== undefined && compareChangeDates(date, after) === 0 ? after : undefined;
  let tie = 0;
  for (let i = 0; i < changes.length; i++) {
    const change = changes[i]!;
    tie = i > 0 && compareWithin(changes[i - 1]!, change) === 0 ? tie + 1 : 0;
    if (resume !== undefined) {
      const order = compareWithin(change, resume);
      if (order < 0 || (order === 0 && tie <= resume.tie)) continue;
    }
    yield { change, key: { lo: date.lo, hi: date.hi, kind: change.kind, entity: change.entity, related: change.related, tie } };
  }
}
