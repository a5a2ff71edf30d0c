import { DomainError } from './domain-error.js';

/**
 * Lists of entities (parties, signatories, participants) name each once; a repeat is
 * usually a typo for another id, so it is rejected rather than silently merged.
 */
export function checkDistinct(items: readonly string[] | undefined, field: string, code: string): DomainError | undefined {
  if (!items) return undefined;
  const seen = new Map<string, number>();
  for (const [index, item] of items.entries()) {
    const first = seen.get(item);
    if (first !== undefined) {
      return new DomainError(code, `${field}[${index}] repeats "${item}" (already ${field}[${first}])`, `/${field}/${index}`, {
        id: item,
        firstIndex: first,
        index,
      });
    }
    seen.set(item, index);
  }
  return undefined;
}
