import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { today } from '../../events/dates.js';
import { replay, type ReplayFilter, type ReplayOptions } from '../../src/audit/replay.js';
import { runCli } from '../support/run-cli.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/**
 * Given the API's answers taken while its read models stood at a position, when the log
 * is replayed to that position, then the replay gives the same answers.
 */
let api: TestServer;
let env: Record<string, string>;
const answers: { position: string; entity: unknown }[] = [];

async function entityNow(minPosition?: string) {
  const answer = await api.get(`/entities/organisation/cedefop${minPosition ? `?minPosition=${minPosition}` : ''}`);
  expect(answer.status).toBe(200);
  return { position: answer.body.asOf.position as string, entity: answer.body.entity as unknown };
}

/** The replay the command prints, read in process (the command itself is run below). */
async function replayed(filter: ReplayFilter, options: ReplayOptions = {}): Promise<any[]> {
  const events = [];
  for await (const event of replay(api.server.store, filter, options)) events.push(JSON.parse(JSON.stringify(event)));
  return events;
}

async function replayJson(args: string[]): Promise<any[]> {
  const result = await runCli(['replay', '--json', ...args], env);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return result.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

beforeAll(async () => {
  api = await startTestServer();
  env = { CONCORD_SQLITE_PATH: api.dbPath };
  answers.push(await entityNow());
  const renamed = await api.post('/developments', { type: 'OrganisationRenamed', organisationId: 'cedefop', name: 'European Centre for the Development of Vocational Training', acronym: 'Cedefop', on: '2024-05' }, { 'X-Correlation-Id': 'audit-rename-1' });
  expect(renamed.status).toBe(201);
  answers.push(await entityNow(renamed.body.position));
  const again = await api.post('/developments', { type: 'OrganisationRenamed', organisationId: 'cedefop', name: 'Cedefop', on: '2025-01' });
  expect(again.status).toBe(201);
  answers.push(await entityNow(again.body.position));
});
afterAll(() => api.close());

describe('concord replay', () => {
  it('to each position where the API answered gives that answer as the state after the last event', async () => {
    for (const { position, entity } of answers) {
      const events = await replayed({ until: BigInt(position), entity: { category: 'organisation', id: 'cedefop' } }, { stateDay: today() });
      const last = events.at(-1)!;
      expect(BigInt(last.position)).toBeLessThanOrEqual(BigInt(position));
      expect(last.state).toEqual(entity);
    }
  });

  it('prints who recorded each event, when, and under which correlation id', async () => {
    const events = await replayJson(['--until', answers[1]!.position, '--stream', 'organisation-cedefop', '--state']);
    expect(events).toEqual(await replayed({ until: BigInt(answers[1]!.position), stream: 'organisation-cedefop' }, { stateDay: today() }));
    expect(events.at(-1).state).toEqual(answers[1]!.entity);
    expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => i));
    expect(events[0]).toMatchObject({ recordedBy: 'seed', type: 'OrganisationRegistered', entity: 'organisation:cedefop', importedFrom: { file: 'seed/iag-tvet-2023-12.json' } });
    expect(events.at(-1)).toMatchObject({
      position: answers[1]!.position,
      recordedBy: 'test-editor',
      correlationId: 'audit-rename-1',
      type: 'OrganisationRenamed',
      summary: 'cedefop renamed European Centre for the Development of Vocational Training (Cedefop)',
    });
    expect(Date.parse(events.at(-1)!.recordedAt)).toBeGreaterThan(Date.parse(events[0].recordedAt) - 1);
  });

  it('to a recorded time keeps the events recorded by then', async () => {
    const filter = { types: ['OrganisationRenamed'], entity: { category: 'organisation' as const, id: 'cedefop' } };
    const all = await replayed(filter);
    expect(all.map((e) => e.position)).toEqual([answers[1]!.position, answers[2]!.position]);
    const upToFirst = await replayed({ ...filter, until: new Date(all[0].recordedAt) });
    expect(upToFirst.map((e) => e.position)).toEqual(all[0].recordedAt === all[1].recordedAt ? [all[0].position, all[1].position] : [all[0].position]);
  });

  it('prints one line per event for people, and refuses a malformed bound', async () => {
    const text = await runCli(['replay', '--until', answers[1]!.position, '--stream', 'organisation-cedefop'], env);
    expect(text.code).toBe(0);
    expect(text.stdout.trim().split('\n').at(-1)).toMatch(new RegExp(`^#${answers[1]!.position} \\S+ test-editor OrganisationRenamed organisation:cedefop: cedefop renamed`));
    const bad = await runCli(['replay', '--until', 'yesterday'], env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('a position (digits) or an ISO 8601 time');
  });
});
