import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLog } from '../../src/audit/verify-log.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let api: TestServer;
let joinId: string;
beforeAll(async () => {
  api = await startTestServer({ seed: false });
  await api.post('/developments', { type: 'OrganisationRegistered', organisationId: 'ilo', name: 'ILO' });
  await api.post('/developments', { type: 'GroupFormed', groupId: 'iag', name: 'IAG', kind: 'interagency-group', formedOn: '2008' });
  joinId = (await api.post('/developments', { type: 'MemberJoined', groupId: 'iag', organisationId: 'ilo', on: '2010' })).body.eventId;
});
afterAll(() => api.close());

describe('corrections and retractions in the audit trail', () => {
  it('a correction and a retraction are caused by the event they amend (causationId)', async () => {
    const corrected = await api.post('/developments', { type: 'DevelopmentCorrected', entity: 'group:iag', correctsEventId: joinId, changes: { on: '2011' }, reason: 'minutes of 2011' });
    expect(corrected.status).toBe(201);
    const retracted = await api.post('/developments', { type: 'DevelopmentRetracted', entity: 'group:iag', retractsEventId: corrected.body.eventId, reason: 'the 2010 date was right' });
    expect(retracted.status).toBe(201);
    const stream = await api.server.store.readStream('group-iag');
    expect((stream[2]!.metadata as { causationId: string }).causationId).toBe(joinId);
    expect((stream[3]!.metadata as { causationId: string }).causationId).toBe(corrected.body.eventId);
  });

  it('verify checks every correction pointer and passes when they all resolve', async () => {
    const report = await verifyLog(api.server.store);
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => c.check)).toContain('pointers');
  });
});
