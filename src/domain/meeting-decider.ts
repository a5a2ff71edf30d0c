import type { Development } from '../../events/catalogue.js';
import type { MeetingHeld } from '../../events/catalogue/meeting-events.js';
import { parseDateMemo, type DateRange } from '../../events/dates.js';
import { checkChairEnded, checkChairNamed, evolveChairs, noChairs, type Chairs } from './chairs.js';
import type { StreamDecider } from './decider.js';
import { checkDistinct } from './distinct-entries.js';
import { DomainError } from './domain-error.js';
import type { Lifespan } from './lifespan.js';
import { notInStream, unknownEntity } from './registration.js';

export interface HeldMeeting {
  readonly meetingId: string;
  readonly title: string;
  readonly kind: MeetingHeld['kind'];
  readonly on: DateRange;
  /** Last day of a meeting over several days. */
  readonly until?: DateRange;
  readonly groupId?: string;
}

export interface MeetingState {
  readonly held?: HeldMeeting;
  /** Chair tenures by person id. */
  readonly chairs: Chairs;
}

/** A meeting exists from its first day to its last, inclusive. */
function lifespan(state: MeetingState): Lifespan {
  const meeting = state.held;
  if (!meeting) return {};
  return {
    begins: { on: meeting.on, code: 'before-meeting', field: 'on', phrase: 'began' },
    ends: meeting.until
      ? { on: meeting.until, code: 'after-meeting', field: 'until', phrase: 'ended', exclusive: false }
      : { on: meeting.on, code: 'after-meeting', field: 'on', phrase: 'ended', exclusive: false },
  };
}

/** Chairs may be named ahead of a meeting, so only its end binds them. */
function chairLifespan(state: MeetingState): Lifespan {
  const { ends } = lifespan(state);
  return ends ? { ends } : {};
}

function evolve(state: MeetingState, development: Development): MeetingState {
  switch (development.type) {
    case 'MeetingHeld': {
      const { meetingId, title, kind, on, until, groupId } = development.data;
      const held: HeldMeeting = {
        meetingId,
        title,
        kind,
        on: parseDateMemo(on),
        ...(until !== undefined && { until: parseDateMemo(until) }),
        ...(groupId !== undefined && { groupId }),
      };
      return { ...state, held };
    }
    case 'ChairNamed':
    case 'ChairEnded':
      return { ...state, chairs: evolveChairs(state.chairs, development) };
    default:
      return state;
  }
}

function checkMeeting(data: MeetingHeld): DomainError | undefined {
  if (data.until !== undefined) {
    const on = parseDateMemo(data.on);
    const until = parseDateMemo(data.until);
    if (until.hi < on.lo) {
      return new DomainError('invalid-meeting-period', `meeting ${data.meetingId} ends (${until.text}) before it begins (${on.text})`, '/until', {
        meetingId: data.meetingId,
        on: on.text,
        until: until.text,
      });
    }
  }
  // Group, host and participants must exist and exist then: checked with the references.
  return checkDistinct(data.participants, 'participants', 'duplicate-participant');
}

function decide(development: Development, state: MeetingState): Development[] | DomainError {
  if (development.type === 'MeetingHeld') return checkMeeting(development.data) ?? [development];
  if (!state.held) return unknownEntity(development);
  switch (development.type) {
    case 'ChairNamed':
      return checkChairNamed(state.chairs, development.data, chairLifespan(state)) ?? [development];
    case 'ChairEnded':
      return checkChairEnded(state.chairs, development.data, chairLifespan(state)) ?? [development];
    default:
      return notInStream('meeting', development);
  }
}

export const meetingDecider: StreamDecider<MeetingState> = {
  category: 'meeting',
  registeredBy: 'MeetingHeld',
  initialState: { chairs: noChairs },
  evolve,
  exists: (state) => state.held !== undefined,
  lifespan,
  decide,
};
