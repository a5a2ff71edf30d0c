/**
 * One round of the import phase, run in a child process (see importPhase): generates the
 * history and writes it as an NDJSON file beside <db> (not timed), imports that file into
 * a fresh store at <db> (timed from the file's read on, `concord import`'s path), then inserts the very rows it stored into a fresh raw database at <rawDb> (the
 * floor, timed), and prints both rates as JSON on its last line. The store is left at
 * <db>; the raw database is removed.
 *
 *   node bench/.build/bench/import-child.js (built by bench/compiled-build.ts; from source: node --import tsx bench/import-child.ts) <events> <db> <rawDb>
 */
import { rmSync } from 'node:fs';
import { removeDb, writeImportFile } from './concord-phases.js';
import { timed } from './measure.js';
import { rawInsertAll } from './workloads/raw-sqlite.js';
import { measureImport, rowsOf } from './workloads/store-workloads.js';

const [events, db, rawDb] = [Number(process.argv[2]), process.argv[3], process.argv[4]];
if (!Number.isInteger(events) || events <= 0 || !db || !rawDb) throw new Error('usage: import-child.ts <events> <db> <rawDb>');

const file = `${db}.ndjson`;
writeImportFile(events, file);
removeDb(db);
const importRate = await measureImport(file, db);
rmSync(file, { force: true });
const rows = await rowsOf(db);
removeDb(rawDb);
const raw = await timed(() => rawInsertAll(rawDb, rows));
removeDb(rawDb);
process.stdout.write(JSON.stringify({ import: importRate, rawInsert: Math.round(rows.length / (raw.ms / 1000)) }) + '\n');
