import type { DateRange } from '../../events/dates.js';
import { entityKey, type EntityRef } from '../../events/identifiers.js';
import { DomainError } from './domain-error.js';

/** A dated boundary of an entity's existence, with the words to report a breach of it. */
export interface Milestone {
  readonly on: DateRange;
  /** Stable code for a development certainly on the wrong side, e.g. `before-formation`. */
  readonly code: string;
  /** The field that dates the milestone, e.g. `formedOn`; names it in error contexts. */
  readonly field: string;
  /** How messages say it, e.g. `was formed`. */
  readonly phrase: string;
}

export interface EndMilestone extends Milestone {
  /**
   * An exclusive end (a dissolution) leaves no part of its day to the entity, so nothing
   * can start on it; an inclusive end (a meeting's last day) still hosts a start.
   */
  readonly exclusive: boolean;
}

/** When an entity exists in valid time; a missing boundary is unconstrained. */
export interface Lifespan {
  readonly begins?: Milestone;
  readonly ends?: EndMilestone;
}

export const UNBOUNDED: Lifespan = {};

export interface DatedField {
  /** JSON pointer of the field that dates (or names) the development. */
  readonly pointer: string;
  /** What happened, for messages, e.g. `MemberJoined`. */
  readonly what: string;
  /** Whether the development starts a tenure (a membership, a chair), which needs a day left. */
  readonly startsTenure?: boolean;
  readonly context?: Record<string, unknown>;
}

/** Only a certain breach counts: an imprecise date that may fall inside the lifespan passes. */
export function breachedMilestone(lifespan: Lifespan, on: DateRange, startsTenure = false): Milestone | undefined {
  const { begins, ends } = lifespan;
  if (begins && on.hi < begins.on.lo) return begins;
  if (ends && (startsTenure && ends.exclusive ? on.lo >= ends.on.hi : on.lo > ends.on.hi)) return ends;
  return undefined;
}

/** A development dated `on` must fall within the lifespan of `entity`. */
export function checkLifespan(lifespan: Lifespan, entity: EntityRef, on: DateRange, at: DatedField): DomainError | undefined {
  const milestone = breachedMilestone(lifespan, on, at.startsTenure);
  if (!milestone) return undefined;
  const side = milestone === lifespan.begins ? 'before' : at.startsTenure && lifespan.ends?.exclusive ? 'on or after the day' : 'after';
  return new DomainError(
    milestone.code,
    `${at.what} dated ${on.text} is certainly ${side} ${entity.category} ${entity.id} ${milestone.phrase} (${milestone.on.text})`,
    at.pointer,
    { entity: entityKey(entity), date: on.text, [milestone.field]: milestone.on.text, ...at.context },
  );
}
