/**
 * One side of a cross-process race: every round it appends to `race-<round>` expecting
 * revision 0, starting at the same wall-clock instant as the other side.
 * Args: <db path> <worker id> <barrier dir> <rounds> <round interval ms>
 * Prints one JSON line per round: { round, outcome, startedAt }.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '../../../src/store/sqlite-event-store.js';
import { WrongExpectedRevisionError } from '../../../src/store/event-store.js';

const [path, workerId, barrierDir, roundsArg, intervalArg] = process.argv.slice(2);
if (!path || !workerId || !barrierDir || !roundsArg || !intervalArg) throw new Error('usage: race-appender <db> <id> <barrier dir> <rounds> <interval ms>');

const store = SqliteEventStore.open(path);
// Warm up (JIT, statement preparation, first fsync) so the timed rounds line up.
for (let warmup = 0; warmup < 5; warmup++) {
  await store.append(`warmup-${workerId}`, [{ eventId: randomUUID(), type: 'WarmedUp', data: {}, metadata: {} }], 'any');
}
writeFileSync(join(barrierDir, `ready-${workerId}`), '');
const goFile = join(barrierDir, 'go');
while (!existsSync(goFile)) await new Promise((resolve) => setTimeout(resolve, 1));
const startAt = Number(readFileSync(goFile, 'utf8'));

for (let round = 0; round < Number(roundsArg); round++) {
  const startsAt = startAt + round * Number(intervalArg);
  // Spin rather than sleep: timers are too coarse to line two processes up.
  while (Date.now() < startsAt) {
    /* spin */
  }
  const startedAt = Date.now();
  let outcome: string;
  try {
    await store.append(`race-${round}`, [{ eventId: randomUUID(), type: 'Raced', data: { workerId, round }, metadata: {} }], 0);
    outcome = 'won';
  } catch (error) {
    outcome = error instanceof WrongExpectedRevisionError ? error.code : `unexpected: ${String(error)}`;
  }
  console.log(JSON.stringify({ round, outcome, startedAt }));
}
await store.close();
