import { z } from 'zod';

/** Stable entity ids: lowercase letters, digits and hyphens, at most 64 characters. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const slug = z
  .string()
  .max(64, 'an id has at most 64 characters')
  .regex(SLUG_PATTERN, 'an id is lowercase letters, digits and single hyphens, e.g. "iag-tvet"');

export const ENTITY_CATEGORIES = ['organisation', 'person', 'group', 'meeting', 'agreement'] as const;
export type EntityCategory = (typeof ENTITY_CATEGORIES)[number];
export const entityCategory = z.enum(ENTITY_CATEGORIES);

export interface EntityRef {
  readonly category: EntityCategory;
  readonly id: string;
}

/** Stream of an entity: `<category>-<id>`; categories hold no hyphen, so this is reversible. */
export function streamOf(ref: EntityRef): string {
  return `${ref.category}-${ref.id}`;
}

/** Entity key as used in query strings and read models: `group:iag-tvet`. */
export function entityKey(ref: EntityRef): string {
  return `${ref.category}:${ref.id}`;
}

export function parseStreamName(stream: string): EntityRef | undefined {
  const dash = stream.indexOf('-');
  if (dash < 0) return undefined;
  const category = stream.slice(0, dash);
  const id = stream.slice(dash + 1);
  if (!(ENTITY_CATEGORIES as readonly string[]).includes(category) || !SLUG_PATTERN.test(id) || id.length > 64) return undefined;
  return { category: category as EntityCategory, id };
}

/** Parses `group:iag-tvet`; undefined when malformed. */
export function parseEntityKey(key: string): EntityRef | undefined {
  const colon = key.indexOf(':');
  if (colon < 0) return undefined;
  return parseStreamName(`${key.slice(0, colon)}-${key.slice(colon + 1)}`);
}

/** Every Concord stream starts with one of these; the EventStoreDB filter uses them. */
export const CONCORD_STREAM_PREFIXES = ENTITY_CATEGORIES.map((c) => `${c}-`);

export const entityKeySchema = z.string().transform((value, ctx) => {
  const ref = parseEntityKey(value);
  if (!ref) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not an entity key such as "group:iag-tvet" (categories: ${ENTITY_CATEGORIES.join(', ')})` });
    return z.NEVER;
  }
  return ref;
});
