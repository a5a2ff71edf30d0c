import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDate } from '../../events/dates.js';
import { replay } from '../../src/audit/replay.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/**
 * Given a history with later appends, a correction and a retraction, when the log is
 * replayed, then the entity's state after each of its events equals the API's answer
 * with knownAtPosition at that event's position, on the same valid day.
 */
let api: TestServer;
const positions: string[] = [];
const DAY = '2024-06-30';

beforeAll(async () => {
  api = await startTestServer();
  const post = async (body: unknown) => {
    const answer = await api.post('/developments', body);
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    positions.push(answer.body.position);
    return answer.body as { eventId: string; position: string };
  };
  positions.push('36'); // the seed
  await post({ type: 'OrganisationRegistered', organisationId: 'adb', name: 'Asian Development Bank' });
  const joined = await post({ type: 'MemberJoined', groupId: 'iag-tvet', organisationId: 'adb', on: '2024-01' });
  await post({ type: 'MemberLeft', groupId: 'iag-tvet', organisationId: 'oecd', on: '2024-03-01' });
  const corrected = await post({ type: 'DevelopmentCorrected', entity: 'group:iag-tvet', correctsEventId: joined.eventId, changes: { on: '2024-09' }, reason: 'joined in September' });
  await post({ type: 'DevelopmentRetracted', entity: 'group:iag-tvet', retractsEventId: corrected.eventId, reason: 'January was right after all' });
});
afterAll(() => api.close());

describe('replay to a position = the API with knownAtPosition there', () => {
  it('gives the same group state after every event that touched the group', async () => {
    const day = parseDate(DAY).hi;
    const seen: string[] = [];
    for await (const event of replay(api.server.store, { entity: { category: 'group', id: 'iag-tvet' } }, { stateDay: day })) {
      const answer = await api.get(`/entities/group/iag-tvet?at=${DAY}&knownAtPosition=${event.position}&minPosition=${positions.at(-1)}`);
      expect(answer.status).toBe(200);
      expect(answer.body.asOf.position).toBe(event.position);
      expect(JSON.parse(JSON.stringify(event.state)), `position ${event.position}`).toEqual(answer.body.entity);
      seen.push(event.position);
    }
    // The history's own developments (the join, its correction and retraction, the leave) are among them.
    expect(seen).toEqual(expect.arrayContaining(positions.slice(2)));
  });

  it('to a position, ends with the state the API gives at the last event replayed', async () => {
    const day = parseDate(DAY).hi;
    for (const position of positions) {
      let last: { position: string; state?: unknown } | undefined;
      for await (const event of replay(api.server.store, { until: BigInt(position), entity: { category: 'group', id: 'iag-tvet' } }, { stateDay: day })) last = event;
      const answer = await api.get(`/entities/group/iag-tvet?at=${DAY}&knownAtPosition=${last!.position}`);
      expect(JSON.parse(JSON.stringify(last!.state)), `until ${position}`).toEqual(answer.body.entity);
    }
  });
});
