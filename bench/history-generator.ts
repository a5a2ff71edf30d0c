import type { Development as Recorded } from '../events/catalogue.js';
import { contentEventId } from '../src/recording/event-ids.js';
import { Prng } from './prng.js';

/**
 * A deterministic synthetic collaboration history for benchmarks: organisations,
 * people, groups with working groups, memberships, chairs, meetings, agreements,
 * renames, posts and statements, with imprecise dates (days, months, years, open
 * starts) and valid dates drawn independently of file order, so most developments are
 * backfilled out of valid-time order; about 1% of developments are corrections (of a
 * statement's date or a rename's name) and 0.2% retractions (of a statement), each
 * naming its target by the content id `concord import` gives it. Every development is
 * valid in file order, so `concord import` accepts the whole file.
 *
 * Scale: at 1,000,000 events about 5,000 organisations, 20,000 people and 2,000
 * groups; the rest are developments among them.
 */
export type Development = Record<string, unknown> & { type: string };

interface GroupFacts {
  id: string;
  formedYear: number;
  members: string[];
  memberSince: Map<string, number>;
  chairs: { personId: string; year: number }[];
  /** Everyone who ever chaired it: a second tenure would need dates after the first. */
  everChaired: Set<string>;
  meetings: { id: string; on: string; year: number; chairs: Set<string> }[];
}

const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

export function generateHistory(events: number, seed = 20231207): Development[] {
  const rnd = new Prng(seed);
  const out: Development[] = [];
  const orgCount = Math.max(10, Math.round(events / 200));
  const personCount = Math.max(20, Math.round(events / 50));
  const groupCount = Math.max(4, Math.round(events / 500));

  /** A date in `year`, at a random precision: day 60%, month 20%, year 15%, open start 5%. */
  const imprecise = (year: number): string => {
    const r = rnd.next();
    const m = rnd.int(1, 12);
    const d = rnd.int(1, 28);
    if (r < 0.6) return iso(year, m, d);
    if (r < 0.8) return `${year}-${String(m).padStart(2, '0')}`;
    if (r < 0.95) return String(year);
    return `../${iso(year, m, d)}`;
  };
  const day = (year: number) => iso(year, rnd.int(1, 12), rnd.int(1, 28));

  const orgs: string[] = [];
  for (let i = 0; i < orgCount; i++) {
    const id = `org-${i}`;
    orgs.push(id);
    out.push({ type: 'OrganisationRegistered', organisationId: id, name: `Organisation ${i}`, acronym: `O${i}`, classification: rnd.pick(['agency', 'ngo', 'ministry', 'network']), ...(rnd.chance(0.7) ? { foundedOn: String(rnd.int(1950, 1990)) } : {}) });
  }
  const people: string[] = [];
  for (let i = 0; i < personCount; i++) {
    const id = `person-${i}`;
    people.push(id);
    out.push({ type: 'PersonRegistered', personId: id, name: `Person ${i}` });
  }
  const groups: GroupFacts[] = [];
  for (let i = 0; i < groupCount; i++) {
    const parent = i >= 4 && rnd.chance(0.25) ? rnd.pick(groups.filter((g) => g.formedYear < 2012)) : undefined;
    const formedYear = parent ? rnd.int(parent.formedYear + 1, 2013) : rnd.int(1995, 2010);
    const g: GroupFacts = { id: `group-${i}`, formedYear, members: [], memberSince: new Map(), chairs: [], everChaired: new Set(), meetings: [] };
    groups.push(g);
    out.push({
      type: 'GroupFormed', groupId: g.id, name: `Group ${i}`, kind: parent ? 'working-group' : rnd.pick(['interagency-group', 'partnership', 'network']),
      ...(parent ? { parentGroupId: parent.id } : { convenedBy: rnd.pick(orgs) }), formedOn: rnd.chance(0.5) ? String(formedYear) : day(formedYear),
    });
  }

  const posts = new Map<string, number>(); // "org|person|post" → appointed year, while held
  const everHeld = new Set<string>(); // a second tenure would need dates after the first
  const agreements: { id: string; year: number; ended: boolean }[] = [];
  let meetings = 0;
  let statements = 0;
  /** Developments that may still be amended, with the id import gives them; each is amended once at most. */
  const amendable: { entity: string; eventId: string; field: 'on' | 'name' }[] = [];
  const idOf = ({ type, ...data }: Development) => contentEventId({ type, data } as Recorded);
  /** Takes one out (the last in its place: the pool holds about a sixth of a million-event history). */
  const takeAmendable = (index: number) => {
    const taken = amendable[index]!;
    amendable[index] = amendable[amendable.length - 1]!;
    amendable.pop();
    return taken;
  };
  const laterYear = (after: number) => rnd.int(after + 1, Math.max(after + 1, 2025));

  const steps: [number, () => boolean][] = [
    [30, () => { // join
      const g = rnd.pick(groups);
      const org = rnd.pick(orgs);
      if (g.memberSince.has(org)) return false;
      const year = rnd.int(g.formedYear + 1, 2025);
      g.memberSince.set(org, year);
      g.members.push(org);
      out.push({ type: 'MemberJoined', groupId: g.id, organisationId: org, on: imprecise(year) });
      return true;
    }],
    [8, () => { // leave: certainly after the join; the organisation does not rejoin
      const g = rnd.pick(groups);
      if (g.members.length === 0) return false;
      const org = g.members.splice(rnd.int(0, g.members.length - 1), 1)[0]!;
      out.push({ type: 'MemberLeft', groupId: g.id, organisationId: org, on: day(laterYear(g.memberSince.get(org)!)) });
      return true;
    }],
    [10, () => { // meeting of a group, hosted by a member or anyone
      const g = rnd.pick(groups);
      const year = rnd.int(g.formedYear + 1, 2025);
      const on = day(year);
      const id = `meeting-${meetings++}`;
      g.meetings.push({ id, on, year, chairs: new Set() });
      const participants = [...new Set(Array.from({ length: rnd.int(2, 5) }, () => rnd.pick(orgs)))];
      out.push({ type: 'MeetingHeld', meetingId: id, title: `Meeting ${id}`, kind: rnd.pick(['meeting', 'seminar', 'conference', 'workshop']), on, groupId: g.id, hostId: rnd.pick(orgs), participants, topics: ['coordination', 'skills'] });
      return true;
    }],
    [8, () => { // meeting co-chair
      const g = rnd.pick(groups);
      const m = g.meetings.at(-1);
      const personId = rnd.pick(people);
      if (!m || m.chairs.has(personId)) return false;
      m.chairs.add(personId);
      out.push({ type: 'ChairNamed', target: { kind: 'meeting', id: m.id }, personId, role: 'co-chair', onBehalfOf: rnd.pick(orgs), from: m.on });
      return true;
    }],
    [14, () => { // statement, half of them at a meeting (on its day)
      const g = rnd.pick(groups);
      const m = rnd.chance(0.5) ? g.meetings.at(-1) : undefined;
      const statement: Development = { type: 'StatementMade', statementId: `statement-${statements++}`, personId: rnd.pick(people), quote: 'Cooperation produces visible results.', on: m ? m.on : imprecise(rnd.int(1995, 2025)), ...(m ? { occasion: m.id } : {}) };
      out.push(statement);
      // A statement at a meeting keeps the meeting's day: only the others' dates are corrected.
      if (!m) amendable.push({ entity: `person:${statement.personId}`, eventId: idOf(statement), field: 'on' });
      return true;
    }],
    [1, () => { // a correction: a statement's date, or a rename's name, from a better source
      if (amendable.length === 0) return false;
      const target = takeAmendable(rnd.int(0, amendable.length - 1));
      const changes = target.field === 'on' ? { on: imprecise(rnd.int(1995, 2025)) } : { name: `Corrected name ${rnd.int(1, 1e6)}` };
      out.push({ type: 'DevelopmentCorrected', entity: target.entity, correctsEventId: target.eventId, changes, reason: 'better source' });
      return true;
    }],
    [0.3, () => { // a retraction: a statement recorded in error
      if (amendable.length === 0) return false;
      const index = rnd.int(0, amendable.length - 1);
      if (amendable[index]!.field !== 'on') return false;
      const target = takeAmendable(index);
      out.push({ type: 'DevelopmentRetracted', entity: target.entity, retractsEventId: target.eventId, reason: 'recorded in error' });
      return true;
    }],
    [8, () => { // post appointed
      const key = `${rnd.pick(orgs)}|${rnd.pick(people)}|${rnd.pick(['Director', 'Head of Unit', 'Expert'])}`;
      if (everHeld.has(key)) return false;
      everHeld.add(key);
      const year = rnd.int(1995, 2024);
      posts.set(key, year);
      const [organisationId, personId, post] = key.split('|');
      out.push({ type: 'PostHolderAppointed', organisationId, personId, post, from: imprecise(year) });
      return true;
    }],
    [3, () => { // post left
      const first = posts.entries().next();
      if (first.done) return false;
      const [key, year] = first.value;
      posts.delete(key);
      const [organisationId, personId, post] = key.split('|');
      out.push({ type: 'PostHolderLeft', organisationId, personId, post, on: day(laterYear(year)) });
      return true;
    }],
    [7, () => { // agreement
      const year = rnd.int(1995, 2024);
      const parties = [...new Set(Array.from({ length: rnd.int(2, 4) }, () => rnd.pick(orgs)))];
      if (parties.length < 2) return false;
      const id = `agreement-${agreements.length}`;
      const previous = agreements.length > 0 && rnd.chance(0.1) ? rnd.pick(agreements) : undefined;
      const validFrom = rnd.int(year, year + 1);
      out.push({
        type: 'AgreementSigned', agreementId: id, title: `Agreement ${id}`, kind: 'cooperation', parties, signatories: [rnd.pick(people)],
        signedOn: imprecise(year), validFrom: String(validFrom), validUntil: String(validFrom + rnd.int(1, 5)), ...(previous && previous.year < year ? { supersedes: previous.id } : {}),
      });
      agreements.push({ id, year, ended: false });
      return true;
    }],
    [2, () => { // agreement ended
      const a = agreements.find((x) => !x.ended && rnd.chance(0.3));
      if (!a) return false;
      a.ended = true;
      out.push({ type: 'AgreementEnded', agreementId: a.id, on: day(laterYear(a.year)), reason: 'replaced' });
      return true;
    }],
    [3, () => { // rename (renames may be backfilled in any order)
      const org = rnd.pick(orgs);
      const rename: Development = { type: 'OrganisationRenamed', organisationId: org, name: `Renamed ${org} ${rnd.int(1, 1e6)}`, on: day(rnd.int(1991, 2025)) };
      out.push(rename);
      amendable.push({ entity: `organisation:${org}`, eventId: idOf(rename), field: 'name' });
      return true;
    }],
    [5, () => { // group chair
      const g = rnd.pick(groups);
      const personId = rnd.pick(people);
      if (g.everChaired.has(personId)) return false;
      g.everChaired.add(personId);
      const year = rnd.int(g.formedYear + 1, 2024);
      g.chairs.push({ personId, year });
      out.push({ type: 'ChairNamed', target: { kind: 'group', id: g.id }, personId, role: rnd.pick(['chair', 'co-chair']), from: day(year) });
      return true;
    }],
    [2, () => { // group chair ended
      const g = rnd.pick(groups);
      const c = g.chairs.shift();
      if (!c) return false;
      out.push({ type: 'ChairEnded', target: { kind: 'group', id: g.id }, personId: c.personId, on: day(laterYear(c.year)) });
      return true;
    }],
  ];
  const total = steps.reduce((s, [w]) => s + w, 0);
  while (out.length < events) {
    let r = rnd.next() * total;
    const step = steps.find(([w]) => (r -= w) < 0) ?? steps[0]!;
    step[1]();
  }
  return out.slice(0, events);
}
