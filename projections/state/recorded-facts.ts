import { itemsOf, type TightList } from './tight-list.js';
import type { VersionRow, VersionTable } from './version-table.js';

/** The fields that hold a list of facts, stored tightly (a single fact as itself): the digest lists them as arrays whatever their form. */
const FACT_LISTS: ReadonlySet<string> = new Set(['registrations', 'renames', 'statements', 'formations', 'dissolutions', 'helds', 'signings', 'endings', 'starts', 'ends']);

/** Fields worked out from a record's facts, or references to other records, not recorded: the digest leaves them out. */
const DERIVED_FIELDS: ReadonlySet<string> = new Set(['reachLo', 'reachHi', 'latestSince', 'replacedFacts', 'renamesByDate', 'renameLos', 'currentRenames', 'organisation', 'person', 'id', 'chairs']);

/** A record as its recorded facts (position and data, read from the versions' rows); dates parsed from the data are left out. */
export function recordedFacts(record: object, versions: VersionTable): Record<string, unknown> {
  const fact = (row: VersionRow) => ({ position: String(versions.seq(row)), data: versions.data(row), since: String(versions.since(row)), until: versions.until(row)?.toString() ?? null });
  const facts: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(record)) {
    if (DERIVED_FIELDS.has(field)) continue;
    facts[field] = FACT_LISTS.has(field) ? itemsOf(value as TightList<VersionRow>).map(fact) : value;
  }
  return facts;
}
