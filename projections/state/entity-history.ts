import type { ChairNamed } from '../../events/catalogue/group-events.js';
import { NO_END_DAY } from './certainty.js';
import { Amendments } from './amendments.js';
import { ChangeDates } from './change-dates.js';
import { MultiIndex } from './multi-index.js';
import { recordedFacts } from './recorded-facts.js';
import { RelationIndex } from './relation-index.js';
import { relationKey } from './relation-key.js';
import { RelationStores, RelationTable } from './relation-table.js';
import { sortedKeysOf } from './sorted-keys.js';
import { itemsOf, NO_ITEMS, withItem, type TightList } from './tight-list.js';
import type { VersionRow } from './version-table.js';
import type {
  StoredAgreement,
  StoredChairTenure as ChairTenure,
  StoredMembershipTenure as MembershipTenure,
  StoredPostTenure as PostTenure,
  StoredGroup,
  StoredMeeting,
  StoredOrganisation,
  StoredPerson,
} from './entity-records.js';

export type * from './entity-records.js';
export { relationKey } from './relation-key.js';

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
export class EntityHistory {
  readonly organisations = new Map<string, StoredOrganisation>();
  readonly people = new Map<string, StoredPerson>();
  readonly groups = new Map<string, StoredGroup>();
  readonly meetings = new Map<string, StoredMeeting>();
  readonly agreements = new Map<string, StoredAgreement>();
  /**
   * Which version of each development is current, to place the next one on an amendment.
   * Shared with the timeline in ReadModels (see Amendments.apply).
   */
  constructor(readonly amendments = new Amendments()) {}

  /** By organisation, then "person\npost". */
  readonly posts = new RelationTable<PostTenure>();
  /** By group, then organisation. */
  readonly memberships = new RelationTable<MembershipTenure>();
  /** By the chaired group, then person (keys "group\n…"). */
  readonly groupChairs = new RelationTable<ChairTenure>('group');
  /** By joined key ("meeting\n…"): a meeting has a chair or two, too few for a table of its own. */
  readonly meetingChairs = new Map<string, ChairTenure>();

  // Derived indexes (rebuilt with the records, so left out of the digest). They hold every
  // value any version named; views check the version they read still names it.
  readonly postsOfOrganisation = new RelationIndex<PostTenure>();
  readonly postsOfPerson = new RelationIndex<PostTenure>();
  readonly membershipsOfGroup = new RelationIndex<MembershipTenure>();
  readonly membershipsOfOrganisation = new RelationIndex<MembershipTenure>();
  /** By the chaired group's own id (a meeting keeps its chairs itself, see StoredMeeting). */
  readonly chairsOfGroup = new RelationIndex<ChairTenure>();
  readonly chairsOfPerson = new RelationIndex<ChairTenure>();
  /** The records themselves, not their ids: a group's view reads every one. */
  readonly meetingsOfGroup = new RelationIndex<StoredMeeting>();
  /** Chairs named for a meeting not held yet (backfill), until its record is made. */
  private readonly chairsAwaitingMeeting = new Map<string, TightList<ChairTenure>>();
  readonly workingGroupsOf = new MultiIndex();
  readonly agreementsOfParty = new RelationIndex<StoredAgreement>();
  readonly successorsOf = new RelationIndex<StoredAgreement>();
  /** Every date a change can take, to enter /changes at its window (see change-dates.ts). */
  readonly changeDates = new ChangeDates();

  /**
   * The structures a snapshot writes first (see ReadModels.snapshotLayout): a group's view
   * reads its memberships, each member's record and the versions they hold, its chairs and
   * its meetings with theirs, so these go first, group by group, and then the data of the
   * versions they hold, group by group too (the versions are rows of a table in log order,
   * whose data would otherwise be written, and read back, in log order: scattered).
   */
  layoutOrder(): readonly unknown[] {
    return [this.membershipsOfGroup, this.chairsOfGroup, this.meetingsOfGroup, this.groups, this.versionDataByGroup()];
  }

  /** The data of the versions a group's view reads, group by group (each written once, with the first group that reads it). */
  private versionDataByGroup(): unknown[] {
    const { versions } = this.amendments;
    const data: unknown[] = [];
    const rows = (list: TightList<VersionRow>) => {
      for (const row of itemsOf(list)) data.push(versions.data(row));
    };
    for (const [id, group] of this.groups) {
      rows(group.formations);
      rows(group.dissolutions);
      for (const tenure of this.membershipsOfGroup.get(id)) {
        rows(tenure.starts);
        rows(tenure.ends);
        if (tenure.organisation !== undefined) rows(tenure.organisation.registrations), rows(tenure.organisation.renames);
      }
      for (const tenure of this.chairsOfGroup.get(id)) {
        rows(tenure.starts);
        rows(tenure.ends);
        if (tenure.person !== undefined) rows(tenure.person.registrations);
      }
      for (const meeting of this.meetingsOfGroup.get(id)) {
        rows(meeting.helds);
        for (const chair of itemsOf(meeting.chairs)) rows(chair.starts), rows(chair.ends);
      }
    }
    return data;
  }

  /** After a catch-up: the work deferred while events streamed in, and the spare slots of the indexes dropped. */
  caughtUp(): void {
    this.changeDates.sortNoted();
    for (const index of [this.postsOfOrganisation, this.postsOfPerson, this.membershipsOfGroup, this.membershipsOfOrganisation, this.chairsOfGroup, this.chairsOfPerson]) index.compact();
    for (const index of [this.meetingsOfGroup, this.agreementsOfParty, this.successorsOf]) index.compact();
    this.workingGroupsOf.compact();
  }

  // Written out rather than through a get-or-create helper: these run once or twice per
  // event of a million-event catch-up, where a closure per call shows in the profile.

  organisation(id: string): StoredOrganisation {
    let record = this.organisations.get(id);
    if (record === undefined) {
      this.organisations.set(id, (record = { registrations: NO_ITEMS, renames: NO_ITEMS, renamesByDate: [], renameLos: [], currentRenames: undefined, latestSince: -1, replacedFacts: 0 }));
      for (const tenure of this.membershipsOfOrganisation.filed(id)) tenure.organisation = record;
    }
    return record;
  }

  person(id: string): StoredPerson {
    let record = this.people.get(id);
    if (record === undefined) {
      this.people.set(id, (record = { registrations: NO_ITEMS, statements: NO_ITEMS }));
      for (const tenure of this.chairsOfPerson.filed(id)) tenure.person = record;
    }
    return record;
  }

  group(id: string): StoredGroup {
    let record = this.groups.get(id);
    if (record === undefined) this.groups.set(id, (record = { formations: NO_ITEMS, dissolutions: NO_ITEMS }));
    return record;
  }

  meeting(id: string): StoredMeeting {
    let record = this.meetings.get(id);
    if (record === undefined) {
      this.meetings.set(id, (record = { id, helds: NO_ITEMS, chairs: this.chairsAwaitingMeeting.get(id) ?? NO_ITEMS }));
      this.chairsAwaitingMeeting.delete(id);
    }
    return record;
  }

  /** Files a record under `key` in one of the record indexes, once whatever the number of versions naming it. */
  fileOnce<R extends { readonly id: string }>(index: RelationIndex<R>, key: string, record: R): void {
    if (!index.filed(key).includes(record)) index.add(key, record, record.id);
  }

  agreement(id: string): StoredAgreement {
    let record = this.agreements.get(id);
    if (record === undefined) this.agreements.set(id, (record = { id, signings: NO_ITEMS, endings: NO_ITEMS }));
    return record;
  }

  // The relation indexes order each key's tenures by the relation's key. Where all of a
  // bucket's keys share their first part, the rest orders them alike (ids are slugs, every
  // character above the line break that joins the parts), so a part the event already holds
  // serves, and no key string is made and kept per tenure.

  post(organisationId: string, personId: string, post: string): PostTenure {
    const second = relationKey(personId, post);
    let tenure = this.posts.find(organisationId, second);
    if (tenure === undefined) {
      this.posts.add(organisationId, second, (tenure = { organisationId, personId, post, starts: NO_ITEMS, ends: NO_ITEMS, reachLo: NO_END_DAY, reachHi: NO_END_DAY, latestSince: -1, replacedFacts: 0 }));
      this.postsOfOrganisation.add(organisationId, tenure, second);
      this.postsOfPerson.add(personId, tenure, relationKey(organisationId, personId, post));
    }
    return tenure;
  }

  membership(groupId: string, organisationId: string): MembershipTenure {
    let tenure = this.memberships.find(groupId, organisationId);
    if (tenure === undefined) {
      this.memberships.add(groupId, organisationId, (tenure = { groupId, organisationId, organisation: this.organisations.get(organisationId), starts: NO_ITEMS, ends: NO_ITEMS, reachLo: NO_END_DAY, reachHi: NO_END_DAY, latestSince: -1, replacedFacts: 0 }));
      this.membershipsOfGroup.add(groupId, tenure, organisationId);
      this.membershipsOfOrganisation.add(organisationId, tenure, groupId);
    }
    return tenure;
  }

  chair(target: ChairNamed['target'], personId: string): ChairTenure {
    return target.kind === 'group' ? this.groupChair(target, personId) : this.meetingChair(target, personId);
  }

  private groupChair(target: ChairNamed['target'], personId: string): ChairTenure {
    let tenure = this.groupChairs.find(target.id, personId);
    if (tenure === undefined) {
      this.groupChairs.add(target.id, personId, (tenure = this.newChair(target, personId)));
      this.chairsOfGroup.add(target.id, tenure, personId);
      this.chairsOfPerson.add(personId, tenure, relationKey(target.kind, target.id, personId));
    }
    return tenure;
  }

  private meetingChair(target: ChairNamed['target'], personId: string): ChairTenure {
    const key = relationKey(target.kind, target.id, personId);
    let tenure = this.meetingChairs.get(key);
    if (tenure === undefined) {
      this.meetingChairs.set(key, (tenure = this.newChair(target, personId)));
      this.fileMeetingChair(target.id, tenure);
      this.chairsOfPerson.add(personId, tenure, key);
    }
    return tenure;
  }

  private newChair(target: ChairNamed['target'], personId: string): ChairTenure {
    return { target, personId, person: this.people.get(personId), starts: NO_ITEMS, ends: NO_ITEMS, reachLo: NO_END_DAY, reachHi: NO_END_DAY, latestSince: -1, replacedFacts: 0 };
  }

  private fileMeetingChair(meetingId: string, tenure: ChairTenure): void {
    const meeting = this.meetings.get(meetingId);
    if (meeting !== undefined) meeting.chairs = withItem(meeting.chairs, tenure);
    else this.chairsAwaitingMeeting.set(meetingId, withItem(this.chairsAwaitingMeeting.get(meetingId) ?? NO_ITEMS, tenure));
  }

  /** Every chair, of groups and of meetings, by joined key. */
  chairs(): RelationStores<ChairTenure> {
    return new RelationStores<ChairTenure>([this.groupChairs, this.meetingChairs]);
  }

  /** Every record in a canonical order (collection, then key) for the read-model digest. */
  *canonicalEntries(): Generator<unknown> {
    const collections: [string, Map<string, object>][] = [
      ['organisations', this.organisations],
      ['people', this.people],
      ['groups', this.groups],
      ['meetings', this.meetings],
      ['agreements', this.agreements],
    ];
    for (const [name, map] of collections) {
      for (const key of sortedKeysOf(map)) yield [name, key, recordedFacts(map.get(key)!, this.amendments.versions)];
    }
    // The relations as they were digested when kept in Maps by their joined keys: same keys, same order.
    const relations: [string, RelationStores<object>][] = [
      ['posts', new RelationStores([this.posts])],
      ['memberships', new RelationStores([this.memberships])],
      ['chairs', this.chairs()],
    ];
    for (const [name, relation] of relations) {
      for (const key of relation.sortedKeys()) yield [name, key, recordedFacts(relation.get(key)!, this.amendments.versions)];
    }
  }
}

/*
 * Records and tenures are written out as whole literals, not spread from a template: V8
 * sizes an object literal by the properties it names, and properties spread in beyond them
 * went to a separate property array (about 60 bytes more per tenure). Their lists of facts
 * start as the one shared empty list (see TightList).
 */
