import { parseDate } from '../../../events/dates.js';
import type { EventMetadata } from '../../../events/metadata.js';
import type { Tenure } from '../../../projections/state/certainty.js';
import { PostAt } from '../../../projections/state/facts-at.js';
import type { StoredPostTenure } from '../../../projections/state/entity-records.js';
import { NO_END_DAY } from '../../../projections/state/certainty.js';
import type { StoredTenure } from '../../../projections/state/stored-facts.js';
import { VersionTable, type VersionRow } from '../../../projections/state/version-table.js';

const metadata = { recordedAt: '2024-01-01T00:00:00.000Z', recordedBy: 'editor', correlationId: 'c', causationId: null, schemaVersion: 1 } as unknown as EventMetadata;

/** A version table to file facts in by their date's text, each a new position (1, 2, ...), its data the text itself. */
export function storedVersions(): { versions: VersionTable; row: (text: string) => VersionRow } {
  const versions = new VersionTable();
  let position = 0;
  const row = (text: string): VersionRow => {
    position += 1;
    return versions.add({ lo: 0, hi: 0, position, since: position, eventIndex: position, date: parseDate(text), stream: 's', metadata, type: 'MemberJoined', data: text as never });
  };
  return { versions, row };
}

/** A stored tenure with nothing filed yet, as the entity history makes them. */
export function emptyTenure(): StoredTenure {
  return { starts: [], ends: [], reachLo: NO_END_DAY, reachHi: NO_END_DAY, latestSince: -1, replacedFacts: 0 };
}

/** The tenure as a question at `position` reads it (undefined: the head). */
export function readTenure(versions: VersionTable, stored: StoredTenure, position?: number): Tenure<string, string> {
  return new PostAt(versions, stored as StoredPostTenure, position) as unknown as Tenure<string, string>;
}
