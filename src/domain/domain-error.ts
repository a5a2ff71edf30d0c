/**
 * A broken domain rule. `code` is stable (clients branch on it); `pointer` names the
 * offending field of the development (JSON Pointer) where one field is to blame.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly pointer?: string,
    readonly context: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
