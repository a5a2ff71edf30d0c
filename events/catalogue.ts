import { z } from 'zod';
import { agreementEvents } from './catalogue/agreement-events.js';
import { correctionEvents } from './catalogue/correction-events.js';
import { groupEvents } from './catalogue/group-events.js';
import { meetingEvents } from './catalogue/meeting-events.js';
import { organisationEvents } from './catalogue/organisation-events.js';
import { personEvents } from './catalogue/person-events.js';
import type { EventDefinition } from './event-definition.js';
import { exactPass, type ExactPass } from './exact-pass.js';
import { issuesOf, type Parsed } from './validation.js';

const definitions = [...organisationEvents, ...personEvents, ...groupEvents, ...meetingEvents, ...agreementEvents, ...correctionEvents] as const;

type Definition = (typeof definitions)[number];
export type DevelopmentType = Definition['type'];

type AsDevelopment<D> = D extends EventDefinition<infer T, infer Data> ? { readonly type: T; readonly data: Data } : never;
/** A development: an event type and its validated data. */
export type Development = AsDevelopment<Definition>;
export type DevelopmentOf<T extends DevelopmentType> = Extract<Development, { type: T }>;

export const DEVELOPMENT_TYPES = definitions.map((d) => d.type) as DevelopmentType[];

const registry = new Map<string, EventDefinition<string, unknown>>(
  definitions.map((d) => [d.type, d as unknown as EventDefinition<string, unknown>]),
);

/** Per type, whether zod would give data back unchanged (see exact-pass.ts): then the data is its own output. */
const exactPasses = new Map<string, ExactPass>([...registry].map(([type, def]) => [type, exactPass(def.schema)]));

export function definitionOf(type: string): EventDefinition<string, unknown> | undefined {
  return registry.get(type);
}

/** The definition of a development already known to be valid. */
export function definitionFor<D extends Development>(development: D): EventDefinition<D['type'], D['data']> {
  const def = registry.get(development.type);
  if (!def) throw new Error(`no definition for ${development.type}`);
  return def as unknown as EventDefinition<D['type'], D['data']>;
}

export function isDevelopmentType(type: unknown): type is DevelopmentType {
  return typeof type === 'string' && registry.has(type);
}

/** Validates the data of a known type; issue pointers are relative to the data. */
export function parseData(type: string, data: unknown, prefix: readonly PropertyKey[] = []): Parsed<Development> {
  const def = registry.get(type);
  if (!def) {
    return { ok: false, issues: [{ pointer: '/type', message: `unknown development type "${type}"; known types: ${DEVELOPMENT_TYPES.join(', ')}` }] };
  }
  if (exactPasses.get(type)!(data)) return { ok: true, value: { type, data } as Development };
  const result = def.schema.safeParse(data);
  if (!result.success) return { ok: false, issues: issuesOf(result.error as z.ZodError, prefix) };
  return { ok: true, value: { type, data: result.data } as Development };
}

/**
 * Parses a development as the API and import files carry it: `{type, ...fields}`.
 * Rejects unknown types and unknown fields, naming each offending field.
 */
export function parseDevelopment(input: unknown): Parsed<Development> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, issues: [{ pointer: '', message: 'a development is a JSON object with a "type" and its fields' }] };
  }
  const { type, ...fields } = input as Record<string, unknown>;
  if (typeof type !== 'string') {
    return { ok: false, issues: [{ pointer: '/type', message: `"type" is required: one of ${DEVELOPMENT_TYPES.join(', ')}` }] };
  }
  return parseData(type, fields);
}

/** The flat wire form of a development: `{type, ...data}`. */
export function developmentBody(development: Development): Record<string, unknown> {
  return { type: development.type, ...(development.data as Record<string, unknown>) };
}

export const developmentTypeSchema = z.enum(DEVELOPMENT_TYPES as [DevelopmentType, ...DevelopmentType[]]);
