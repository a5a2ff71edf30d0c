/**
 * Time-travel query costs at a million events, in process (no HTTP, no store).
 *
 *   node --max-old-space-size=8192 --import tsx bench/time-travel-queries.ts [events]
 *
 * Builds a synthetic log (organisations, people, groups with joins and leaves, posts,
 * renames, agreements, about 1% corrections and 0.2% retractions, imprecise dates,
 * shuffled valid-time order), folds it into the read models, then times each kind of
 * question many times and prints median and p99. Events are built as decoded
 * ConcordEvents (zod validation is the store reader's cost, not the query's).
 */
import { performance } from 'node:perf_hooks';
import os from 'node:os';
import type { Development } from '../events/catalogue.js';
import { definitionFor } from '../events/catalogue.js';
import { dayFromParts } from '../events/dates.js';
import type { ConcordEvent } from '../events/decode-event.js';
import { entityKey, streamOf } from '../events/identifiers.js';
import { changesBetween } from '../projections/changes.js';
import { EntityHistory, entityStateProjection } from '../projections/entity-state-projection.js';
import { ReadModels } from '../projections/read-models.js';

const TOTAL = Number(process.argv[2] ?? 1_000_000);
const ORGS = Math.round(TOTAL / 20);
const PEOPLE = Math.round(TOTAL / 40);
const GROUPS = Math.round(TOTAL / 100);
const AGREEMENTS = Math.round(TOTAL / 100);

let seed = 42;
const random = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const int = (n: number) => Math.floor(random() * n);
const pad = (n: number) => String(n).padStart(2, '0');
function date(): string {
  const y = 1990 + int(35);
  const r = random();
  if (r < 0.2) return String(y);
  if (r < 0.4) return `${y}-${pad(1 + int(12))}`;
  if (r < 0.45) return `${y}/${y + 1 + int(3)}`;
  if (r < 0.48) return `../${y}-${pad(1 + int(12))}-15`;
  return `${y}-${pad(1 + int(12))}-${pad(1 + int(28))}`;
}

const events: ConcordEvent[] = [];
const revisions = new Map<string, number>();
const t0 = Date.UTC(2025, 0, 1);
function push(development: Development): ConcordEvent {
  const stream = streamOf(definitionFor(development).subject(development.data));
  const revision = revisions.get(stream) ?? 0;
  revisions.set(stream, revision + 1);
  const i = events.length;
  const event: ConcordEvent = {
    eventId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    stream,
    revision,
    position: BigInt(i + 1),
    development,
    // Two writers whose clocks disagree by up to a second.
    metadata: { recordedAt: new Date(t0 + i * 10 + (i % 2) * int(1000)).toISOString(), recordedBy: 'bench', correlationId: 'bench', causationId: null, schemaVersion: 1 },
  };
  events.push(event);
  return event;
}
const dev = (type: string, data: Record<string, unknown>) => ({ type, data }) as unknown as Development;

console.error(`building ${TOTAL} events…`);
for (let o = 0; o < ORGS; o++) push(dev('OrganisationRegistered', { organisationId: `org-${o}`, name: `Organisation ${o}`, ...(random() < 0.5 && { foundedOn: date() }) }));
for (let p = 0; p < PEOPLE; p++) push(dev('PersonRegistered', { personId: `person-${p}`, name: `Person ${p}` }));
for (let g = 0; g < GROUPS; g++) push(dev('GroupFormed', { groupId: `group-${g}`, name: `Group ${g}`, kind: 'working-group', formedOn: date() }));
for (let a = 0; a < AGREEMENTS; a++) {
  push(dev('AgreementSigned', { agreementId: `agreement-${a}`, title: `Agreement ${a}`, parties: [`org-${int(ORGS)}`, `org-${int(ORGS)}`], signedOn: date(), ...(random() < 0.5 && { validUntil: date() }), ...(a > 0 && random() < 0.2 && { supersedes: `agreement-${int(a)}` }) }));
}
const amendable: ConcordEvent[] = [];
while (events.length < TOTAL) {
  const r = random();
  let event: ConcordEvent;
  if (r < 0.45) event = push(dev(random() < 0.7 ? 'MemberJoined' : 'MemberLeft', { groupId: `group-${int(GROUPS)}`, organisationId: `org-${int(ORGS)}`, on: date() }));
  else if (r < 0.75) {
    const appointed = random() < 0.6;
    event = push(dev(appointed ? 'PostHolderAppointed' : 'PostHolderLeft', { organisationId: `org-${int(ORGS)}`, personId: `person-${int(PEOPLE)}`, post: 'Director', [appointed ? 'from' : 'on']: date() }));
  }
  else if (r < 0.85) event = push(dev('OrganisationRenamed', { organisationId: `org-${int(ORGS)}`, name: `Renamed ${events.length}`, on: date() }));
  else if (r < 0.92) {
    const target = { kind: 'group', id: `group-${int(GROUPS)}` };
    const personId = `person-${int(PEOPLE)}`;
    event = push(random() < 0.7 ? dev('ChairNamed', { target, personId, role: 'chair', from: date() }) : dev('ChairEnded', { target, personId, on: date() }));
  }
  else if (r < 0.95) event = push(dev('AgreementEnded', { agreementId: `agreement-${int(AGREEMENTS)}`, on: date() }));
  else if (r < 0.99 || amendable.length === 0) event = push(dev('StatementMade', { statementId: `s-${events.length}`, personId: `person-${int(PEOPLE)}`, quote: 'We agree.', on: date() }));
  else {
    const target = amendable[int(amendable.length)]!;
    const entity = entityKey(definitionFor(target.development).subject(target.development.data));
    const field = 'on' in (target.development.data as object) ? 'on' : 'from';
    if (random() < 0.83) push(dev('DevelopmentCorrected', { entity, correctsEventId: target.eventId, changes: { [field]: date() }, reason: 'better source' }));
    else push(dev('DevelopmentRetracted', { entity, retractsEventId: target.eventId, reason: 'recorded in error' }));
    continue;
  }
  if (event.development.type === 'MemberJoined' || event.development.type === 'PostHolderAppointed') amendable.push(event);
}
const amendments = events.filter((e) => e.development.type.startsWith('Development')).length;

const models = new ReadModels();
// The entity history alone, folded alongside, for the reference /changes walk.
const history = new EntityHistory();
// Every model folds each event in turn, in log order, as the engine feeds them (they share
// one record per development, see Amendments), so the fold is timed as a whole.
let start = performance.now();
for (const event of events) models.apply(event);
const foldMs = performance.now() - start;
for (const event of events) entityStateProjection.apply(history, event);
console.error(`fold into every read model ${(foldMs / 1000).toFixed(1)} s`);
start = performance.now();
for (const projection of models.projections) projection.caughtUp(); // as the engine does once caught up: the timeline sorts
const sortMs = performance.now() - start;
if (process.env.BENCH_FOLD_ONLY) {
  console.log(`fold ${foldMs.toFixed(0)} ms, sort ${sortMs.toFixed(0)} ms`);
  process.exit(0);
}
const head = BigInt(events.length);

/** `timesItself`: the question answers its own duration (to leave out setting it up). */
function measure(name: string, runs: number, question: () => unknown, timesItself = false): { name: string; median: number; p99: number; runs: number } {
  for (let i = 0; i < Math.min(50, runs); i++) question(); // warm up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    const answer = question();
    times.push(timesItself ? (answer as number) : performance.now() - s);
  }
  times.sort((a, b) => a - b);
  return { name, runs, median: times[Math.floor(runs / 2)]!, p99: times[Math.min(runs - 1, Math.floor(runs * 0.99))]! };
}

/** The first `count` items of a lazily made sequence, as a page takes them. */
function pageOf<T>(items: Iterable<T>, count: number): T[] {
  const page: T[] = [];
  for (const item of items) if (page.push(item) >= count) break;
  return page;
}

const someDay = () => dayFromParts(1990 + int(36), 1 + int(12), 1 + int(28));
const somePosition = () => BigInt(1 + int(events.length));
const results = [
  measure('organisation on a date, as known now', 5000, () => models.entity({ category: 'organisation', id: `org-${int(ORGS)}` }, someDay())),
  measure('organisation on a date, at a random knownAtPosition', 5000, () => models.entity({ category: 'organisation', id: `org-${int(ORGS)}` }, someDay(), somePosition())),
  measure('group on a date, as known now', 5000, () => models.entity({ category: 'group', id: `group-${int(GROUPS)}` }, someDay())),
  measure('group on a date, at a random knownAtPosition', 5000, () => models.entity({ category: 'group', id: `group-${int(GROUPS)}` }, someDay(), somePosition())),
  measure('person on a date, at a random knownAtPosition', 5000, () => models.entity({ category: 'person', id: `person-${int(PEOPLE)}` }, someDay(), somePosition())),
  measure('timeline page (50), whole log, from a random date', 2000, () => {
    const from = someDay();
    return models.timeline({ from: { text: '', lo: from, hi: from, precision: 'day' }, limit: 50, maxPosition: head });
  }),
  measure('timeline page (50), whole log, from a random date, random knownAtPosition', 2000, () => {
    const from = someDay();
    return models.timeline({ from: { text: '', lo: from, hi: from, precision: 'day' }, limit: 50, maxPosition: somePosition() });
  }),
  measure('timeline page (50), one group', 5000, () => models.timeline({ entity: { category: 'group', id: `group-${int(GROUPS)}` }, limit: 50, maxPosition: head })),
  measure('knownAt → position (binary search)', 20000, () => models.recordedTime.positionKnownAt(t0 + int(events.length * 10))),
  measure('whole /state on a date, as known now', 3, () => models.state(someDay())),
  measure('whole /state on a date, at a random knownAtPosition', 3, () => models.state(someDay(), somePosition())),
  // Before and after the index of change dates: the reference walks the whole history
  // and sorts (what every /changes page cost before); the indexed walk stops at the page.
  measure('/changes over a random year, whole answer: reference (whole-history walk)', 3, () => {
    const from = someDay();
    return changesBetween(history, from, from + 365);
  }),
  measure('/changes over a random year, whole answer: indexed walk', 3, () => {
    const from = someDay();
    return models.changes(from, from + 365);
  }),
  measure('/changes over a random year, a page (50): indexed walk', 200, () => {
    const from = someDay();
    return pageOf(models.changeEntries(from, from + 365), 51);
  }),
  measure('/changes over a random year, a page (50) after a random change: indexed walk', 200, () => {
    const from = someDay();
    const after = pageOf(models.changeEntries(from, from + 365), 1 + int(2000)).at(-1)?.key;
    const start = performance.now();
    pageOf(models.changeEntries(from, from + 365, undefined, after), 51);
    return performance.now() - start;
  }, true),
  measure('/changes over a random year, a page (50), random knownAtPosition: indexed walk', 200, () => {
    const from = someDay();
    return pageOf(models.changeEntries(from, from + 365, somePosition()), 51);
  }),
];

const fmt = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(1)} ms`);
console.log(`events: ${events.length} (${amendments} corrections/retractions), organisations ${ORGS}, people ${PEOPLE}, groups ${GROUPS}, agreements ${AGREEMENTS}`);
console.log(`fold into read models: ${(foldMs / 1000).toFixed(1)} s (${Math.round(events.length / (foldMs / 1000))} events/s); timeline sort after catch-up: ${(sortMs / 1000).toFixed(1)} s`);
console.log(`heap used: ${Math.round(process.memoryUsage().heapUsed / 2 ** 20)} MiB; machine: ${os.cpus().length} cores (nproc), ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`);
console.log('| question | runs | median | p99 |');
console.log('| --- | --- | --- | --- |');
for (const r of results) console.log(`| ${r.name} | ${r.runs} | ${fmt(r.median)} | ${fmt(r.p99)} |`);
