import type { DateRange } from '../../events/dates.js';
import type { DatedFact } from './certainty.js';
import type { VersionRow, VersionTable } from './version-table.js';

/**
 * A version as a fact, for one question: its fields read from the table when asked. Two
 * fields where a copy of the six a view may read took 72 bytes: a group's view at 1M
 * reads some 300 facts, and what a question allocates sets how often the young generation
 * is collected under the questions (each collection about 1 ms at 1M, whatever it frees).
 */
export class FactAt implements DatedFact<unknown> {
  constructor(
    private readonly table: VersionTable,
    private readonly row: VersionRow,
  ) {}

  get data(): unknown {
    return this.table.data(this.row);
  }

  get date(): DateRange {
    return this.table.date(this.row)!;
  }

  get position(): number {
    return this.table.seq(this.row);
  }

  get since(): number {
    return this.table.since(this.row);
  }

  get until(): number | undefined {
    return this.table.until(this.row);
  }

  get eventIndex(): number {
    return this.table.eventIndex(this.row);
  }
}
