import type { Recorded } from './entity-records.js';
import { itemsOf, type TightList } from './tight-list.js';

/** The fields that hold a list of facts, stored tightly (a single fact as itself): the digest lists them as arrays whatever their form. */
const FACT_LISTS: ReadonlySet<string> = new Set(['registrations', 'renames', 'statements', 'formations', 'dissolutions', 'helds', 'signings', 'endings', 'starts', 'ends']);

/** Fields worked out from a record's facts, or references to other records, not recorded: the digest leaves them out. */
const DERIVED_FIELDS: ReadonlySet<string> = new Set(['episodes', 'reachLo', 'reachHi', 'latestSince', 'replacedFacts', 'renamesByDate', 'renameLos', 'currentRenames', 'organisation', 'person', 'id', 'chairs']);

function isRecorded(value: unknown): value is Recorded<unknown> {
  return typeof value === 'object' && value !== null && 'data' in value && 'position' in value;
}

/** A record as its recorded facts (position and data); dates parsed from the data are left out. */
export function recordedFacts(record: object): Record<string, unknown> {
  const fact = ({ position, data, since, until }: Recorded<unknown>) => ({ position: position.toString(), data, since: since.toString(), until: until?.toString() ?? null });
  const facts: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(record)) {
    if (DERIVED_FIELDS.has(field)) continue;
    facts[field] = FACT_LISTS.has(field) ? itemsOf(value as TightList<Recorded<unknown>>).map(fact) : isRecorded(value) ? fact(value) : value;
  }
  return facts;
}
