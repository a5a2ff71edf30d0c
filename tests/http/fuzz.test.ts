import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVELOPMENT_TYPES } from '../../events/catalogue.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/**
 * Random bodies, headers and query strings on every route: no answer is a 500, every
 * error is problem+json, and a rejected write writes nothing.
 */
let api: TestServer;
beforeAll(async () => {
  api = await startTestServer({ env: { CONCORD_MIN_POSITION_WAIT_MS: '0' } });
});
afterAll(() => api.close());

const headerValue = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('*', '"1"', 'W/"1"', '', ' ', '"', '0', '-1', '99999999999999999999999'));
/** Printable header values only: fetch itself refuses control characters. */
const safeHeader = headerValue.map((v) => v.replace(/[^\x20-\x7e]/g, ''));
const slug = fc.constantFrom('iag-tvet', 'cedefop', 'etf', 'unesco', 'jurgen-siebel', 'x', 'Bad Id', '', 'a'.repeat(70));
const date = fc.constantFrom('2023-12-07', '2008', '../2023-12-07', '2023-02-30', '2024/2023', 'yesterday', '', 2023 as unknown as string);
/** Near-valid developments: right type names, plausible and broken fields mixed. */
const nearDevelopment = fc.record(
  {
    type: fc.oneof(fc.constantFrom(...DEVELOPMENT_TYPES), fc.string({ maxLength: 12 })),
    groupId: slug,
    organisationId: slug,
    personId: slug,
    meetingId: slug,
    agreementId: slug,
    name: fc.oneof(fc.string({ maxLength: 20 }), fc.integer()),
    on: date,
    from: date,
    formedOn: date,
    signedOn: date,
    kind: fc.constantFrom('network', 'working-group', 'meeting', 'nonsense'),
    parties: fc.array(slug, { maxLength: 4 }),
    target: fc.record({ kind: fc.constantFrom('group', 'meeting', 'planet'), id: slug }),
    extra: fc.anything(),
  },
  { requiredKeys: [] },
);
const body = fc.oneof(nearDevelopment, fc.jsonValue(), fc.string({ maxLength: 60 }));

async function head(): Promise<bigint | undefined> {
  return api.server.store.headPosition();
}

function expectWellFormed(answer: { status: number; headers: Headers; body: unknown }) {
  expect(answer.status).toBeLessThan(500);
  if (answer.status >= 400) {
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(answer.body).toMatchObject({ status: answer.status, code: expect.any(String) });
  }
}

describe('fuzzing every route', () => {
  it('POST /developments: no 500, and nothing written on any rejected request', async () => {
    await fc.assert(
      fc.asyncProperty(
        body,
        fc.record({ 'Idempotency-Key': safeHeader, 'If-Match': safeHeader, 'X-Correlation-Id': safeHeader, 'Content-Type': fc.constantFrom('application/json', 'text/plain', 'application/problem+json') }, { requiredKeys: [] }),
        fc.constantFrom('anonymous', 'reader', 'editor', 'admin') as fc.Arbitrary<'anonymous' | 'reader' | 'editor' | 'admin'>,
        async (payload, headers, as) => {
          const before = await head();
          const answer = await api.post('/developments', typeof payload === 'string' ? payload : JSON.stringify(payload), headers, as);
          expectWellFormed(answer);
          if (answer.status >= 400) expect(await head()).toBe(before);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('GET reads with random query strings and headers: no 500', async () => {
    const params = fc.dictionary(fc.constantFrom('at', 'from', 'to', 'entity', 'types', 'limit', 'cursor', 'minPosition', 'lastEventId', 'x'), fc.string({ maxLength: 30 }), { maxKeys: 4 });
    const path = fc.constantFrom('/timeline', '/state', '/entities/group/iag-tvet', '/entities/organisation/nope', '/entities/planet/x', '/entities/group/', '/nowhere');
    await fc.assert(
      fc.asyncProperty(path, params, fc.record({ Authorization: safeHeader, 'X-Correlation-Id': safeHeader }, { requiredKeys: [] }), async (p, query, headers) => {
        const answer = await api.get(`${p}?${new URLSearchParams(query).toString()}`, headers);
        expectWellFormed(answer);
      }),
      { numRuns: 1000 },
    );
  });
});
