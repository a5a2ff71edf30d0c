import { EarliestKnownBlocks } from '../earliest-known-blocks.js';
import { EntityEntryChains } from '../entity-entry-chains.js';
import { EntityReferences } from '../entity-references.js';
import { ChunkedBigUint64Column, ChunkedInt32Column, KeyedChains } from '../keyed-chains.js';
import { EntityKeys, EventEntities } from '../event-entities.js';
import { LatestDayBlocks } from '../latest-day-blocks.js';
import { ReadModels } from '../read-models.js';
import { RecordedTimeIndex } from '../recorded-time.js';
import { RenderedTextCache } from '../rendered-text-cache.js';
import { RetainedEvents, StringPool } from '../retained-event.js';
import { Amendments } from '../state/amendments.js';
import { ChangeDates, DateClass } from '../state/change-dates.js';
import { DateColumns, DatesKnownBlocks, SortedDates } from '../state/date-columns.js';
import { EntityHistory } from '../state/entity-history.js';
import { EventIds } from '../state/event-ids.js';
import { LazilySortedEntries } from '../state/lazily-sorted-entries.js';
import { MultiIndex } from '../state/multi-index.js';
import { RelationIndex } from '../state/relation-index.js';
import { RelationTable } from '../state/relation-table.js';
import { NumberedValues } from '../state/numbered-values.js';
import { VersionTable } from '../state/version-table.js';
import { StreamRevisions } from '../stream-revisions.js';
import { Timeline } from '../timeline-projection.js';
import { IndexedSortedEntries, RunIndexes, WholeLogLists } from '../whole-log-lists.js';
import type { SnapshotRegistry } from './graph-format.js';

/**
 * Every class the read models are made of, and the functions they hold, for a snapshot
 * to write and read back. The order is part of the format (a class is stored by its
 * place here): add at the end, and a snapshot written before is refused anyway, since
 * any change to the models' code changes the snapshot's fingerprint (read-model-snapshot.ts).
 * A class missing here makes writing a snapshot fail with its name and path.
 */
export const READ_MODEL_CLASSES: SnapshotRegistry = {
  classes: [
    { type: ReadModels, rebuild: { projections: (models: ReadModels) => models.boundProjections() } },
    { type: Timeline, rebuild: { renderItem: (timeline: Timeline) => timeline.itemRenderer() } },
    { type: Amendments },
    { type: EventEntities },
    { type: EntityKeys },
    { type: EntityHistory },
    { type: RecordedTimeIndex },
    { type: EntityReferences },
    { type: RetainedEvents },
    { type: StringPool },
    { type: WholeLogLists },
    { type: RunIndexes },
    // A fold under way is not data: a list read back serves the runs the fold started from.
    { type: LazilySortedEntries, rebuild: { fold: () => undefined } },
    { type: EarliestKnownBlocks },
    { type: LatestDayBlocks },
    // Its walk of the texts to evict is not data: a cache read back starts one of its own.
    { type: RenderedTextCache, rebuild: { walk: () => undefined } },
    { type: ChangeDates },
    { type: DateClass },
    { type: EventIds },
    { type: MultiIndex },
    { type: RelationIndex },
    { type: StreamRevisions },
    // Sorted answers kept for the next question only: a snapshot starts without them.
    { type: EntityEntryChains, rebuild: { recentlySorted: () => new Map() } },
    { type: DateColumns },
    { type: SortedDates, rebuild: { fold: () => undefined } },
    { type: DatesKnownBlocks },
    { type: KeyedChains },
    { type: ChunkedInt32Column },
    { type: ChunkedBigUint64Column },
    { type: RelationTable },
    { type: IndexedSortedEntries, rebuild: { fold: () => undefined } },
    { type: VersionTable },
    // Its lookup is derived from its values: made again on the first value numbered after a load.
    { type: NumberedValues, rebuild: { numbers: () => undefined } },
  ],
  known: [],
};
