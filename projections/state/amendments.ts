import { parseData, type Development } from '../../events/catalogue.js';
import type { ConcordEvent } from '../../events/decode-event.js';
import { mergeChanges } from '../../src/domain/amendments.js';
import { EventIds } from './event-ids.js';
import { exactPosition, firstVersion, nextVersion } from './version.js';
import { VersionTable, type VersionRow } from './version-table.js';

/** A development that is not itself an amendment. */
export type Original = Exclude<Development, { type: 'DevelopmentCorrected' | 'DevelopmentRetracted' }>;

export interface Correction {
  readonly eventId: string;
  readonly changes: Record<string, unknown>;
  retracted: boolean;
}

/**
 * A development that was amended, and what amended it so far, to build its next version.
 * Made on its first amendment: until then the development's first version stands for it
 * (a correction may come at any time, and a record per development was 56 bytes of every
 * event's heap, for the few that are ever amended).
 */
export interface AmendedDevelopment {
  /** The development as first recorded (its id, position and metadata are the versions' own). */
  readonly original: VersionRow;
  /** Corrections in log order; a retracted one is flagged, not removed. */
  corrections: readonly Correction[];
  retracted: boolean;
  /** The version known at the head: undefined once retracted. */
  current: VersionRow | undefined;
}

/**
 * What one event did to a development's versions, the same answer for every model: the
 * version it replaced (its `until` already set to the event's position), and the version
 * that now holds (none once retracted). A development's first event replaces nothing.
 */
export interface VersionChange {
  /** The development's first version, whose id, position and metadata every version keeps. */
  readonly original: VersionRow;
  readonly replaced: VersionRow | undefined;
  readonly next: VersionRow | undefined;
}

const NO_CORRECTIONS: readonly Correction[] = Object.freeze([]);

/** The development with its live corrections, or undefined when retracted. */
export function effectiveVersion(versions: VersionTable, amended: AmendedDevelopment): Original | undefined {
  if (amended.retracted) return undefined;
  const live = amended.corrections.filter((c) => !c.retracted);
  const original = { type: versions.type(amended.original), data: versions.data(amended.original) } as Original;
  if (live.length === 0) return original;
  const merged = live.reduce<Record<string, unknown>>((data, c) => mergeChanges(data, c.changes), { ...original.data });
  const parsed = parseData(original.type, merged);
  // The decider checked the merged data before the correction was appended.
  return parsed.ok ? (parsed.value as Original) : original;
}

/**
 * Amendments per development, by event id: a development's own id, and each correction's
 * id pointing at the development it amends (corrections of corrections). It makes every
 * version (a row of its table, see VersionTable), once for all the models that share it,
 * and keeps the event ids the versions refer to (see EventIds).
 */
export class Amendments {
  /** Every version of every development, for the models sharing these amendments to read. */
  readonly versions = new VersionTable();
  /** Every development's and correction's event id; versions keep their index into it. */
  private readonly ids = new EventIds();
  /**
   * By event id index: a development never amended is its first version itself (see
   * AmendedDevelopment). An array, dense as the indexes count up, where a map from id
   * strings took 28 MiB at a million events.
   */
  private readonly byEventIndex: (VersionRow | AmendedDevelopment)[] = [];
  private lastEvent: ConcordEvent | undefined;
  private lastAnswer: VersionChange | undefined;

  /**
   * Folds an event in; answers how the versions of the development it concerns changed,
   * if they did. Models sharing one Amendments each ask for every event in turn (the
   * projection engine hands the very same event object to each model before the next
   * event), so the event is folded once and the next model gets the same answer. Any
   * other order would fold an event twice or answer one model with another's future, so
   * it is refused.
   */
  apply(event: ConcordEvent): VersionChange | undefined {
    if (event === this.lastEvent) return this.lastAnswer;
    if (this.lastEvent !== undefined && event.position <= this.lastEvent.position) {
      throw new AmendmentsOrderError(this.lastEvent.position, event.position);
    }
    // Refused before anything is folded: the versions keep positions as exact numbers.
    exactPosition(event.position);
    this.lastEvent = event;
    this.lastAnswer = this.fold(event);
    return this.lastAnswer;
  }

  private fold(event: ConcordEvent): VersionChange | undefined {
    const { development } = event;
    if (development.type === 'DevelopmentCorrected') {
      const amended = this.amendedOf(development.data.correctsEventId);
      if (!amended) return undefined; // the decider never lets this happen; a hand-made log may
      amended.corrections = [...amended.corrections, { eventId: event.eventId, changes: development.data.changes, retracted: false }];
      this.byEventIndex[this.ids.add(event.eventId)] = amended;
      return this.nextVersion(amended, event.position);
    }
    if (development.type === 'DevelopmentRetracted') {
      const target = development.data.retractsEventId;
      const amended = this.amendedOf(target);
      if (!amended) return undefined;
      const correction = amended.corrections.find((c) => c.eventId === target);
      if (correction) correction.retracted = true;
      else amended.retracted = true;
      return this.nextVersion(amended, event.position);
    }
    const index = this.ids.add(event.eventId);
    const original = firstVersion(this.versions, event, index);
    this.byEventIndex[index] = original;
    return { original, replaced: undefined, next: original };
  }

  /** The amendments of the development `eventId` is (or amends), made on the first one. */
  private amendedOf(eventId: string): AmendedDevelopment | undefined {
    const index = this.ids.find(eventId);
    const known = index < 0 ? undefined : this.byEventIndex[index];
    if (known === undefined || isAmended(known)) return known;
    const amended: AmendedDevelopment = { original: known, corrections: NO_CORRECTIONS, retracted: false, current: known };
    this.byEventIndex[index] = amended;
    return amended;
  }

  /** The log position of the newest event folded in (undefined before any): no version is recorded after it. */
  get newestPosition(): bigint | undefined {
    return this.lastEvent?.position;
  }

  /** The event id of the development `version` is a version of. */
  eventIdOf(version: VersionRow): string {
    return this.ids.idAt(this.versions.eventIndex(version));
  }

  /** The event id at `eventIndex` (a version's, see Version.eventIndex). */
  eventIdAt(eventIndex: number): string {
    return this.ids.idAt(eventIndex);
  }

  /** The version known so far ends at `position`; the next one (if any) starts there. */
  private nextVersion(amended: AmendedDevelopment, position: bigint): VersionChange {
    const replaced = amended.current;
    if (replaced !== undefined) this.versions.setUntil(replaced, exactPosition(position));
    const development = effectiveVersion(this.versions, amended);
    const next = development && nextVersion(this.versions, amended.original, development, position);
    amended.current = next;
    return { original: amended.original, replaced, next };
  }
}

function isAmended(known: VersionRow | AmendedDevelopment): known is AmendedDevelopment {
  return typeof known !== 'number';
}

/** Events reached the amendments out of log order (a bug in how models are fed, not bad data). */
export class AmendmentsOrderError extends Error {
  readonly code = 'amendments-out-of-order';
  constructor(
    readonly lastPosition: bigint,
    readonly position: bigint,
  ) {
    super(`event at position ${position} reached the amendments after position ${lastPosition}: every model must fold each event in log order, in turn`);
  }
}
