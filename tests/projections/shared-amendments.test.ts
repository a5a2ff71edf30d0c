import { describe, expect, it } from 'vitest';
import { Amendments, AmendmentsOrderError } from '../../projections/state/amendments.js';
import { VersionTablePositionError } from '../../projections/state/version-table.js';
import { given, type Written } from './support/event-log.js';

const joined: Written = { type: 'MemberJoined', groupId: 'iag-tvet', organisationId: 'unesco', on: '2009' };
const [join, other] = given(joined, { ...joined, organisationId: 'ilo' });

function correction(of: string, on: string): Written {
  return { type: 'DevelopmentCorrected', entity: 'group:iag-tvet', correctsEventId: of, changes: { on }, reason: 'minutes' };
}

describe('amendments shared by the read models', () => {
  it('fold each event once, however many models ask for it in turn', () => {
    const amendments = new Amendments();
    const [original, corrected] = given(joined, correction('00000000-0000-4000-8000-000000000000', '2010'));
    // The event log helper numbers ids: point the correction at the original's.
    const fix = { ...corrected!, development: { ...corrected!.development, data: { ...corrected!.development.data, correctsEventId: original!.eventId } } } as typeof corrected;
    const forTimeline = amendments.apply(original!);
    const forEntityState = amendments.apply(original!);
    expect(forEntityState).toBe(forTimeline);
    const afterCorrection = amendments.apply(fix!);
    expect(amendments.apply(fix!)).toBe(afterCorrection);
    expect(afterCorrection?.original).toBe(forTimeline?.next);
    // The version the correction replaced is the one first answered, closed at the correction.
    expect(afterCorrection?.replaced).toBe(forTimeline?.next);
    const { versions } = amendments;
    expect(versions.until(afterCorrection!.replaced!)).toBe(Number(fix!.position));
    expect(versions.version(afterCorrection!.next!)).toMatchObject({ eventIndex: versions.eventIndex(forTimeline!.next!), position: Number(original!.position), since: Number(fix!.position), until: undefined, data: { on: '2010' } });
    expect(amendments.eventIdOf(afterCorrection!.next!)).toBe(original!.eventId);
  });

  it('answer a development\'s first version as the event itself, kept once for every model', () => {
    const amendments = new Amendments();
    const first = amendments.apply(join!);
    expect(first?.replaced).toBeUndefined();
    expect(amendments.versions.version(first!.next!)).toMatchObject({ stream: join!.stream, position: Number(join!.position), since: Number(join!.position), type: 'MemberJoined', data: join!.development.data });
    expect(amendments.eventIdOf(first!.next!)).toBe(join!.eventId);
  });

  it('refuse an event older than the last one folded, instead of folding it twice', () => {
    const amendments = new Amendments();
    amendments.apply(other!);
    let error: unknown;
    try {
      amendments.apply(join!);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AmendmentsOrderError);
    expect(error).toMatchObject({ code: 'amendments-out-of-order', lastPosition: 2n, position: 1n });
  });

  it('refuse an event at a position the versions could not keep exactly (2^53 or more), folding nothing of it', () => {
    const amendments = new Amendments();
    amendments.apply(join!);
    const beyond = { ...other!, position: 2n ** 53n };
    expect(() => amendments.apply(beyond)).toThrow(VersionTablePositionError);
    expect(() => amendments.apply(beyond)).toThrow(/2\^53/);
    expect(amendments.versions.size).toBe(1);
    expect(amendments.newestPosition).toBe(join!.position);
    // The log goes on below it as before.
    expect(amendments.apply({ ...other!, position: join!.position + 1n })?.next).toBe(1);
  });
});
