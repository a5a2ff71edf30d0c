import { createHash } from 'node:crypto';
import type { ConcordEvent } from '../events/decode-event.js';
import type { EntityRef } from '../events/identifiers.js';
import { bindProjection, type BoundProjection, type Projection, type ProjectionTarget } from './engine.js';
import { entityAt, EntityHistory, entityStateProjection, stateAt, stateEntries, type StateEntry, type StateKey } from './entity-state-projection.js';
import { changeEntries, type ChangeEntry, type ChangeKey } from './change-entries.js';
import { EntityReferences, entityReferencesProjection } from './entity-references.js';
import { EventEntities } from './event-entities.js';
import { Amendments } from './state/amendments.js';
import { RecordedTimeIndex, recordedTimeProjection } from './recorded-time.js';
import { RetainedEvents } from './retained-event.js';
import { Timeline, timelineProjection } from './timeline-projection.js';
import type { TimelineQuery } from './timeline-query.js';
import type { RenderedCacheStats } from './rendered-text-cache.js';
import type { ChangesView, EntityView, StateView, TimelinePage } from './views.js';

/** The read models Concord answers from: the timeline and the entity state over valid time. */
export class ReadModels implements ProjectionTarget {
  /** One record per amended development, and every version as a row of one table, for both models (see Amendments.apply, VersionTable). */
  private readonly amendments = new Amendments();
  /** Each event's entities, worked out once for the timeline and the references index. */
  private readonly entities = new EventEntities();
  private readonly timelineModel = new Timeline(this.amendments, this.entities);
  private readonly history = new EntityHistory(this.amendments);
  /** Recorded time along the log, to turn `knownAt` into the position it stands for. */
  readonly recordedTime = new RecordedTimeIndex();
  /** Which events concern each entity, for the auditor's entity history. */
  readonly references = new EntityReferences(this.entities);

  /** The stream and metadata the models keep of each event, shared where events repeat them (see retained-event.ts). */
  private readonly retained = new RetainedEvents();

  readonly projections: readonly BoundProjection[] = this.boundProjections();

  /** Made once per instance (and again when one is loaded from a snapshot, see read-model-classes.ts). */
  boundProjections(): readonly BoundProjection[] {
    return [
      this.bind(timelineProjection, this.timelineModel),
      this.bind(entityStateProjection, this.history),
      this.bind(recordedTimeProjection, this.recordedTime),
      this.bind(entityReferencesProjection, this.references),
    ];
  }

  /**
   * What a snapshot of these models writes before them, so that reading it back places
   * what one question reads side by side. The reader makes objects in the order it meets
   * them, and an object shared by several structures is written with the first that
   * reaches it: without this, the versions of every fact came in log order (through the
   * amendments, first in this class) and a group's view read its members' tenures,
   * records and versions from all over a heap of a million events.
   */
  snapshotLayout(): readonly unknown[] {
    return this.history.layoutOrder();
  }

  /** Folds one event into every model; the engine calls it per projection instead. */
  apply(event: ConcordEvent): void {
    for (const projection of this.projections) projection.apply(event);
  }

  private bind<Model>(projection: Projection<Model>, model: Model): BoundProjection {
    const bound = bindProjection(projection, model);
    return { name: bound.name, apply: (event) => bound.apply(this.retained.of(event)), caughtUp: () => bound.caughtUp() };
  }

  timeline(query: TimelineQuery): TimelinePage {
    return this.timelineModel.query(query);
  }

  /** How the timeline's cache of rendered items serves (see Timeline.queryJson). */
  timelineItemCacheStats(): RenderedCacheStats {
    return this.timelineModel.renderedItemStats();
  }

  /** The same page with its items as comma-joined JSON texts (see Timeline.queryJson). */
  timelineJson(query: TimelineQuery): { itemsJson: string; nextKey?: TimelinePage['nextKey'] } {
    return this.timelineModel.queryJson(query);
  }

  /**
   * The entity as on valid day `at` (days since 1970-01-01), as known at log position
   * `knownAt` (undefined: every event applied); undefined if not registered by then.
   */
  entity(ref: EntityRef, at: number, knownAt?: bigint): EntityView | undefined {
    return entityAt(this.history, ref, at, knownAt);
  }

  /** The entities of `state(at, knownAt)` one by one, each view built as it is reached (for pages). */
  stateEntries(at: number, knownAt?: bigint, after?: StateKey): Iterable<StateEntry> {
    return stateEntries(this.history, at, knownAt, after);
  }

  /** Everything existing (certainly or possibly) on valid day `at`, as known at `knownAt`. */
  state(at: number, knownAt?: bigint): StateView {
    return stateAt(this.history, at, knownAt);
  }

  /** The state changes between valid days `from` and `to` (exclusive, inclusive), as known at `knownAt`. */
  changes(from: number, to: number, knownAt?: bigint): ChangesView {
    return { changes: Array.from(this.changeEntries(from, to, knownAt), (entry) => entry.change) };
  }

  /** The same changes one by one, each made as it is reached (for pages); with `after`, starting past that change. */
  changeEntries(from: number, to: number, knownAt?: bigint, after?: ChangeKey): Iterable<ChangeEntry> {
    return changeEntries(this.history, from, to, knownAt, after);
  }

  /**
   * SHA-256 over a canonical serialization of both models: the timeline's items in
   * timeline order, then every fact record by collection and key (indexes and parsed
   * dates are left out: they follow from those). Plain JSON.stringify is canonical here
   * because every object in the serialization is built by this code in a fixed key order
   * or is event data parsed by zod, whose output follows the schema's key order whatever
   * the stored order (the tests check this). Fed in chunks, so a million events never
   * become one string. Same events in the same order give the same digest.
   */
  digest(): string {
    const hash = createHash('sha256');
    for (const chunk of this.digestChunks()) hash.update(chunk);
    return hash.digest('hex');
  }

  /**
   * The same digest, computed in slices that give the event loop back between them, so a
   * server keeps answering while it digests a large model. The caller must keep events
   * from being applied meanwhile (the projection runner's `hold`), or the digest would
   * describe no single moment.
   */
  async digestAsync(slicesPerTurn = 16): Promise<string> {
    const hash = createHash('sha256');
    let slices = 0;
    for (const chunk of this.digestChunks()) {
      hash.update(chunk);
      if (++slices % slicesPerTurn === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return hash.digest('hex');
  }

  /** The canonical serialization in chunks of about 64 KiB (one hash update per record costs more than the serialization). */
  private *digestChunks(): Generator<string> {
    let buffered = '';
    const sections: [string, Iterable<unknown>][] = [
      ['timeline', this.timelineModel.canonicalEntries()],
      ['entity-state', this.history.canonicalEntries()],
    ];
    for (const [section, entries] of sections) {
      buffered += `${section}\n`;
      for (const entry of entries) {
        buffered += `${JSON.stringify(entry)}\n`;
        if (buffered.length > 65_536) {
          yield buffered;
          buffered = '';
        }
      }
    }
    yield buffered;
  }
}

export type { TimelineQuery };
