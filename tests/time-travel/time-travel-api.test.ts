import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Answer, type TestServer } from '../support/test-server.js';

/**
 * Time travel through the HTTP API: two time axes on every read (`at`, and `knownAt` or
 * `knownAtPosition`), corrections and retractions as events, and answers that repeat
 * forever when asked again with the position they reported.
 */

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer({ seed: false });
});
afterAll(() => api.close());

async function record(development: Record<string, unknown>): Promise<Answer> {
  const answer = await api.post('/developments', development);
  if (answer.status !== 201) throw new Error(`${development.type} was refused: ${JSON.stringify(answer.body)}`);
  return answer;
}

const members = (answer: Answer) => (answer.body.entity.members as { organisationId: string; since: string; certainty: string }[]).map((m) => [m.organisationId, m.since, m.certainty]);

describe('time travel over HTTP', () => {
  let joinId: string;
  let beforeCorrection: string;

  it('given a group and a member, answers on a valid date as known now', async () => {
    await record({ type: 'OrganisationRegistered', organisationId: 'ilo', name: 'International Labour Organization' });
    await record({ type: 'OrganisationRegistered', organisationId: 'unesco', name: 'UNESCO' });
    await record({ type: 'GroupFormed', groupId: 'iag', name: 'Interagency group', kind: 'interagency-group', formedOn: '2008' });
    joinId = (await record({ type: 'MemberJoined', groupId: 'iag', organisationId: 'ilo', on: '2010-03-01' })).body.eventId;
    const answer = await api.get('/entities/group/iag?at=2015-01-01');
    expect(members(answer)).toEqual([['ilo', '2010-03-01', 'certain']]);
    expect(answer.body.asOf).toMatchObject({ at: '2015-01-01', position: '4', latest: true });
    beforeCorrection = answer.body.asOf.position;
  });

  it('when the join date is corrected, answers with the correction, and with the original as known before it', async () => {
    const correction = await api.post('/developments', {
      type: 'DevelopmentCorrected',
      entity: 'group:iag',
      correctsEventId: joinId,
      changes: { on: '2016' },
      reason: 'the minutes of 2016 record the accession',
    });
    expect(correction.status).toBe(201);
    expect(correction.body).toMatchObject({ stream: 'group-iag', revision: 2 });
    const now = await api.get(`/entities/group/iag?at=2015-01-01&minPosition=${correction.body.position}`);
    expect(members(now)).toEqual([]);
    const then = await api.get(`/entities/group/iag?at=2015-01-01&knownAtPosition=${beforeCorrection}`);
    expect(members(then)).toEqual([['ilo', '2010-03-01', 'certain']]);
    expect(then.body.asOf).toMatchObject({ position: beforeCorrection, latest: false });
  });

  it('shows the corrected item on the timeline with its history: original, correction, who, when, why', async () => {
    const timeline = await api.get('/timeline?entity=group:iag&types=MemberJoined');
    const [item] = timeline.body.items;
    expect(item).toMatchObject({ eventId: joinId, date: { text: '2016', precision: 'year' }, data: { on: '2016' } });
    expect(item.history.map((h: { kind: string; recordedBy: string; reason: string | null }) => [h.kind, h.recordedBy, h.reason])).toEqual([
      ['original', 'test-editor', null],
      ['correction', 'test-editor', 'the minutes of 2016 record the accession'],
    ]);
    expect(item.history[1].recordedAt).toEqual(expect.any(String));
    const before = await api.get(`/timeline?entity=group:iag&types=MemberJoined&knownAtPosition=${beforeCorrection}`);
    expect(before.body.items[0]).toMatchObject({ eventId: joinId, date: { text: '2010-03-01' } });
    expect(before.body.items[0].history).toBeUndefined();
  });

  it('repeats an answer forever by knownAtPosition, whatever is appended, corrected or retracted later', async () => {
    const url = `/state?at=2017-06-01&knownAtPosition=${beforeCorrection}`;
    const first = await api.get(url);
    const second = await record({ type: 'MemberJoined', groupId: 'iag', organisationId: 'unesco', on: '2017' });
    const correctionOfCorrection = await record({
      type: 'DevelopmentCorrected',
      entity: 'group:iag',
      correctsEventId: joinId,
      changes: { on: '2016-05' },
      reason: 'the month is in the minutes',
    });
    await record({ type: 'DevelopmentRetracted', entity: 'group:iag', retractsEventId: second.body.eventId, reason: 'confused with another group' });
    const again = await api.get(`${url}&minPosition=${correctionOfCorrection.body.position}`);
    expect(again.body).toEqual(first.body);
    const head = await api.get('/entities/group/iag?at=2017-06-01');
    expect(members(head)).toEqual([['ilo', '2016-05', 'certain']]);
  });

  it('answers a retracted correction with the development as it was before that correction', async () => {
    const timeline = await api.get('/timeline?entity=group:iag&types=MemberJoined');
    const corrections = timeline.body.items[0].history.filter((h: { kind: string }) => h.kind === 'correction');
    await record({ type: 'DevelopmentRetracted', entity: 'group:iag', retractsEventId: corrections[1].eventId, reason: 'the minutes were misread' });
    const head = await api.get('/entities/group/iag?at=2017-06-01');
    expect(members(head)).toEqual([['ilo', '2016', 'certain']]);
  });

  it('turns knownAt into the longest log prefix recorded by then; past the newest event it answers as of the head', async () => {
    const early = await api.get('/state?at=2020&knownAt=2000-01-01T00:00:00Z');
    expect(early.status).toBe(200);
    expect(early.body.state.groups).toEqual([]);
    expect(early.body.asOf).toMatchObject({ position: null, knownAt: null, latest: false });
    const late = await api.get('/state?at=2020&knownAt=2999-01-01T00:00:00Z');
    const head = await api.get('/state?at=2020');
    expect(late.body).toEqual(head.body);
    expect(late.body.asOf.latest).toBe(true);
    // The recorded time an answer reflects, passed back, reflects the same position.
    const known = await api.get(`/state?at=2020&knownAtPosition=3`);
    const byTime = await api.get(`/state?at=2020&knownAt=${encodeURIComponent(known.body.asOf.knownAt)}`);
    expect(BigInt(byTime.body.asOf.position)).toBeGreaterThanOrEqual(3n);
    expect(byTime.body.state.groups.map((g: { id: string }) => g.id)).toEqual(['iag']);
  });

  it('refuses both recorded-time parameters at once, and a malformed one, naming the parameter', async () => {
    const both = await api.get('/state?knownAt=2025-01-01T00:00:00Z&knownAtPosition=3');
    expect(both.status).toBe(400);
    expect(both.headers.get('content-type')).toContain('application/problem+json');
    expect(both.body.errors).toEqual([{ parameter: 'knownAtPosition', message: 'give either knownAt or knownAtPosition, not both' }]);
    const malformed = await api.get('/timeline?knownAt=yesterday');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].parameter).toBe('knownAt');
  });

  it('an entity not yet registered at the asked position is 404 and says as known when', async () => {
    const answer = await api.get('/entities/group/iag?knownAtPosition=2');
    expect(answer.status).toBe(404);
    expect(answer.body.detail).toContain('as known at position 2');
  });

  it('refuses a correction of an identity field, naming the field, and writes nothing', async () => {
    const before = await api.server.store.headPosition();
    const answer = await api.post('/developments', { type: 'DevelopmentCorrected', entity: 'group:iag', correctsEventId: joinId, changes: { organisationId: 'unesco' }, reason: 'wrong member' });
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({ code: 'identity-field', errors: [{ pointer: '/changes/organisationId' }] });
    expect(await api.server.store.headPosition()).toBe(before);
  });

  it('refuses a correction that breaks a rule of the stream (joining before the group was formed)', async () => {
    const answer = await api.post('/developments', { type: 'DevelopmentCorrected', entity: 'group:iag', correctsEventId: joinId, changes: { on: '2001' }, reason: 'typo' });
    expect(answer.status).toBe(422);
    expect(answer.body.errors[0].pointer).toBe('/changes/on');
  });

  it('refuses to retract a registration others refer to', async () => {
    const timeline = await api.get('/timeline?entity=organisation:ilo&types=OrganisationRegistered');
    const answer = await api.post('/developments', { type: 'DevelopmentRetracted', entity: 'organisation:ilo', retractsEventId: timeline.body.items[0].eventId, reason: 'duplicate' });
    expect(answer.status).toBe(422);
    expect(answer.body.code).toBe('registration-in-use');
  });

  it('lists what changed between two valid dates, each change with its event and certainty', async () => {
    const answer = await api.get('/changes?from=2009-12-31&to=2016-12-31');
    expect(answer.status).toBe(200);
    expect(answer.body.changes).toEqual([{ kind: 'member-joined', entity: 'group:iag', related: 'organisation:ilo', date: { text: '2016', earliest: '2016-01-01', latest: '2016-12-31', precision: 'year' }, certainty: 'certain', eventId: joinId }]);
    const before = await api.get(`/changes?from=2009-12-31&to=2016-12-31&knownAtPosition=${beforeCorrection}`);
    expect(before.body.changes.map((c: { kind: string; date: { text: string } }) => [c.kind, c.date.text])).toEqual([['member-joined', '2010-03-01']]);
    const formed = await api.get('/changes?from=2008-06-01&to=2009-01-01');
    expect(formed.body.changes).toMatchObject([{ kind: 'group-formed', entity: 'group:iag', certainty: 'possible' }]);
    const backwards = await api.get('/changes?from=2010&to=2009');
    expect(backwards.status).toBe(400);
  });
});

describe('the seed data set, travelling in valid time', () => {
  let seeded: TestServer;
  beforeAll(async () => {
    seeded = await startTestServer();
  });
  afterAll(() => seeded.close());

  const groupOn = async (at: string) => (await seeded.get(`/entities/group/iag-tvet?at=${at}`)).body.entity;

  it('on 2008-06-01 the interagency group and its members are possible (formed some day of 2008; members shown only as of December 2023)', async () => {
    const group = await groupOn('2008-06-01');
    expect(group.existence).toBe('possible');
    expect(group.members.length).toBeGreaterThan(0);
    expect(group.members.every((m: { certainty: string }) => m.certainty === 'possible')).toBe(true);
  });

  it('on 2023-12-31 the group and its eight members are certain', async () => {
    const group = await groupOn('2023-12-31');
    expect(group.existence).toBe('certain');
    expect(group.members).toHaveLength(8);
    expect(group.members.every((m: { certainty: string }) => m.certainty === 'certain')).toBe(true);
  });

  it('the Cedefop-ETF framework of cooperation 2024-26 is in force on 2024-03-01 and 2025-06-01, not on 2023-06-01', async () => {
    const inForce = async (at: string) => (await seeded.get(`/entities/agreement/cedefop-etf-framework-2024-2026?at=${at}`)).body.entity.inForceCertainty;
    expect(await inForce('2024-03-01')).toBe('certain');
    expect(await inForce('2025-06-01')).toBe('certain');
    expect(await inForce('2023-06-01')).toBeNull();
  });
});
