import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startProjections } from '../../projections/engine.js';
import { ReadModels } from '../../projections/read-models.js';
import { loadSeed } from '../../src/recording/load-seed.js';
import { recordDevelopment } from '../../src/recording/record-development.js';
import { SqliteEventStore } from '../../src/store/sqlite-event-store.js';
import { tempDir } from '../support/temp-dir.js';

let tmp: ReturnType<typeof tempDir>;
let store: SqliteEventStore;
beforeEach(async () => {
  tmp = tempDir();
  store = SqliteEventStore.open(tmp.file('hold.db'));
  await loadSeed(store);
});
afterEach(async () => {
  await store.close();
  tmp.remove();
});

const register = (id: string) =>
  recordDevelopment(store, { type: 'PersonRegistered', data: { personId: id, name: id } }, `00000000-0000-4000-8000-${id.padStart(12, '0')}`, { recordedBy: 'test', correlationId: 'hold' });

describe('holding the projections at one position', () => {
  it('keeps the read models where they are while held, then applies what arrived', async () => {
    const models = new ReadModels();
    const runner = startProjections(store, models);
    await runner.ready;
    const release = runner.hold();
    const held = runner.status().position;
    const digestHeld = models.digest();
    await register('111');
    await register('222');
    await new Promise((r) => setTimeout(r, 300)); // the store has delivered what it can
    expect(runner.status().position).toBe(held);
    expect(await models.digestAsync(1)).toBe(digestHeld);
    release();
    expect(await runner.waitForPosition((await store.headPosition())!, 2000)).toBe(true);
    expect(models.entity({ category: 'person', id: '222' }, 20_000)).toBeDefined();
    await runner.stop();
  });

  it('computes the same digest in slices as at once', async () => {
    const models = new ReadModels();
    const runner = startProjections(store, models);
    await runner.ready;
    expect(await models.digestAsync(1)).toBe(models.digest());
    await runner.stop();
  });
});
