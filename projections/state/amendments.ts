import { parseData, type Development } from '../../events/catalogue.js';
import type { ConcordEvent } from '../../events/decode-event.js';
import { mergeChanges } from '../../src/domain/amendments.js';
import type { RecordedLife } from './certainty.js';

/** A development that is not itself an amendment. */
export type Original = Exclude<Development, { type: 'DevelopmentCorrected' | 'DevelopmentRetracted' }>;

export interface Correction {
  readonly eventId: string;
  readonly changes: Record<string, unknown>;
  retracted: boolean;
}

/**
 * One development and what amended it so far, to build its next version. Kept for every
 * development (a correction may come at any time), so it holds no more than it must: the
 * original event is shared with the models, and the corrections list is shared and
 * empty until the first correction.
 */
export interface AmendedDevelopment {
  /** The development as first recorded (its id, position and metadata are the versions' own). */
  readonly event: ConcordEvent & { readonly development: Original };
  /** Corrections in log order; a retracted one is flagged, not removed. */
  corrections: readonly Correction[];
  retracted: boolean;
  /**
   * The version known at the head, as each model placed it (its entity-state fact, its
   * timeline entry); undefined before it is placed and once retracted. One record serves
   * both models, so a million developments are tracked once, not once per model.
   */
  currentFact: RecordedLife | undefined;
  currentEntry: RecordedLife | undefined;
}

const NO_CORRECTIONS: readonly Correction[] = Object.freeze([]);

/** The development with its live corrections, or undefined when retracted. */
export function effectiveVersion(amended: AmendedDevelopment): Original | undefined {
  if (amended.retracted) return undefined;
  const live = amended.corrections.filter((c) => !c.retracted);
  const original = amended.event.development;
  if (live.length === 0) return original;
  const merged = live.reduce<Record<string, unknown>>((data, c) => mergeChanges(data, c.changes), { ...original.data });
  const parsed = parseData(original.type, merged);
  // The decider checked the merged data before the correction was appended.
  return parsed.ok ? (parsed.value as Original) : original;
}

/**
 * Amendments per development, keyed by event id: a development's own id, and each
 * correction's id pointing at the development it amends (corrections of corrections).
 */
export class Amendments {
  private readonly byEventId = new Map<string, AmendedDevelopment>();
  private lastEvent: ConcordEvent | undefined;
  private lastAnswer: AmendedDevelopment | undefined;

  /**
   * Folds an event in; answers the development whose versions changed, if any. Models
   * sharing one Amendments each ask for every event in turn (the projection engine hands
   * the very same event object to each model before the next event), so the event is
   * folded once and the next model gets the same answer. Any other order would fold an
   * event twice or answer one model with another's future, so it is refused.
   */
  apply(event: ConcordEvent): AmendedDevelopment | undefined {
    if (event === this.lastEvent) return this.lastAnswer;
    if (this.lastEvent !== undefined && event.position <= this.lastEvent.position) {
      throw new AmendmentsOrderError(this.lastEvent.position, event.position);
    }
    this.lastEvent = event;
    this.lastAnswer = this.fold(event);
    return this.lastAnswer;
  }

  private fold(event: ConcordEvent): AmendedDevelopment | undefined {
    const { development } = event;
    if (development.type === 'DevelopmentCorrected') {
      const amended = this.byEventId.get(development.data.correctsEventId);
      if (!amended) return undefined; // the decider never lets this happen; a hand-made log may
      amended.corrections = [...amended.corrections, { eventId: event.eventId, changes: development.data.changes, retracted: false }];
      this.byEventId.set(event.eventId, amended);
      return amended;
    }
    if (development.type === 'DevelopmentRetracted') {
      const target = development.data.retractsEventId;
      const amended = this.byEventId.get(target);
      if (!amended) return undefined;
      const correction = amended.corrections.find((c) => c.eventId === target);
      if (correction) correction.retracted = true;
      else amended.retracted = true;
      return amended;
    }
    const amended: AmendedDevelopment = { event: event as AmendedDevelopment['event'], corrections: NO_CORRECTIONS, retracted: false, currentFact: undefined, currentEntry: undefined };
    this.byEventId.set(event.eventId, amended);
    return amended;
  }
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
