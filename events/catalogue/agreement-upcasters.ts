/**
 * Version 1 of AgreementSigned took `kind` as free text ("Memorandum of Understanding",
 * "MoU ", "framework of cooperation"), so the same kind was spelt many ways and could
 * not be filtered on. Version 2 takes a slug. Stored version 1 events are read through
 * this upcaster; their stored bytes (and hashes) never change.
 */

/** "Memorandum of Understanding" → "memorandum-of-understanding"; undefined when nothing is left. */
export function kindSlug(text: string): string | undefined {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  return slug === '' ? undefined : slug;
}

export function agreementSignedV1ToV2(data: unknown): unknown {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return data;
  const { kind, ...rest } = data as Record<string, unknown>;
  if (typeof kind !== 'string') return data; // absent, or not what v1 allowed: left for the v2 schema to reject
  const slug = kindSlug(kind);
  return slug === undefined ? rest : { ...rest, kind: slug };
}
