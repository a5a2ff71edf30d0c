import { describe, expect, it } from 'vitest';
import { Amendments, AmendmentsOrderError } from '../../projections/state/amendments.js';
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
    expect(afterCorrection?.replaced?.until).toBe(fix!.position);
    expect(afterCorrection?.next).toMatchObject({ eventIndex: forTimeline!.next!.eventIndex, position: original!.position, since: fix!.position, until: undefined, data: { on: '2010' } });
    expect(amendments.eventIdOf(afterCorrection!.next!)).toBe(original!.eventId);
  });

  it('answer a development\'s first version as the event itself, kept once for every model', () => {
    const amendments = new Amendments();
    const first = amendments.apply(join!);
    expect(first?.replaced).toBeUndefined();
    expect(first?.next).toMatchObject({ stream: join!.stream, position: join!.position, since: join!.position, type: 'MemberJoined', data: join!.development.data });
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
});
