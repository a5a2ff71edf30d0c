import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer();
});
afterAll(() => api.close());

describe('the seed data set, loaded into an empty store at start', () => {
  it('holds every development of the article, each with a source quoting it', async () => {
    const events = await api.server.store.readAll();
    expect(events).toHaveLength(36);
    expect(api.server.seeded).toBe(36);
    for (const event of events) {
      const sources = (event.data as { sources?: { quote?: string; title?: string }[] }).sources;
      expect(sources?.[0]?.quote, `${event.type} in ${event.stream}`).toBeTruthy();
      expect((event.metadata as { recordedBy: string }).recordedBy).toBe('seed');
    }
  });

  it('serves the group timeline in date order', async () => {
    const answer = await api.get('/timeline?entity=group:iag-tvet');
    expect(answer.status).toBe(200);
    const items = answer.body.items as { type: string; date: { text: string } | null; summary: string }[];
    expect(items[0]).toMatchObject({ type: 'GroupFormed', date: { text: '2008' } });
    expect(items.filter((i) => i.type === 'MemberJoined')).toHaveLength(8);
    expect(items.at(-1)).toMatchObject({ type: 'MeetingHeld', date: { text: '2023-12-07' } });
    expect(answer.body.asOf).toMatchObject({ position: '36', caughtUp: true, at: null });
  });

  it('answers the group on 2023-12-31 with its members, working groups and the meeting co-chairs', async () => {
    const answer = await api.get('/entities/group/iag-tvet?at=2023-12-31');
    expect(answer.status).toBe(200);
    const group = answer.body.entity;
    expect(group.members.map((m: { organisationId: string }) => m.organisationId).sort()).toEqual(
      ['cedefop', 'etf', 'european-commission', 'ilo', 'oecd', 'unesco', 'unevoc', 'world-bank'].sort(),
    );
    expect(group.members.every((m: { certainty: string }) => m.certainty === 'certain')).toBe(true);
    expect(group.workingGroups).toHaveLength(4);
    const meeting = group.meetings.find((m: { meetingId: string }) => m.meetingId === 'iag-tvet-meeting-2023-12-07');
    expect(meeting.chairs.map((c: { personId: string; role: string; onBehalfOf: string }) => [c.personId, c.role, c.onBehalfOf])).toEqual([
      ['herve-huot-marchand', 'co-chair', 'unesco'],
      ['loukas-zahilas', 'co-chair', 'cedefop'],
    ]);
    expect(answer.body.asOf).toEqual({ at: '2023-12-31', knownAt: expect.any(String), position: '36', caughtUp: true, latest: true });
  });

  it('shows the members only as possible in 2008, when the article gives no join dates', async () => {
    const group = (await api.get('/entities/group/iag-tvet?at=2008-06-01')).body.entity;
    expect(group.existence).toBe('possible');
    expect(group.members.length).toBe(8);
    expect(group.members.every((m: { certainty: string }) => m.certainty === 'possible')).toBe(true);
    expect((await api.get('/entities/group/iag-tvet?at=2007-12-31')).body.entity.members).toEqual([]);
  });

  it('has the 2024-26 framework of cooperation in force in 2024-2026 only', async () => {
    const inForce = async (at: string) => (await api.get(`/entities/agreement/cedefop-etf-framework-2024-2026?at=${at}`)).body.entity.inForce;
    expect(await inForce('2023-06-01')).toBe(false);
    expect(await inForce('2024-03-01')).toBe(true);
    expect(await inForce('2025-06-01')).toBe(true);
    expect(await inForce('2026-12-31')).toBe(true);
    expect(await inForce('2027-01-01')).toBe(false);
  });

  it('answers the whole state on a date', async () => {
    const answer = await api.get('/state?at=2023-12-31');
    expect(answer.status).toBe(200);
    expect(answer.body.state.organisations).toHaveLength(8);
    expect(answer.body.state.people).toHaveLength(4);
    expect(answer.body.state.agreements.map((a: { id: string }) => a.id).sort()).toEqual(['cedefop-etf-agreement-2001', 'cedefop-etf-framework-2024-2026']);
    expect(answer.body.asOf.at).toBe('2023-12-31');
  });

  it('defaults `at` to today (UTC)', async () => {
    const answer = await api.get('/entities/organisation/cedefop');
    expect(answer.body.asOf.at).toBe(new Date().toISOString().slice(0, 10));
  });
});

describe('reads: errors', () => {
  it('404 for an unknown entity or category, as problem+json', async () => {
    for (const path of ['/entities/group/no-such-group', '/entities/planet/earth', '/entities/group/Not_A_Slug']) {
      const answer = await api.get(path);
      expect(answer.status).toBe(404);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
    }
  });

  it('400 for bad query parameters, naming each', async () => {
    const answer = await api.get('/timeline?limit=0&at=2023-02-30&types=Nope&colour=blue');
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('invalid-query');
    expect(answer.body.errors.map((e: { parameter: string }) => e.parameter).sort()).toEqual(['at', 'colour', 'limit', 'types']);
    expect((await api.get('/timeline?entity=galaxy:x')).body.errors[0].parameter).toBe('entity');
    expect((await api.get('/state?minPosition=-1')).status).toBe(400);
    expect((await api.get('/timeline?limit=2&limit=3')).status).toBe(400);
  });

  it('400 for a cursor this API did not issue', async () => {
    const forged = Buffer.from(JSON.stringify({ a: { earliestDay: 'x' }, p: '1' })).toString('base64url');
    for (const cursor of ['not-a-cursor', forged]) {
      const answer = await api.get(`/timeline?cursor=${cursor}`);
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('invalid-cursor');
    }
  });
});

describe('timeline paging', () => {
  it('walks the whole timeline in pages with opaque cursors, pinned to the first page', async () => {
    const all = (await api.get('/timeline?limit=500')).body.items.map((i: { eventId: string }) => i.eventId);
    const paged: string[] = [];
    let cursor: string | null = null;
    let first = true;
    do {
      const answer: { body: { items: { eventId: string }[]; nextCursor: string | null } } = await api.get(`/timeline?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      paged.push(...answer.body.items.map((i) => i.eventId));
      cursor = answer.body.nextCursor;
      if (first) {
        // A development appended after the first page must not shift the pages that follow.
        await api.post('/developments', { type: 'PersonRegistered', personId: 'late-comer', name: 'Late Comer' });
        first = false;
      }
    } while (cursor);
    expect(paged).toEqual(all);
  });

  it('filters by type and dates', async () => {
    const answer = await api.get('/timeline?types=AgreementSigned,MeetingHeld&from=2023-12-08');
    expect(answer.body.items.map((i: { type: string; date: { text: string } }) => [i.type, i.date.text])).toEqual([
      ['MeetingHeld', '2023-12-08'],
      ['AgreementSigned', '2023-12-08'],
    ]);
    const upTo2001 = await api.get('/timeline?at=2001-12-31&types=AgreementSigned');
    expect(upTo2001.body.items.map((i: { data: { agreementId: string } }) => i.data.agreementId)).toEqual(['cedefop-etf-agreement-2001']);
    expect(upTo2001.body.asOf.at).toBe('2001-12-31');
  });
});
