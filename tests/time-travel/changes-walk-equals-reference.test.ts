import { describe, expect, it } from 'vitest';
import { Prng } from '../../bench/prng.js';
import { dayFromParts } from '../../events/dates.js';
import { decodeEvent } from '../../events/decode-event.js';
import { changeEntries, type ChangeKey } from '../../projections/change-entries.js';
import { changesBetween } from '../../projections/changes.js';
import { EntityHistory, entityStateProjection } from '../../projections/entity-state-projection.js';
import { generatedLog } from '../support/generated-log.js';

/**
 * The indexed /changes walk against the reference (changesBetween, which walks the whole
 * history and sorts): for a realistic generated history (backfills, imprecise dates, open
 * starts) with corrections, retractions and restated facts added, every (from, to, knownAt) asked gives
 * the same changes in the same order, and pages walked by key concatenate to the answer.
 */

const events = generatedLog(6000, 7).map(decodeEvent);
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
