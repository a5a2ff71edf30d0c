import { describe, expect, it } from 'vitest';
import { generateHistory } from '../../bench/history-generator.js';
import { Prng } from '../../bench/prng.js';
import { definitionOf } from '../../events/catalogue.js';
import { dayFromParts } from '../../events/dates.js';
import { decodeEvent, type ConcordEvent } from '../../events/decode-event.js';
import { entityKey, streamOf } from '../../events/identifiers.js';
import { changeEntries, type ChangeKey } from '../../projections/change-entries.js';
import { changesBetween } from '../../projections/changes.js';
import { EntityHistory, entityStateProjection } from '../../projections/entity-state-projection.js';
import type { RecordedEvent } from '../../src/store/event-store.js';

/**
 * The indexed /changes walk against the reference (changesBetween, which walks the whole
 * history and sorts): for a realistic generated history (backfills, imprecise dates, open
 * starts) with corrections, retractions and restated facts added, every (from, to, knownAt) asked gives
 * the same changes in the same order, and pages walked by key concatenate to the answer.
 */

const DATE_FIELDS: Record<string, string> = {
  OrganisationRenamed: 'on',
  GroupFormed: 'formedOn',
  GroupDissolved: 'on',
  MemberJoined: 'on',
  MemberLeft: 'on',
  ChairNamed: 'from',
  ChairEnded: 'on',
  AgreementSigned: 'signedOn',
  AgreementEnded: 'on',
  PostHolderAppointed: 'from',
};

/** Dates of every shape, some far wider than the generator's, some past 9999 once a day is added. */
function someDate(rnd: Prng): string {
  const year = rnd.int(1990, 2025);
  const r = rnd.next();
  if (r < 0.3) return `${year}-0${rnd.int(1, 9)}-1${rnd.int(0, 9)}`;
  if (r < 0.5) return `${year}-0${rnd.int(1, 9)}`;
  if (r < 0.7) return String(year);
  if (r < 0.85) return `${year}/${year + rnd.int(0, 12)}`;
  return `../${year}-06-30`;
}

/** The generated developments as a log, with corrections and retractions of earlier ones mixed in. */
function logOf(size: number, seed: number): ConcordEvent[] {
  const rnd = new Prng(seed);
  const recorded: RecordedEvent[] = [];
  const revisions = new Map<string, number>();
  const push = (type: string, data: Record<string, unknown>): RecordedEvent => {
    const subject = definitionOf(type)!.subject(data);
    const stream = streamOf(subject);
    const revision = revisions.get(stream) ?? 0;
    revisions.set(stream, revision + 1);
    const i = recorded.length;
    const event: RecordedEvent = {
      eventId: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
      stream,
      revision,
      position: BigInt(i + 1),
      type,
      data,
      metadata: { recordedAt: new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString(), recordedBy: 'test', correlationId: 'c', causationId: null, schemaVersion: 1 },
    };
    recorded.push(event);
    return event;
  };
  const amendable: RecordedEvent[] = [];
  for (const { type, ...data } of generateHistory(size, seed)) {
    const event = push(type, data);
    if (DATE_FIELDS[type]) amendable.push(event);
    // A fact restated on the same date by a second source: equal changes, which keep log order.
    if ((type === 'OrganisationRenamed' || type === 'AgreementEnded') && rnd.chance(0.1)) push(type, data);
    if (amendable.length === 0 || !rnd.chance(0.04)) continue;
    const target = rnd.pick(amendable);
    const entity = entityKey(definitionOf(target.type)!.subject(target.data));
    if (rnd.chance(0.15)) {
      push('DevelopmentRetracted', { entity, retractsEventId: target.eventId, reason: 'recorded in error' });
      continue;
    }
    // Mostly a new date; for agreements sometimes an end in 9999, whose next day sorts as text among the 1000s.
    const changes = target.type === 'AgreementSigned' && rnd.chance(0.3) ? { validUntil: rnd.chance(0.5) ? '9999' : someDate(rnd) } : { [DATE_FIELDS[target.type]!]: someDate(rnd) };
    push('DevelopmentCorrected', { entity, correctsEventId: target.eventId, changes, reason: 'better source' });
  }
  return recorded.map(decodeEvent);
}

const events = logOf(6000, 7);
const history = new EntityHistory();
for (const event of events) entityStateProjection.apply(history, event);

const rnd = new Prng(99);
const someDay = () => dayFromParts(rnd.int(1985, 2030), rnd.int(1, 12), rnd.int(1, 28));
const WIDTHS = [0, 1, 30, 365, 3 * 365, 20 * 365];
/** Windows of every width, some over all time, each asked at the head and at random earlier positions. */
const questions = Array.from({ length: 60 }, (_, i) => {
  const from = i % 10 === 0 ? dayFromParts(1, 1, 1) : someDay();
  const to = i % 10 === 0 ? dayFromParts(9999, 12, 31) + 2 : from + WIDTHS[i % WIDTHS.length]!;
  const knownAt = i % 3 === 0 ? undefined : BigInt(rnd.int(1, events.length));
  return { from, to, knownAt };
});

function pagesOf(from: number, to: number, knownAt: bigint | undefined, limit: number): unknown[] {
  const served: unknown[] = [];
  let after: ChangeKey | undefined;
  for (;;) {
    const page = [];
    for (const entry of changeEntries(history, from, to, knownAt, after)) {
      page.push(entry);
      if (page.length === limit) break;
    }
    served.push(...page.map((entry) => entry.change));
    if (page.length < limit) return served;
    after = page.at(-1)!.key;
  }
}

describe('the indexed /changes walk', () => {
  it('uses a history with corrections, retractions and dates of every shape', () => {
    const types = new Set(events.map((e) => e.development.type));
    for (const type of ['DevelopmentCorrected', 'DevelopmentRetracted', 'AgreementSigned', 'ChairEnded', 'MemberLeft']) expect(types).toContain(type);
    expect(events.length).toBeGreaterThan(6000);
  });

  it('answers exactly what the whole-history reference answers, for every window and recorded time asked', () => {
    let nonEmpty = 0;
    for (const { from, to, knownAt } of questions) {
      const reference = changesBetween(history, from, to, knownAt).changes;
      const walked = Array.from(changeEntries(history, from, to, knownAt), (entry) => entry.change);
      expect(walked, `from ${from} to ${to} knownAt ${knownAt}`).toEqual(reference);
      if (reference.length > 0) nonEmpty += 1;
    }
    expect(nonEmpty).toBeGreaterThan(questions.length / 2);
  });

  it('serves pages that, resumed from the last key of each, concatenate to the whole answer', () => {
    for (const [i, { from, to, knownAt }] of questions.slice(0, 24).entries()) {
      const reference = changesBetween(history, from, to, knownAt).changes;
      if (reference.length > 3000) continue; // a page of one per change: kept to the smaller answers
      const limit = [1, 3, 50][i % 3]!;
      expect(pagesOf(from, to, knownAt, limit), `from ${from} to ${to} knownAt ${knownAt} limit ${limit}`).toEqual(reference);
    }
  });

  it('answers the same from a history walked between every write (a live server) as from one folded at once', () => {
    // The dates noted between walks are kept in a small second run of each sorted list
    // until there are enough to fold in (see LazilySortedEntries): walks must merge both.
    const live = new EntityHistory();
    for (const event of events.slice(0, 2_000)) entityStateProjection.apply(live, event);
    for (const [i, event] of events.slice(2_000).entries()) {
      entityStateProjection.apply(live, event);
      const { from, to, knownAt } = questions[i % questions.length]!;
      let walked = 0;
      for (const _ of changeEntries(live, from, to, knownAt)) if (++walked === 3) break;
    }
    for (const { from, to, knownAt } of questions) {
      expect(Array.from(changeEntries(live, from, to, knownAt), (entry) => entry.change), `from ${from} to ${to} knownAt ${knownAt}`).toEqual(changesBetween(history, from, to, knownAt).changes);
    }
  });

  it('resumes after every change of an answer, ties of one date included, at the change that follows it', () => {
    const { from, to, knownAt } = { from: dayFromParts(1, 1, 1), to: dayFromParts(9999, 12, 31) + 2, knownAt: undefined };
    const whole = [...changeEntries(history, from, to, knownAt)];
    expect(whole.some((entry) => entry.key.tie > 0)).toBe(true);
    expect(whole.some((entry) => entry.change.date.latest.startsWith('10000-'))).toBe(true);
    for (let i = 0; i < whole.length; i += 37) {
      const next = changeEntries(history, from, to, knownAt, whole[i]!.key)[Symbol.iterator]().next();
      expect(next.done ? undefined : next.value.change).toEqual(whole[i + 1]?.change);
    }
  });
});
