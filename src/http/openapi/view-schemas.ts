import { z } from 'zod';
import type * as V from '../../../projections/views.js';
import { agreementView, groupView, meetingView, organisationView, personView } from './entity-view-schemas.js';
import { describes } from './type-check.js';
import { certainty, dateText, entityKey, isoDay, orNull, position, sources } from './view-schema-fields.js';

export { agreementView, entityView, groupView, meetingView, organisationView, personView } from './entity-view-schemas.js';
export { orNull } from './view-schema-fields.js';

/**
 * The read models' answer shapes as zod schemas, for the OpenAPI document and the
 * contract test. projections/views.ts stays the TypeScript home of these shapes (the
 * projections are changed in parallel and keep their readonly interfaces); every schema
 * here is checked against its view type at compile time (`describes`), so a field added,
 * removed or retyped on either side fails `npm run typecheck`.
 */

export const dateView = z
  .strictObject({
    text: dateText,
    earliest: isoDay.nullable().describe('First possible day; null for an open start'),
    latest: isoDay.describe('Last possible day'),
    precision: z.enum(['day', 'month', 'year', 'interval', 'open-start']),
  })
  .meta({ id: 'DateView', description: 'A valid-time date with the range of days it may mean.' });
describes<typeof dateView, V.DateView>(true);

export const amendmentView = z
  .strictObject({
    kind: z.enum(['original', 'correction', 'retraction']),
    position,
    eventId: z.string(),
    recordedAt: z.iso.datetime({ offset: true }),
    recordedBy: z.string(),
    reason: z.string().nullable(),
    changes: z.record(z.string(), z.unknown()).nullable().describe("A correction's changed fields (null removes an optional field)"),
    amends: z.string().nullable().describe('The event a correction or retraction targets'),
  })
  .meta({ id: 'Amendment', description: "One step of a development's recorded history." });
describes<typeof amendmentView, V.AmendmentView>(true);

export const timelineItem = z
  .strictObject({
    position,
    eventId: z.string(),
    type: z.string().describe('The development type, e.g. GroupFormed'),
    stream: z.string(),
    entities: z.array(entityKey).describe('The subject first, then every referenced entity'),
    date: orNull(dateView).describe('When the development happened; null for undated developments (registrations)'),
    summary: z.string(),
    data: z.unknown().describe("The development's fields, as corrected by the asked recorded time"),
    sources,
    recordedAt: z.iso.datetime({ offset: true }),
    recordedBy: z.string(),
    history: z.array(amendmentView).optional().describe('Present once the development was corrected or retracted: the original, then each amendment, oldest first'),
  })
  .meta({ id: 'TimelineItem', description: 'One development on the timeline.' });
describes<typeof timelineItem, V.TimelineItem>(true);

export const changeView = z
  .strictObject({
    kind: z.enum([
      'group-formed',
      'group-dissolved',
      'member-joined',
      'member-left',
      'chair-named',
      'chair-ended',
      'agreement-in-force',
      'agreement-out-of-force',
      'organisation-renamed',
    ]),
    entity: entityKey.describe('The entity whose state changed'),
    related: z.string().nullable().describe('The other party: the member, the chair, the superseding agreement; null if none'),
    date: dateView,
    certainty: certainty.describe('Certain when the date lies wholly between the two days, possible when it overlaps'),
    eventId: z.string().describe('The development that makes the change'),
  })
  .meta({ id: 'Change' });
describes<typeof changeView, V.ChangeView>(true);

export const stateView = z
  .strictObject({
    at: isoDay,
    organisations: z.array(organisationView),
    people: z.array(personView),
    groups: z.array(groupView),
    meetings: z.array(meetingView),
    agreements: z.array(agreementView),
  })
  .meta({ id: 'State', description: 'Everything that exists (certainly or possibly) on a day, each list ordered by id; a page holds a slice of the five lists in this order.' });
describes<typeof stateView, V.StateView>(true);
