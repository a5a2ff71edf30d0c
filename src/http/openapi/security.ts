/** API keys travel as `Authorization: Bearer <key>` (src/http/authentication.ts). */
export const SECURITY_SCHEMES = {
  apiKey: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'ck_…',
    description: 'An API key (`concord keys create`). Roles: reader (every GET), editor (also POST /developments), admin (also audit and verification).',
  },
} as const;

type Requirement = Record<string, string[]>;

/** Reads are open to anonymous callers unless the server runs with CONCORD_READS_REQUIRE_KEY=true. */
export const READ_SECURITY: Requirement[] = [{}, { apiKey: [] }];
export const KEY_SECURITY: Requirement[] = [{ apiKey: [] }];
/** Probes, the document and its docs page are open whatever the configuration. */
export const OPEN: Requirement[] = [];
