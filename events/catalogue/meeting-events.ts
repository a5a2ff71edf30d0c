import { z } from 'zod';
import { validDate } from '../dates.js';
import { defineEvent, refs } from '../event-definition.js';
import { slug } from '../identifiers.js';
import { sources } from '../sources.js';

export const MEETING_KINDS = ['meeting', 'seminar', 'conference', 'workshop'] as const;

export const meetingHeld = z.strictObject({
  meetingId: slug,
  title: z.string().trim().min(1).max(500),
  kind: z.enum(MEETING_KINDS),
  on: validDate,
  /** Last day of a meeting that spans several days. */
  until: validDate.optional(),
  groupId: slug.optional(),
  hostId: slug.optional(),
  location: z.string().trim().min(1).max(300).optional(),
  /** Organisations taking part. */
  participants: z.array(slug).max(500).optional(),
  topics: z.array(z.string().trim().min(1).max(500)).max(100).optional(),
  theme: z.string().trim().min(1).max(500).optional(),
  sources,
});
export type MeetingHeld = z.infer<typeof meetingHeld>;

export const meetingEvents = [
  defineEvent({
    type: 'MeetingHeld',
    schemaVersion: 1,
    schema: meetingHeld,
    subject: (d) => ({ category: 'meeting', id: d.meetingId }),
    references: (d) =>
      refs(
        d.groupId !== undefined && { path: ['groupId'], ref: { category: 'group', id: d.groupId } },
        d.hostId !== undefined && { path: ['hostId'], ref: { category: 'organisation', id: d.hostId } },
        ...(d.participants ?? []).map((id, i) => ({ path: ['participants', i], ref: { category: 'organisation' as const, id } })),
      ),
    happenedOn: (d) => d.on,
    summary: (d) => `${d.title} (${d.kind})${d.hostId ? ` hosted by ${d.hostId}` : ''}${d.location ? ` in ${d.location}` : ''}`,
  }),
] as const;
