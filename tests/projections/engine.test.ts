import { firstValueFrom, take, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { CorruptEventError, decodeEvent } from '../../events/decode-event.js';
import { startProjections, type ProjectionRunner } from '../../projections/engine.js';
import { ReadModels } from '../../projections/read-models.js';
import { fromStoreSubscription } from '../../projections/store-subscription.js';
import type { GroupView } from '../../projections/views.js';
import { day, given, recordedEvents, type Written } from './support/event-log.js';
import { InMemoryEventStore } from './support/in-memory-event-store.js';
import { readModelsOf } from './support/read-models-of.js';

const history: Written[] = [
  { type: 'OrganisationRegistered', organisationId: 'ilo', name: 'ILO' },
  { type: 'GroupFormed', groupId: 'iag-tvet', name: 'IAG-TVET', kind: 'interagency-group', formedOn: '2008' },
  { type: 'MemberJoined', groupId: 'iag-tvet', organisationId: 'ilo', on: '2009' },
];
const laterMember: Written = { type: 'MemberJoined', groupId: 'iag-tvet', organisationId: 'unesco', on: '2010' };

async function storeWith(developments: Written[], positionStep = 1n): Promise<InMemoryEventStore> {
  const store = new InMemoryEventStore(positionStep);
  await store.appendRecorded(recordedEvents(developments));
  return store;
}

const runners: ProjectionRunner[] = [];
function start(store: InMemoryEventStore, models = new ReadModels()): { runner: ProjectionRunner; models: ReadModels } {
  const runner = startProjections(store, models);
  runners.push(runner);
  return { runner, models };
}
afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.stop()));
});

const members = (models: ReadModels) => (models.entity({ category: 'group', id: 'iag-tvet' }, day('2024-01-01')) as GroupView).members.map((m) => m.organisationId);

describe('the store subscription as an Observable', () => {
  it('emits the events after fromPosition (exclusive), then caught-up', async () => {
    const store = await storeWith(history);
    const signals = await firstValueFrom(fromStoreSubscription(store, 1n).pipe(take(3), toArray()));
    expect(signals.map((s) => (s.kind === 'event' ? s.event.position : s.kind === 'caught-up' ? `caught-up at ${s.position}` : s.kind))).toEqual([2n, 3n, 'caught-up at 3']);
  });

  it('unsubscribes the store when unsubscribed', async () => {
    const store = await storeWith(history);
    const subscription = fromStoreSubscription(store).subscribe();
    expect(store.activeSubscriptions).toBe(1);
    subscription.unsubscribe();
    expect(store.activeSubscriptions).toBe(0);
  });
});

describe('the projection runner', () => {
  it('catches up from the store and reports its status', async () => {
    const store = await storeWith(history);
    const { runner, models } = start(store);
    expect(runner.status().caughtUp).toBe(false);
    await runner.ready;
    const status = runner.status();
    expect(status).toMatchObject({ position: 3n, caughtUp: true, knownAt: '2025-01-01T00:02:00.000Z', error: undefined });
    expect(status.lastAppliedAt).toBeInstanceOf(Date);
    expect(runner.checkpoints()).toEqual(new Map([['timeline', 3n], ['entity-state', 3n], ['recorded-time', 3n], ['entity-references', 3n]]));
    expect(members(models)).toEqual(['ilo']);
  });

  it('is ready on an empty store', async () => {
    const { runner } = start(new InMemoryEventStore());
    await runner.ready;
    expect(runner.status()).toMatchObject({ position: undefined, knownAt: undefined, caughtUp: true, lastAppliedAt: undefined });
  });

  it('applies live events and lets readers wait for a position', async () => {
    const store = await storeWith(history);
    const { runner, models } = start(store);
    await runner.ready;
    const [event] = recordedEvents([laterMember]);
    const waited = runner.waitForPosition(4n, 1000);
    const { position } = await store.append(event!.stream, [event!], 'any');
    expect(position).toBe(4n);
    expect(await waited).toBe(true);
    expect(members(models)).toEqual(['ilo', 'unesco']);
    expect(runner.status()).toMatchObject({ position: 4n, caughtUp: true });
  });

  it('answers at once for a position already applied, and false after the timeout', async () => {
    const { runner } = start(await storeWith(history));
    await runner.ready;
    expect(await runner.waitForPosition(2n, 0)).toBe(true);
    expect(await runner.waitForPosition(99n, 20)).toBe(false);
  });

  it('counts a sparse position between applied events as reached', async () => {
    const { runner } = start(await storeWith(history, 10n));
    await runner.ready;
    expect(runner.status().position).toBe(30n);
    expect(await runner.waitForPosition(25n, 0)).toBe(true);
  });

  it('releases waiters when stopped', async () => {
    const { runner } = start(await storeWith(history));
    await runner.ready;
    const waited = runner.waitForPosition(99n, 10_000);
    await runner.stop();
    expect(await waited).toBe(false);
    expect(runner.status().caughtUp).toBe(false);
  });

  it('fails on a corrupt stored event instead of skipping it', async () => {
    const store = await storeWith(history);
    await store.append('group-broken', [{ eventId: 'corrupt-1', type: 'GroupFormed', data: { groupId: 'broken' }, metadata: recordedEvents(history)[0]!.metadata }], 'any');
    await store.appendRecorded(recordedEvents([laterMember]));
    const { runner, models } = start(store);
    await expect(runner.ready).rejects.toBeInstanceOf(CorruptEventError);
    expect(runner.status()).toMatchObject({ position: 3n, caughtUp: false });
    expect(runner.status().error).toBeInstanceOf(CorruptEventError);
    expect(members(models)).toEqual(['ilo']);
    expect(await runner.waitForPosition(5n, 1000)).toBe(false);
    expect(store.activeSubscriptions).toBe(0);
  });

  it('fails on a corrupt event arriving live', async () => {
    const store = await storeWith(history);
    const { runner } = start(store);
    await runner.ready;
    const waited = runner.waitForPosition(4n, 1000);
    await store.append('group-broken', [{ eventId: 'corrupt-2', type: 'NoSuchType', data: {}, metadata: recordedEvents(history)[0]!.metadata }], 'any');
    expect(await waited).toBe(false);
    expect(runner.status().error).toBeInstanceOf(CorruptEventError);
    expect(runner.status().caughtUp).toBe(false);
  });
});

describe('the read-model digest', () => {
  it('is equal for two rebuilds from the same store, and equal to folding the events directly', async () => {
    const recorded = recordedEvents([...history, laterMember]);
    const store = new InMemoryEventStore();
    await store.appendRecorded(recorded);
    const first = start(store);
    const second = start(store);
    await Promise.all([first.runner.ready, second.runner.ready]);
    expect(first.models.digest()).toBe(second.models.digest());
    expect(first.models.digest()).toMatch(/^[0-9a-f]{64}$/);
    expect(readModelsOf(recorded.map(decodeEvent)).digest()).toBe(first.models.digest());
  });

  it('does not depend on the key order the store kept the data in', () => {
    const recorded = recordedEvents([...history, { type: 'ChairNamed', target: { id: 'iag-tvet', kind: 'group' }, from: '2019', role: 'chair', personId: 'ana-ruiz' }]);
    const reversed = (value: unknown): unknown =>
      Array.isArray(value) ? value.map(reversed) : typeof value === 'object' && value !== null ? Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversed(v)])) : value;
    const reordered = recorded.map((e) => ({ ...e, data: reversed(e.data), metadata: reversed(e.metadata) }));
    expect(JSON.stringify(reordered[0]!.data)).not.toBe(JSON.stringify(recorded[0]!.data));
    expect(readModelsOf(reordered.map(decodeEvent)).digest()).toBe(readModelsOf(recorded.map(decodeEvent)).digest());
  });

  it('differs when the events differ', () => {
    expect(readModelsOf(given(...history)).digest()).not.toBe(readModelsOf(given(...history, laterMember)).digest());
  });
});
