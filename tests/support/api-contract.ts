import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { openApiDocument } from '../../src/http/openapi/document.js';

/**
 * Checks answers against the OpenAPI document: the route and status must be documented,
 * the content type one the document lists, every required header present, every
 * documented header and the body valid against their JSON Schemas (ajv, 2020-12 dialect,
 * with formats). The test harness runs every answer through it, so a test that receives
 * an undocumented answer fails.
 */

type Schema = Record<string, unknown>;
interface HeaderSpec {
  readonly required?: boolean;
  readonly schema?: Schema;
}
interface MediaSpec {
  readonly schema?: Schema;
  readonly 'x-sse-data'?: Schema;
}
interface ResponseSpec {
  readonly headers?: Record<string, HeaderSpec>;
  readonly content?: Record<string, MediaSpec>;
}
interface Operation {
  readonly responses: Record<string, ResponseSpec>;
}
interface Document {
  readonly paths: Record<string, Record<string, Operation>>;
  readonly components: { readonly schemas: Record<string, Schema> };
}

/** An answer as received: the status, the headers, the body as text. */
export interface ReceivedAnswer {
  readonly method: string;
  /** The request path, with or without a query string. */
  readonly url: string;
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
}

export class ContractViolation extends Error {
  constructor(answer: Pick<ReceivedAnswer, 'method' | 'url' | 'status'>, problems: string[]) {
    super(`${answer.method} ${answer.url} → ${answer.status} breaks the OpenAPI document:\n  - ${problems.join('\n  - ')}`);
  }
}

/** What any path answers when no route takes it; one object, so its validator is compiled once. */
const NO_ROUTE: ResponseSpec = {
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
  headers: { 'X-Correlation-Id': { required: true } },
};

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const JSON_TYPES = /^application\/(?:[\w.+-]+\+)?json$/;

export class ApiContract {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  /** By the schema's JSON: the same schema under many routes is compiled once. */
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly bySchema = new WeakMap<Schema, ValidateFunction>();
  private readonly routes: { readonly pattern: RegExp; readonly operations: Record<string, Operation> }[];

  constructor(private readonly document: Document) {
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: 'urn:concord:openapi', components: document.components });
    this.routes = Object.entries(document.paths).map(([template, operations]) => ({
      pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
      operations,
    }));
  }

  /**
   * Compiles every validator now: the harness calls this while a suite starts, so no
   * test's own time limit pays for it.
   */
  warmUp(): this {
    const responses = [NO_ROUTE, ...this.routes.flatMap((r) => Object.values(r.operations).flatMap((op) => Object.values(op.responses)))];
    for (const response of responses) {
      for (const header of Object.values(response.headers ?? {})) if (header.schema) this.validatorOf(header.schema);
      for (const media of Object.values(response.content ?? {})) {
        if (media.schema) this.validatorOf(media.schema);
        if (media['x-sse-data']) this.validatorOf(media['x-sse-data']);
      }
    }
    return this;
  }

  /** The problems with an answer; empty when the document describes it. */
  problemsWith(answer: ReceivedAnswer): string[] {
    const path = new URL(answer.url, 'http://concord.invalid').pathname;
    const operation = this.routes.find((r) => r.pattern.test(path))?.operations[answer.method.toLowerCase()];
    const response = operation ? (operation.responses[String(answer.status)] ?? operation.responses.default) : this.noRoute(answer.status);
    if (!response) return [operation ? `status ${answer.status} is not documented for this route` : `${answer.method} ${path} is not a documented route`];
    return [...this.headerProblems(response, answer.headers), ...this.bodyProblems(response, answer)];
  }

  check(answer: ReceivedAnswer): void {
    const problems = this.problemsWith(answer);
    if (problems.length > 0) throw new ContractViolation(answer, problems);
  }

  /** The problems with one Server-Sent Event's data, against the schema the document names for it. */
  sseDataProblems(url: string, data: string): string[] {
    const path = new URL(url, 'http://concord.invalid').pathname;
    const operation = this.routes.find((r) => r.pattern.test(path))?.operations.get;
    const schema = operation?.responses['200']?.content?.['text/event-stream']?.['x-sse-data'];
    if (!schema) return [`${path} documents no event data`];
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      return ['event data is not JSON'];
    }
    return this.schemaProblems(schema, parsed, 'event data');
  }

  /**
   * No documented route: the server's fallback answers 404, unless what runs before the
   * routes (authentication, the rate limit, the deadline) answers first. Always a problem.
   */
  private noRoute(status: number): ResponseSpec | undefined {
    return [400, 401, 404, 429, 500, 503].includes(status) ? NO_ROUTE : undefined;
  }

  private headerProblems(response: ResponseSpec, headers: Headers): string[] {
    const problems: string[] = [];
    for (const [name, spec] of Object.entries(response.headers ?? {})) {
      const value = headers.get(name);
      if (value === null) {
        if (spec.required) problems.push(`required header ${name} is missing`);
        continue;
      }
      if (spec.schema) problems.push(...this.schemaProblems(spec.schema, value, `header ${name}`));
    }
    return problems;
  }

  private bodyProblems(response: ResponseSpec, answer: ReceivedAnswer): string[] {
    const content = response.content;
    if (!content) return answer.body === '' ? [] : ['the document says this answer has no body'];
    const mediaType = (answer.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    const media = content[mediaType];
    if (!media) return [`content type "${mediaType}" is not documented (documented: ${Object.keys(content).join(', ')})`];
    if (!media.schema || mediaType === 'text/event-stream') return [];
    if (!JSON_TYPES.test(mediaType)) return this.schemaProblems(media.schema, answer.body, 'body');
    let body: unknown;
    try {
      body = JSON.parse(answer.body);
    } catch {
      return [`the body is not JSON although the content type is ${mediaType}`];
    }
    return this.schemaProblems(media.schema, body, 'body');
  }

  private schemaProblems(schema: Schema, value: unknown, what: string): string[] {
    const validate = this.validatorOf(schema);
    if (validate(value)) return [];
    return (validate.errors ?? []).slice(0, 10).map((e) => `${what}${e.instancePath || ''} ${e.message ?? 'is invalid'}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
  }

  private validatorOf(schema: Schema): ValidateFunction {
    const known = this.bySchema.get(schema);
    if (known) return known;
    const text = JSON.stringify(schema);
    let validate = this.compiled.get(text);
    if (!validate) {
      // Local references point into the document's components.
      validate = this.ajv.compile(JSON.parse(text.replaceAll('"#/components/', '"urn:concord:openapi#/components/')) as Schema);
      this.compiled.set(text, validate);
    }
    this.bySchema.set(schema, validate);
    return validate;
  }
}

let shared: ApiContract | undefined;

/** The contract of the document the server serves at /openapi.json. */
export function apiContract(): ApiContract {
  shared ??= new ApiContract(structuredClone(openApiDocument()) as Document).warmUp();
  return shared;
}

/**
 * fetch, with the answer checked against the contract. The body is read (and so consumed)
 * here: use the returned text, not the response's body.
 */
export async function contractFetch(url: string, init: RequestInit = {}): Promise<{ response: Response; text: string }> {
  const response = await fetch(url, init);
  const text = await response.text();
  apiContract().check({ method: init.method ?? 'GET', url, status: response.status, headers: response.headers, body: text });
  return { response, text };
}
