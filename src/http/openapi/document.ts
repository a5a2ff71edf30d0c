import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { CORRELATION_ID } from '../request-context.js';
import { registerAuditPaths } from './audit-paths.js';
import { registerOperationsPaths } from './operations-paths.js';
import { correlationIdHeader } from './request-schemas.js';
import { registerReadPaths } from './read-paths.js';
import { SECURITY_SCHEMES } from './security.js';
import { registerWritePaths } from './write-paths.js';

/**
 * The OpenAPI 3.1 document, generated from the zod schemas the routes validate with and
 * the response schemas checked against the code's types.
 *
 * Why @asteasolutions/zod-to-openapi (v9, peer zod ^4) rather than zod 4's own
 * z.toJSONSchema: z.toJSONSchema turns one schema into JSON Schema, but the document also
 * needs parameters (a query object becomes one parameter per field, with `required` from
 * optionality), headers, responses and components with $refs; zod-to-openapi builds all of
 * that from the same schemas, reads zod 4's `.meta()`/`.describe()`, and is maintained
 * for zod 4. Its 3.1 generator emits JSON Schema 2020-12, so the contract test can check
 * answers with ajv's 2020 dialect.
 */

const DESCRIPTION = `Concord records developments of collaboration between organisations as events and answers questions about them on two time axes.

**Valid time** (\`at\`): the date a question is about, default today (UTC). Dates are ranges of whole days: \`2023-12-07\`, \`2023-12\`, \`2023\`, \`A/B\`, \`../B\`.

**Recorded time** (\`knownAt\` timestamp or \`knownAtPosition\` log position, never both): what Concord knew. \`knownAt=T\` answers from the longest prefix of the log recorded at or before T; \`knownAtPosition=P\` from exactly the events up to P. Every answer carries \`asOf\`; passing its \`position\` back as \`knownAtPosition\` gives the same answer forever, whatever is appended, corrected or retracted later. Cursors keep the recorded position of their first page.

**Certainty**: a fact dated by a range started on one unknown day of it. On a day D a start in [lo, hi] is certain if D ≥ hi, possible if lo ≤ D < hi, absent before lo; facts are marked \`certain\` or \`possible\` and those that certainly do not hold are left out. Intervals are half-open at their end events.

**Read your writes**: pass the \`position\` a write answered as \`minPosition\`; the read waits (then 503 position-not-reached).

**Writes**: \`Idempotency-Key\` makes a retry safe; \`If-Match\` with an entity's \`ETag\` appends only if its stream is still at that revision (else 412).

**Errors** are RFC 9457 problems (\`application/problem+json\`) with a stable \`code\`. Every answer carries \`X-Correlation-Id\`.`;

let cached: object | undefined;

export function openApiDocument(): object {
  if (cached) return cached;
  const registry = new OpenAPIRegistry();
  for (const [name, scheme] of Object.entries(SECURITY_SCHEMES)) registry.registerComponent('securitySchemes', name, { ...scheme });
  registerOperationsPaths(registry);
  registerWritePaths(registry);
  registerReadPaths(registry);
  registerAuditPaths(registry);
  cached = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'Concord API', version: '0.1.0', description: DESCRIPTION, license: { name: 'MIT', identifier: 'MIT' } },
    tags: [
      { name: 'Reads', description: 'Answers on two time axes' },
      { name: 'Writes', description: 'Recording developments' },
      { name: 'Audit', description: 'The log as stored, histories, verification' },
      { name: 'Operations', description: 'Probes, metrics and this document' },
    ],
  });
  withCorrelationIdParameter(cached);
  return cached;
}

/**
 * Every route accepts X-Correlation-Id (a middleware reads it before any route), so it is
 * one shared parameter added to each operation rather than repeated in each path file.
 */
function withCorrelationIdParameter(document: object): void {
  const doc = document as { paths?: Record<string, Record<string, { parameters?: unknown[] }>>; components?: { parameters?: Record<string, unknown> } };
  doc.components = { ...doc.components, parameters: { ...doc.components?.parameters, CorrelationId: CORRELATION_ID_PARAMETER } };
  for (const operations of Object.values(doc.paths ?? {})) {
    for (const [method, operation] of Object.entries(operations)) {
      if (!HTTP_METHODS.has(method)) continue;
      operation.parameters = [...(operation.parameters ?? []), { $ref: '#/components/parameters/CorrelationId' }];
    }
  }
}

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

const CORRELATION_ID_PARAMETER = {
  name: 'X-Correlation-Id',
  in: 'header',
  required: false,
  description: correlationIdHeader.description,
  schema: { type: 'string', pattern: CORRELATION_ID.source },
};
