import type { z } from 'zod';
import type { EntityRef } from './identifiers.js';

/** A field of an event that names another entity, checked to exist before appending. */
export interface Reference {
  readonly path: readonly (string | number)[];
  readonly ref: EntityRef;
}

/**
 * One event type of the catalogue: its schema (the data, without `type`), the version
 * of that schema, and how to read the entities and the date out of it. Everything here
 * is pure so that deciders, read models and the HTTP layer share one definition.
 */
export interface EventDefinition<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly schemaVersion: number;
  readonly schema: z.ZodType<Data>;
  /**
   * How stored data of older versions is read: `upcasters[n]` checks version n data
   * against version n's own schema, then turns it into version n + 1. Needed for every
   * version below `schemaVersion`; stored bytes never change.
   */
  readonly upcasters?: Readonly<Record<number, Upcaster>>;
  /** The entity whose stream holds the event. */
  subject(data: Data): EntityRef;
  /** Other entities the event names. */
  references(data: Data): Reference[];
  /** The valid-time date the development happened on (a date text), if any. */
  happenedOn(data: Data): string | undefined;
  /** One line for humans, used by timelines and replays. */
  summary(data: Data): string;
}

export interface Upcaster {
  /** The schema the data was written under. */
  readonly schema: z.ZodType;
  upcast(data: unknown): unknown;
}

export function defineEvent<Type extends string, Data>(definition: EventDefinition<Type, Data>): EventDefinition<Type, Data> {
  return definition;
}

export function refs(...items: (Reference | undefined | false)[]): Reference[] {
  return items.filter((r): r is Reference => Boolean(r));
}
