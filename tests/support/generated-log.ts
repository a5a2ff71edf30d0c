import { generateHistory } from '../../bench/history-generator.js';
import { Prng } from '../../bench/prng.js';
import { definitionOf } from '../../events/catalogue.js';
import { entityKey, streamOf } from '../../events/identifiers.js';
import type { RecordedEvent } from '../../src/store/event-store.js';

/**
 * A realistic generated history (backfills, imprecise dates, open starts) as a recorded
 * log, with corrections, retractions and restated facts mixed in.
 */
const DATE_FIELDS: Record<string, string> = {
  OrganisationRenamed: 'on',
  GroupFormed: 'formedOn',
  GroupDissolved: 'on',
  MemberJoined: 'on',
  MemberLeft: 'on',
  ChairNamed: 'from',
  ChairEnded: 'on',
  AgreementSigned: 'signedOn',
  AgreementEnded: 'on',
  PostHolderAppointed: 'from',
};

/** Dates of every shape, some far wider than the generator's, some past 9999 once a day is added. */
function someDate(rnd: Prng): string {
  const year = rnd.int(1990, 2025);
  const r = rnd.next();
  if (r < 0.3) return `${year}-0${rnd.int(1, 9)}-1${rnd.int(0, 9)}`;
  if (r < 0.5) return `${year}-0${rnd.int(1, 9)}`;
  if (r < 0.7) return String(year);
  if (r < 0.85) return `${year}/${year + rnd.int(0, 12)}`;
  return `../${year}-06-30`;
}

/** The generated developments as a log, with corrections and retractions of earlier ones mixed in. */
export function generatedLog(size: number, seed: number): RecordedEvent[] {
  const rnd = new Prng(seed);
  const recorded: RecordedEvent[] = [];
  const revisions = new Map<string, number>();
  const push = (type: string, data: Record<string, unknown>): RecordedEvent => {
    const subject = definitionOf(type)!.subject(data);
    const stream = streamOf(subject);
    const revision = revisions.get(stream) ?? 0;
    revisions.set(stream, revision + 1);
    const i = recorded.length;
    const event: RecordedEvent = {
      eventId: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
      stream,
      revision,
      position: BigInt(i + 1),
      type,
      data,
      metadata: { recordedAt: new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString(), recordedBy: 'test', correlationId: 'c', causationId: null, schemaVersion: 1 },
    };
    recorded.push(event);
    return event;
  };
  const amendable: RecordedEvent[] = [];
  for (const { type, ...data } of generateHistory(size, seed)) {
    const event = push(type, data);
    if (DATE_FIELDS[type]) amendable.push(event);
    // A fact restated on the same date by a second source: equal changes, which keep log order.
    if ((type === 'OrganisationRenamed' || type === 'AgreementEnded') && rnd.chance(0.1)) push(type, data);
    if (amendable.length === 0 || !rnd.chance(0.04)) continue;
    const target = rnd.pick(amendable);
    const entity = entityKey(definitionOf(target.type)!.subject(target.data));
    if (rnd.chance(0.15)) {
      push('DevelopmentRetracted', { entity, retractsEventId: target.eventId, reason: 'recorded in error' });
      continue;
    }
    // Mostly a new date; for agreements sometimes an end in 9999, whose next day sorts as text among the 1000s.
    const changes = target.type === 'AgreementSigned' && rnd.chance(0.3) ? { validUntil: rnd.chance(0.5) ? '9999' : someDate(rnd) } : { [DATE_FIELDS[target.type]!]: someDate(rnd) };
    push('DevelopmentCorrected', { entity, correctsEventId: target.eventId, changes, reason: 'better source' });
  }
  return recorded;
}

