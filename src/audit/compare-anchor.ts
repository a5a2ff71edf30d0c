import type { Anchor, StreamHead } from './anchor.js';
import type { AuditFailure } from './audit-failure.js';

/**
 * Compares an anchor's stream heads with the heads the store holds now at the anchor's
 * position: a lower revision means events were removed, a higher one that events were
 * slipped in before the anchor, a different hash that history was rewritten (even if
 * every chain was rehashed to look intact).
 */
export function compareWithAnchor(anchor: Anchor, current: readonly StreamHead[], storeHead: bigint | undefined): AuditFailure[] {
  const failures: AuditFailure[] = [];
  if (anchor.position !== null && (storeHead === undefined || storeHead < BigInt(anchor.position))) {
    failures.push({ check: 'anchor', message: `the anchor was taken at position ${anchor.position}, but the store now ends at ${storeHead ?? 'no event'}: its newest events were removed` });
  }
  const now = new Map(current.map((h) => [h.stream, h]));
  for (const head of anchor.heads) {
    const found = now.get(head.stream);
    now.delete(head.stream);
    const base = { check: 'anchor' as const, stream: head.stream, revision: head.revision };
    if (!found) {
      failures.push({ ...base, message: `the anchor holds revision ${head.revision} of ${head.stream}; no event of that stream at or before the anchor position remains` });
    } else if (found.revision < head.revision) {
      failures.push({ ...base, message: `the anchor holds revision ${head.revision}, the store only ${found.revision} at the anchor position: events were removed` });
    } else if (found.revision > head.revision) {
      failures.push({ ...base, message: `the anchor holds revision ${head.revision}, the store ${found.revision} at the anchor position: events were inserted before the anchor` });
    } else if (found.hash !== head.hash) {
      failures.push({ ...base, message: `revision ${head.revision} has hash ${found.hash || '(none)'}, the anchor recorded ${head.hash}: history up to it was rewritten` });
    }
  }
  for (const extra of now.values()) {
    failures.push({ check: 'anchor', stream: extra.stream, revision: extra.revision, message: `stream ${extra.stream} has events at or before the anchor position but is not in the anchor: they were inserted afterwards` });
  }
  return failures;
}
