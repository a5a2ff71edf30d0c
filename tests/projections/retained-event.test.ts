import { describe, expect, it } from 'vitest';
import { decodeEvent } from '../../events/decode-event.js';
import { RetainedEvents, retainedEvent, StringPool } from '../../projections/retained-event.js';
import { readModelsOf } from './support/read-models-of.js';
import { recordedEvents } from './support/event-log.js';

const hash = 'a'.repeat(64);

function withAuditMetadata() {
  return recordedEvents([
    { type: 'OrganisationRegistered', organisationId: 'unesco', name: 'UNESCO' },
    { type: 'GroupFormed', groupId: 'iag-tvet', name: 'IAG-TVET', kind: 'interagency-group', formedOn: '2008' },
    { type: 'MemberJoined', groupId: 'iag-tvet', organisationId: 'unesco', on: '2008-06' },
  ]).map((recorded) => ({ ...recorded, metadata: { ...(recorded.metadata as object), hash, importedFrom: { file: 'seed.ndjson', item: 1 } } }));
}

describe('what the read models keep of each event', () => {
  it('keeps when and by whom an event was recorded, and drops the audit metadata', () => {
    // Given a decoded event carrying a hash and import provenance
    const event = decodeEvent(withAuditMetadata()[2]!);
    // When the read models keep it
    const kept = retainedEvent(event, new StringPool());
    // Then the answer fields are there and the audit's are not
    expect(kept.metadata).toEqual({ recordedAt: event.metadata.recordedAt, recordedBy: 'test', correlationId: event.metadata.correlationId, causationId: null, schemaVersion: 1 });
    expect(kept).toMatchObject({ eventId: event.eventId, stream: event.stream, revision: event.revision, position: event.position, development: event.development });
  });

  it('keeps stream names and who recorded equal, whichever row they were read from', () => {
    // Given two events of one stream
    const [first, second] = [withAuditMetadata()[1]!, withAuditMetadata()[1]!].map(decodeEvent);
    const pool = new StringPool();
    // When both are kept through one pool
    const a = retainedEvent(first!, pool);
    const b = retainedEvent(second!, pool);
    // Then they read the same
    expect(b.stream).toBe(a.stream);
    expect(b.metadata.recordedBy).toBe(a.metadata.recordedBy);
    expect(b.development).toEqual(second!.development);
  });

  it('shares the metadata of events recorded together, and only theirs', () => {
    // Given three events of which the first two were recorded in the same millisecond
    const [first, second, third] = withAuditMetadata().map(decodeEvent);
    const together = { ...second!, metadata: { ...second!.metadata, recordedAt: first!.metadata.recordedAt, correlationId: first!.metadata.correlationId } };
    const retained = new RetainedEvents();
    // When they are kept one after the other
    const [a, b, c] = [first!, together, third!].map((e) => retained.of(e));
    // Then the first two share one metadata object and the third keeps its own
    expect(b!.metadata).toBe(a!.metadata);
    expect(c!.metadata).not.toBe(b!.metadata);
    expect(c!.metadata.recordedAt).toBe(third!.metadata.recordedAt);
  });

  it('takes who recorded and the correlation from the event before when only the time differs, without asking the pool', () => {
    // Given two events recorded a millisecond apart by the same caller in one correlation
    const [first, second] = withAuditMetadata().map(decodeEvent);
    const later = { ...second!, metadata: { ...second!.metadata, recordedAt: '2031-01-01T00:00:00.001Z', correlationId: first!.metadata.correlationId } };
    const pool = new StringPool();
    const kept = retainedEvent(first!, pool);
    const asked: string[] = [];
    const counting = Object.assign(Object.create(pool) as StringPool, { intern: (text: string) => (asked.push(text), pool.intern(text)) });
    // When the second is kept after the first
    const next = retainedEvent(later, counting, kept.metadata);
    // Then it has metadata of its own, its strings the first's, and only its stream went to the pool
    expect(next.metadata).not.toBe(kept.metadata);
    expect(next.metadata.recordedAt).toBe('2031-01-01T00:00:00.001Z');
    expect(next.metadata.recordedBy).toBe(kept.metadata.recordedBy);
    expect(next.metadata.correlationId).toBe(kept.metadata.correlationId);
    expect(asked).toEqual([later.stream]);
  });

  it('stops interning at its capacity instead of growing without end', () => {
    // Given a pool of two
    const pool = new StringPool(2);
    // When three distinct strings go in
    const texts = ['a-1', 'a-2', 'a-3'].map((t) => pool.intern(t.slice(0)));
    // Then every answer is still the value asked for
    expect(texts).toEqual(['a-1', 'a-2', 'a-3']);
  });

  it('converts an event once however many models fold it', () => {
    // Given one decoded event
    const event = decodeEvent(withAuditMetadata()[0]!);
    const retained = new RetainedEvents();
    // When two models ask for it in turn
    // Then they share one copy
    expect(retained.of(event)).toBe(retained.of(event));
  });

  it('answers exactly as read models folding the full events would', () => {
    // Given the same log with and without audit metadata
    const full = withAuditMetadata().map(decodeEvent);
    const plain = full.map((e) => ({ ...e, metadata: { recordedAt: e.metadata.recordedAt, recordedBy: e.metadata.recordedBy, correlationId: e.metadata.correlationId, causationId: null, schemaVersion: 1 } }));
    // When both are folded
    // Then the timeline and the digest agree
    expect(readModelsOf(full).timeline({ limit: 10 })).toEqual(readModelsOf(plain).timeline({ limit: 10 }));
    expect(readModelsOf(full).digest()).toBe(readModelsOf(plain).digest());
  });
});
