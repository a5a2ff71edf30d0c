import { happenedBy } from '../../events/dates.js';
import type { AgreementView } from '../views.js';
import { inForceOn } from './agreement-validity.js';
import { certaintyOf, inDateOrder } from './certainty.js';
import type { HistoryReader } from './entity-history.js';
import { organisationNameAt, personName, successorsOf } from './lookups.js';

export function agreementView(history: HistoryReader, id: string, day: number): AgreementView | undefined {
  const record = history.agreements.get(id);
  const signing = record?.signing;
  if (!record || !signing) return undefined;
  const d = signing.data;
  const firstEnding = inDateOrder(record.endings)[0]?.data;
  const inForceCertainty = certaintyOf(inForceOn(history, record, day)) ?? null;
  return {
    category: 'agreement',
    id,
    title: d.title,
    kind: d.kind ?? null,
    parties: d.parties.map((organisationId) => ({ organisationId, name: organisationNameAt(history, organisationId, day) })),
    signatories: (d.signatories ?? []).map((personId) => ({ personId, name: personName(history, personId) })),
    signedOn: d.signedOn,
    validFrom: d.validFrom ?? null,
    validUntil: d.validUntil ?? null,
    endedOn: firstEnding?.on ?? null,
    endReason: firstEnding?.reason ?? null,
    supersedes: d.supersedes ?? null,
    supersededBy: successorsOf(history, id).map((successor) => successor.id),
    signed: happenedBy(signing.date, day),
    inForce: inForceCertainty !== null,
    inForceCertainty,
    sources: d.sources ?? [],
  };
}
