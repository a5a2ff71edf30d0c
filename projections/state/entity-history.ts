import type { DateRange } from '../../events/dates.js';
import type { AgreementEnded, AgreementSigned } from '../../events/catalogue/agreement-events.js';
import type { ChairEnded, ChairNamed, GroupDissolved, GroupFormed, MemberJoined, MemberLeft } from '../../events/catalogue/group-events.js';
import type { MeetingHeld } from '../../events/catalogue/meeting-events.js';
import type {
  OrganisationRegistered,
  OrganisationRenamed,
  PostHolderAppointed,
  PostHolderLeft,
} from '../../events/catalogue/organisation-events.js';
import type { PersonRegistered, StatementMade } from '../../events/catalogue/person-events.js';
import type { DatedFact, Tenure } from './certainty.js';
import { compareText } from './ordering.js';

/**
 * The full history of facts about every entity, kept as recorded (never collapsed into
 * "current" values) so that the state on any valid date can be derived at query time.
 *
 * For speed at a million events the reducer mutates these Maps in place instead of
 * copying an immutable model per event; it stays deterministic because the same events
 * in the same order always produce the same Maps.
 *
 * Records are created by the first event that mentions an entity, so facts recorded
 * before the entity's own registration (backfill) are kept; an entity exists for the
 * answers only once its registering event is known.
 */

export interface Recorded<T> {
  readonly data: T;
  readonly position: bigint;
}

export interface OrganisationRecord {
  registration?: Recorded<OrganisationRegistered> & { readonly foundedOn: DateRange | undefined };
  readonly renames: DatedFact<OrganisationRenamed>[];
}

export interface PersonRecord {
  registration?: Recorded<PersonRegistered>;
  readonly statements: DatedFact<StatementMade>[];
}

export interface GroupRecord {
  formation?: DatedFact<GroupFormed>;
  readonly dissolutions: DatedFact<GroupDissolved>[];
}

export interface MeetingRecord {
  held?: DatedFact<MeetingHeld>;
}

export interface AgreementRecord {
  signing?: DatedFact<AgreementSigned> & { readonly validFrom: DateRange | undefined; readonly validUntil: DateRange | undefined };
  readonly endings: DatedFact<AgreementEnded>[];
}

export type PostTenure = Tenure<PostHolderAppointed, PostHolderLeft> & { readonly organisationId: string; readonly personId: string; readonly post: string };
export type MembershipTenure = Tenure<MemberJoined, MemberLeft> & { readonly groupId: string; readonly organisationId: string };
export type ChairTenure = Tenure<ChairNamed, ChairEnded> & { readonly target: ChairNamed['target']; readonly personId: string };

/**
 * Keys of many-to-many relations. Ids are slugs (no line breaks) and only the last part
 * may be free text (a post), so joining with a line break keeps the parts apart.
 */
export function relationKey(...parts: string[]): string {
  return parts.join('\n');
}

/** A one-to-many index whose answers are sorted, so views never depend on arrival order. */
export class MultiIndex {
  private readonly sets = new Map<string, Set<string>>();

  add(key: string, value: string): void {
    let set = this.sets.get(key);
    if (!set) this.sets.set(key, (set = new Set()));
    set.add(value);
  }

  get(key: string): string[] {
    const set = this.sets.get(key);
    return set ? [...set].sort(compareText) : [];
  }
}

function getOrCreate<V>(map: Map<string, V>, key: string, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = create()));
  return value;
}

export class EntityHistory {
  readonly organisations = new Map<string, OrganisationRecord>();
  readonly people = new Map<string, PersonRecord>();
  readonly groups = new Map<string, GroupRecord>();
  readonly meetings = new Map<string, MeetingRecord>();
  readonly agreements = new Map<string, AgreementRecord>();

  readonly posts = new Map<string, PostTenure>();
  readonly memberships = new Map<string, MembershipTenure>();
  readonly chairs = new Map<string, ChairTenure>();

  // Derived indexes (rebuilt with the records, so left out of the digest).
  readonly postsOfOrganisation = new MultiIndex();
  readonly postsOfPerson = new MultiIndex();
  readonly membershipsOfGroup = new MultiIndex();
  readonly membershipsOfOrganisation = new MultiIndex();
  /** By target key "group:<id>" / "meeting:<id>". */
  readonly chairsOfTarget = new MultiIndex();
  readonly chairsOfPerson = new MultiIndex();
  readonly meetingsOfGroup = new MultiIndex();
  readonly workingGroupsOf = new MultiIndex();
  readonly agreementsOfParty = new MultiIndex();
  readonly successorsOf = new MultiIndex();

  organisation(id: string): OrganisationRecord {
    return getOrCreate(this.organisations, id, () => ({ renames: [] }));
  }

  person(id: string): PersonRecord {
    return getOrCreate(this.people, id, () => ({ statements: [] }));
  }

  group(id: string): GroupRecord {
    return getOrCreate(this.groups, id, () => ({ dissolutions: [] }));
  }

  meeting(id: string): MeetingRecord {
    return getOrCreate(this.meetings, id, () => ({}));
  }

  agreement(id: string): AgreementRecord {
    return getOrCreate(this.agreements, id, () => ({ endings: [] }));
  }

  post(organisationId: string, personId: string, post: string): PostTenure {
    const key = relationKey(organisationId, personId, post);
    return getOrCreate(this.posts, key, () => {
      this.postsOfOrganisation.add(organisationId, key);
      this.postsOfPerson.add(personId, key);
      return { organisationId, personId, post, starts: [], ends: [] };
    });
  }

  membership(groupId: string, organisationId: string): MembershipTenure {
    const key = relationKey(groupId, organisationId);
    return getOrCreate(this.memberships, key, () => {
      this.membershipsOfGroup.add(groupId, key);
      this.membershipsOfOrganisation.add(organisationId, key);
      return { groupId, organisationId, starts: [], ends: [] };
    });
  }

  chair(target: ChairNamed['target'], personId: string): ChairTenure {
    const key = relationKey(target.kind, target.id, personId);
    return getOrCreate(this.chairs, key, () => {
      this.chairsOfTarget.add(`${target.kind}:${target.id}`, key);
      this.chairsOfPerson.add(personId, key);
      return { target, personId, starts: [], ends: [] };
    });
  }

  /** Every record in a canonical order (collection, then key) for the read-model digest. */
  *canonicalEntries(): Generator<unknown> {
    const collections: [string, Map<string, object>][] = [
      ['organisations', this.organisations],
      ['people', this.people],
      ['groups', this.groups],
      ['meetings', this.meetings],
      ['agreements', this.agreements],
      ['posts', this.posts],
      ['memberships', this.memberships],
      ['chairs', this.chairs],
    ];
    for (const [name, map] of collections) {
      for (const key of [...map.keys()].sort(compareText)) yield [name, key, recordedFacts(map.get(key)!)];
    }
  }
}

function isRecorded(value: unknown): value is Recorded<unknown> {
  return typeof value === 'object' && value !== null && 'data' in value && 'position' in value;
}

/** A record as its recorded facts (position and data); dates parsed from the data are left out. */
function recordedFacts(record: object): Record<string, unknown> {
  const fact = ({ position, data }: Recorded<unknown>) => ({ position: position.toString(), data });
  const facts: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(record)) {
    facts[field] = Array.isArray(value) ? value.map(fact) : isRecorded(value) ? fact(value) : value;
  }
  return facts;
}
