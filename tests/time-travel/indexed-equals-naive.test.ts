import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { definitionOf } from '../../events/catalogue.js';
import { decodeEvent, type ConcordEvent } from '../../events/decode-event.js';
import { dayFromParts, isoDay } from '../../events/dates.js';
import { entityKey, streamOf, type EntityRef } from '../../events/identifiers.js';
import { ReadModels } from '../../projections/read-models.js';
import { effectiveDevelopments } from '../../src/domain/amendments.js';
import type { RecordedEvent } from '../../src/store/event-store.js';

/**
 * The indexed read models against a naive fold: for random histories (random imprecise
 * dates, random arrival order, corrections of developments and of corrections,
 * retractions of both), the answer for any (valid day, knownAtPosition) equals read
 * models folded from scratch out of exactly the developments known at that position,
 * as corrected by then.
 */

type Data = Record<string, unknown>;

const ORGS = ['o1', 'o2', 'o3'];
const PEOPLE = ['p1', 'p2'];
const GROUPS = ['g1', 'g2'];

/** Random imprecise dates between 2000 and 2010 in every syntax the foundation accepts. */
const dateText = fc.oneof(
  fc.integer({ min: 2000, max: 2010 }).map(String),
  fc.tuple(fc.integer({ min: 2000, max: 2010 }), fc.integer({ min: 1, max: 12 })).map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`),
  fc.tuple(fc.integer({ min: 2000, max: 2010 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 })).map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
  fc.tuple(fc.integer({ min: 2000, max: 2005 }), fc.integer({ min: 0, max: 5 })).map(([y, span]) => `${y}/${y + span}`),
  fc.integer({ min: 2000, max: 2010 }).map((y) => `../${y}-06-30`),
);

const pick = <T>(items: readonly T[]) => fc.constantFrom(...items);

/** Each development template with the field holding its date (the one corrections change). */
const development: fc.Arbitrary<{ type: string; data: Data; dateField: string }> = fc.oneof(
  fc.tuple(pick(ORGS), fc.option(dateText, { nil: undefined })).map(([o, founded]) => ({ type: 'OrganisationRegistered', data: { organisationId: o, name: `Org ${o}`, ...(founded && { foundedOn: founded }) }, dateField: 'foundedOn' })),
  fc.tuple(pick(ORGS), dateText, fc.integer({ min: 1, max: 3 })).map(([o, on, n]) => ({ type: 'OrganisationRenamed', data: { organisationId: o, name: `Org ${o} v${n}`, on }, dateField: 'on' })),
  pick(PEOPLE).map((p) => ({ type: 'PersonRegistered', data: { personId: p, name: `Person ${p}` }, dateField: 'name' })),
  fc.tuple(pick(ORGS), pick(PEOPLE), dateText).map(([o, p, from]) => ({ type: 'PostHolderAppointed', data: { organisationId: o, personId: p, post: 'Director', from }, dateField: 'from' })),
  fc.tuple(pick(ORGS), pick(PEOPLE), dateText).map(([o, p, on]) => ({ type: 'PostHolderLeft', data: { organisationId: o, personId: p, post: 'Director', on }, dateField: 'on' })),
  fc.tuple(pick(GROUPS), dateText).map(([g, formedOn]) => ({ type: 'GroupFormed', data: { groupId: g, name: `Group ${g}`, kind: 'working-group', formedOn, ...(g === 'g2' && { parentGroupId: 'g1' }) }, dateField: 'formedOn' })),
  fc.tuple(pick(GROUPS), dateText).map(([g, on]) => ({ type: 'GroupDissolved', data: { groupId: g, on }, dateField: 'on' })),
  fc.tuple(pick(GROUPS), pick(ORGS), dateText).map(([g, o, on]) => ({ type: 'MemberJoined', data: { groupId: g, organisationId: o, on }, dateField: 'on' })),
  fc.tuple(pick(GROUPS), pick(ORGS), dateText).map(([g, o, on]) => ({ type: 'MemberLeft', data: { groupId: g, organisationId: o, on }, dateField: 'on' })),
  fc.tuple(pick(GROUPS), pick(PEOPLE), dateText).map(([g, p, from]) => ({ type: 'ChairNamed', data: { target: { kind: 'group', id: g }, personId: p, role: 'chair', from }, dateField: 'from' })),
  fc.tuple(pick(GROUPS), pick(PEOPLE), dateText).map(([g, p, on]) => ({ type: 'ChairEnded', data: { target: { kind: 'group', id: g }, personId: p, on }, dateField: 'on' })),
  fc.tuple(pick(['a1', 'a2']), dateText, fc.option(dateText, { nil: undefined }), fc.option(dateText, { nil: undefined })).map(([a, signedOn, validFrom, validUntil]) => ({
    type: 'AgreementSigned',
    data: { agreementId: a, title: `Agreement ${a}`, parties: ['o1', 'o2'], signedOn, ...(validFrom && { validFrom }), ...(validUntil && { validUntil }), ...(a === 'a2' && { supersedes: 'a1' }) },
    dateField: 'signedOn',
  })),
  fc.tuple(pick(['a1', 'a2']), dateText).map(([a, on]) => ({ type: 'AgreementEnded', data: { agreementId: a, on }, dateField: 'on' })),
  fc.tuple(dateText).map(([on]) => ({ type: 'MeetingHeld', data: { meetingId: 'm1', title: 'Plenary', kind: 'meeting', on, groupId: 'g1', participants: ['o3'] }, dateField: 'on' })),
);

/** An amendment step: correct (or retract) the n-th event recorded so far. */
const amendment = fc.record({ kind: fc.constantFrom('correct', 'retract'), target: fc.nat(), newDate: dateText });

const history = fc.array(fc.oneof({ weight: 3, arbitrary: development.map((d) => ({ step: 'develop' as const, ...d })) }, { weight: 1, arbitrary: amendment.map((a) => ({ step: 'amend' as const, ...a })) }), { minLength: 1, maxLength: 40 });

type Step = typeof history extends fc.Arbitrary<(infer S)[]> ? S : never;

function idOf(i: number): string {
  return `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`;
}

/** Builds the log: positions 1..n; amendments pick a live earlier event of any kind. */
function logOf(steps: Step[]): ConcordEvent[] {
  const recorded: RecordedEvent[] = [];
  const meta = new Map<string, { subject: EntityRef; dateField: string; type: string; retracted: boolean }>();
  const push = (type: string, data: Data) => {
    const subject = definitionOf(type)!.subject(data);
    const i = recorded.length;
    recorded.push({
      eventId: idOf(i),
      stream: streamOf(subject),
      revision: 0,
      position: BigInt(i + 1),
      type,
      data,
      metadata: { recordedAt: new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString(), recordedBy: 'test', correlationId: 'c', causationId: null, schemaVersion: 1 },
    });
    return idOf(i);
  };
  const rootOf = new Map<string, string>();
  for (const step of steps) {
    if (step.step === 'develop') {
      const id = push(step.type, step.data);
      meta.set(id, { subject: definitionOf(step.type)!.subject(step.data), dateField: step.dateField, type: step.type, retracted: false });
      continue;
    }
    const live = [...meta.entries()].filter(([, m]) => !m.retracted && m.type !== 'DevelopmentRetracted');
    if (live.length === 0) continue;
    const [targetId, target] = live[step.target % live.length]!;
    const root = meta.get(rootOf.get(targetId) ?? targetId)!;
    if (root.retracted) continue;
    if (step.kind === 'retract') {
      push('DevelopmentRetracted', { entity: entityKey(target.subject), retractsEventId: targetId, reason: 'wrong' });
      target.retracted = true;
      continue;
    }
    if (root.type === 'PersonRegistered') continue; // nothing dated to correct
    const id = push('DevelopmentCorrected', { entity: entityKey(target.subject), correctsEventId: targetId, changes: { [root.dateField]: step.newDate }, reason: 'better source' });
    rootOf.set(id, rootOf.get(targetId) ?? targetId);
    meta.set(id, { subject: target.subject, dateField: root.dateField, type: 'DevelopmentCorrected', retracted: false });
  }
  return recorded.map(decodeEvent);
}

/** The naive answer: read models folded afresh from the developments known at `position`, as corrected then. */
function naiveAt(events: readonly ConcordEvent[], position: bigint): ReadModels {
  const known = events.filter((e) => e.position <= position);
  const byId = new Map(known.map((e) => [e.eventId, e]));
  const models = new ReadModels();
  for (const { eventId, development } of effectiveDevelopments(known)) models.apply({ ...byId.get(eventId)!, development });
  return models;
}

const REFS: EntityRef[] = [
  ...ORGS.map((id) => ({ category: 'organisation' as const, id })),
  ...PEOPLE.map((id) => ({ category: 'person' as const, id })),
  ...GROUPS.map((id) => ({ category: 'group' as const, id })),
  { category: 'agreement', id: 'a1' },
  { category: 'agreement', id: 'a2' },
  { category: 'meeting', id: 'm1' },
];

/**
 * Timeline items known at a position, by event id: their order is compared in the
 * timeline tests, because an open start ("../B") is ordered by its entities' starts as
 * known now (a sort key), not as known at the position.
 */
const timelineOf = (models: ReadModels, maxPosition: bigint) =>
  models
    .timeline({ limit: 500, maxPosition })
    .items.map((i) => ({ eventId: i.eventId, date: i.date, data: i.data }))
    .sort((a, b) => (a.eventId < b.eventId ? -1 : 1));

describe('indexed time travel equals a naive fold of the known log', () => {
  it('for random histories, arrival orders, corrections and retractions, at any (valid day, knownAtPosition)', () => {
    const day = fc.integer({ min: dayFromParts(1999, 1, 1), max: dayFromParts(2012, 12, 31) });
    fc.assert(
      fc.property(history, fc.array(fc.tuple(fc.nat(), day, day), { minLength: 1, maxLength: 4 }), (steps, questions) => {
        const events = logOf(steps);
        const indexed = new ReadModels();
        for (const event of events) indexed.apply(event);
        for (const [p, d1, d2] of questions) {
          const position = BigInt(p % (events.length + 1));
          const naive = naiveAt(events, position);
          expect(indexed.state(d1, position)).toEqual(naive.state(d1));
          for (const ref of REFS) expect(indexed.entity(ref, d2, position)).toEqual(naive.entity(ref, d2));
          const [from, to] = d1 <= d2 ? [d1, d2] : [d2, d1];
          expect(indexed.changes(from, to, position)).toEqual(naive.changes(from, to));
          expect(timelineOf(indexed, position)).toEqual(timelineOf(naive, position));
          // A page from a valid day (entered by binary search) equals filtering the whole timeline.
          const range = { text: '', lo: from, hi: from, precision: 'day' as const };
          const whole = indexed.timeline({ limit: 500, maxPosition: position }).items.filter((i) => i.date !== null && (i.date.latest >= isoDay(from)));
          expect(indexed.timeline({ from: range, limit: 500, maxPosition: position }).items).toEqual(whole);
        }
        // The head (no position) is the whole log as corrected.
        const head = naiveAt(events, BigInt(events.length));
        expect(indexed.state(questions[0]![1])).toEqual(head.state(questions[0]![1]));
      }),
      { numRuns: 300 },
    );
  });
});
