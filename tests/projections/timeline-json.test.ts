import { describe, expect, it, vi } from 'vitest';
import type { ConcordEvent } from '../../events/decode-event.js';
import { asciiJson, isAscii } from '../../projections/ascii-json.js';
import { EarliestKnownBlocks } from '../../projections/earliest-known-blocks.js';
import { ReadModels } from '../../projections/read-models.js';
import { RenderedTextCache } from '../../projections/rendered-text-cache.js';
import { readGraph } from '../../projections/snapshot/graph-reader.js';
import { GraphWriter } from '../../projections/snapshot/graph-writer.js';
import { READ_MODEL_CLASSES } from '../../projections/snapshot/read-model-classes.js';
import type { TimelineQuery } from '../../projections/timeline-query.js';
import { day, given, type Written } from './support/event-log.js';

const joined = (organisationId: string, on: string): Written => ({ type: 'MemberJoined', groupId: 'iag-tvet', organisationId, on });

/** The event log helper numbers ids: point an amendment at an earlier event's id. */
function amending(event: ConcordEvent, target: ConcordEvent, field: 'correctsEventId' | 'retractsEventId'): ConcordEvent {
  return { ...event, development: { ...event.development, data: { ...event.development.data, [field]: target.eventId } } } as ConcordEvent;
}

function modelsWithAmendments(): ReadModels {
  const [formed, unesco, ilo, undp, correction, retraction, rename] = given(
    { type: 'GroupFormed', groupId: 'iag-tvet', name: 'IAG-TVET', kind: 'interagency-group', convenedBy: 'unesco', formedOn: '2008', sources: [{ title: 'Terms of reference' }] },
    joined('unesco', '2009'),
    joined('ilo', '2009-03'),
    joined('undp', '../2010'),
    { type: 'DevelopmentCorrected', entity: 'group:iag-tvet', correctsEventId: '00000000-0000-4000-8000-000000000000', changes: { on: '2010' }, reason: 'minutes' },
    { type: 'DevelopmentRetracted', entity: 'group:iag-tvet', retractsEventId: '00000000-0000-4000-8000-000000000000', reason: 'never joined' },
    { type: 'MemberJoined', groupId: 'iag-tvet', organisationId: 'oecd', on: '2011-05-02', sources: [{ title: 'Minutes – “Bonn” 🙂', url: 'https://example.org/m' }] },
  );
  const models = new ReadModels();
  for (const event of [formed!, unesco!, ilo!, undp!, amending(correction!, unesco!, 'correctsEventId'), amending(retraction!, ilo!, 'retractsEventId'), rename!]) {
    models.apply(event);
  }
  return models;
}

const queries: TimelineQuery[] = [
  { limit: 100 },
  { limit: 2 },
  { limit: 100, maxPosition: 3n },
  { limit: 100, maxPosition: 5n },
  { limit: 100, maxPosition: 6n },
  { limit: 100, to: { text: '2009', lo: day('2009'), hi: day('2009-12-31'), precision: 'year' } },
  { limit: 100, entity: { category: 'organisation', id: 'unesco' } },
  { limit: 100, types: ['MemberJoined'] },
];

describe('timeline pages as JSON', () => {
  it('are the serialised items of the same page as ASCII JSON, amended items and pinned positions included', () => {
    const models = modelsWithAmendments();
    for (const query of queries) {
      const page = models.timeline(query);
      // Twice: the second answer comes from the cache of rendered items.
      for (let round = 0; round < 2; round++) {
        const json = models.timelineJson(query);
        expect(`[${json.itemsJson}]`).toBe(asciiJson(JSON.stringify(page.items)));
        expect(isAscii(json.itemsJson)).toBe(true);
        expect(JSON.parse(`[${json.itemsJson}]`)).toEqual(JSON.parse(JSON.stringify(page.items)));
        expect(json.nextKey).toEqual(page.nextKey);
      }
    }
    // The non-ASCII title is there, escaped, and reads back whole.
    const oecd = (JSON.parse(`[${models.timelineJson({ limit: 100 }).itemsJson}]`) as { data: { organisationId?: string }; sources: { title: string }[] }[]).find((item) => item.data.organisationId === 'oecd');
    expect(oecd?.sources[0]?.title).toBe('Minutes – “Bonn” 🙂');
  });

  it('show the amendment history only as known at the asked position, whatever was asked before', () => {
    const models = modelsWithAmendments();
    const corrected = (maxPosition?: bigint) =>
      (JSON.parse(`[${models.timelineJson({ limit: 100, types: ['MemberJoined'], ...(maxPosition !== undefined && { maxPosition }) }).itemsJson}]`) as { data: { organisationId: string }; history?: unknown[] }[])
        .find((item) => item.data.organisationId === 'unesco');
    expect(corrected()?.history).toHaveLength(2);
    expect(corrected(4n)?.history).toBeUndefined(); // before the correction: the original, never amended then
    expect(corrected(5n)?.history).toHaveLength(2);
    expect(corrected()?.history).toHaveLength(2);
  });
});

describe('timeline pages as known at the newest position or later', () => {
  it('are the pages as known now, amended items and their history included, and skip the walk of known positions', () => {
    const models = modelsWithAmendments();
    const walks = vi.spyOn(EarliestKnownBlocks.prototype, 'nextKnownBy');
    for (const base of [{ limit: 100 }, { limit: 2 }, { limit: 100, from: { text: '2009', lo: day('2009'), hi: day('2009-12-31'), precision: 'year' as const } }]) {
      const now = models.timeline(base);
      for (const maxPosition of [7n, 8n, 1_000n]) {
        walks.mockClear();
        expect(models.timeline({ ...base, maxPosition })).toEqual(now);
        expect(models.timelineJson({ ...base, maxPosition })).toEqual(models.timelineJson(base));
        expect(walks).not.toHaveBeenCalled();
      }
      // Before the newest position the walk is taken.
      walks.mockClear();
      models.timeline({ ...base, maxPosition: 6n });
      expect(walks).toHaveBeenCalled();
    }
    walks.mockRestore();
  });
});

describe('rendered text cache', () => {
  it('renders a key once while it is kept', () => {
    const cache = new RenderedTextCache<object>(100);
    const key = {};
    let renders = 0;
    const render = () => `text ${++renders}`;
    expect(cache.text(key, render)).toBe('text 1');
    expect(cache.text(key, render)).toBe('text 1');
    expect(cache.stats()).toEqual({ entries: 1, chars: 6, hits: 1, misses: 1 });
  });

  it('keeps within its budget by evicting first the texts not served again', () => {
    const cache = new RenderedTextCache<object>(25);
    const [a, b, c] = [{}, {}, {}];
    cache.text(a, () => 'a'.repeat(10));
    cache.text(b, () => 'b'.repeat(10));
    cache.text(a, () => 'never rendered again'); // a is now the most recently used
    cache.text(c, () => 'c'.repeat(10)); // 30 characters: b goes
    expect(cache.stats()).toMatchObject({ entries: 2, chars: 20 });
    expect(cache.text(a, () => 'rendered again')).toBe('a'.repeat(10));
    expect(cache.text(b, () => 'b rendered again')).toBe('b rendered again');
  });

  it('evicts first the texts not served again since eviction last passed them, over many additions and hits', () => {
    // The reference: a queue in the order eviction meets the texts; a used text met is
    // given a second chance at the back, an unused one goes.
    const cache = new RenderedTextCache<{ id: number }>(200);
    const keys = Array.from({ length: 60 }, (_, id) => ({ id }));
    let queue: { key: { id: number }; text: string; used: boolean }[] = [];
    let seed = 5;
    const next = (m: number) => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) % m;
    const chars = () => queue.reduce((n, r) => n + r.text.length, 0);
    for (let step = 0; step < 5_000; step++) {
      const key = keys[next(keys.length)]!;
      const text = `${key.id}:`.padEnd(5 + next(20), '.');
      const kept = queue.find((r) => r.key === key);
      const answer = cache.text(key, () => text);
      if (kept) {
        expect(answer).toBe(kept.text);
        kept.used = true;
      } else {
        expect(answer).toBe(text);
        queue.push({ key, text, used: false });
        while (chars() > 200) {
          const [first, ...rest] = queue;
          queue = first!.used ? [...rest, { ...first!, used: false }] : rest;
        }
      }
      expect(cache.stats()).toMatchObject({ entries: queue.length, chars: chars() });
    }
  });

  it('goes on evicting in order after a snapshot of it is read back mid-way', () => {
    const registry = READ_MODEL_CLASSES;
    const keys = Array.from({ length: 8 }, (_, id) => ({ id }));
    const cache = new RenderedTextCache<{ id: number }>(30);
    for (const key of keys) cache.text(key, () => `${key.id}`.padEnd(10, '.')); // keeps the last three
    const written = new GraphWriter(registry).write({ cache, keys });
    const { root } = readGraph(written.graph, written.strings, Array.from(written.bigints), registry);
    const read = root as { cache: RenderedTextCache<{ id: number }>; keys: { id: number }[] };
    expect(read.cache.stats()).toMatchObject({ entries: 3, chars: 30 });
    expect(read.cache.text(read.keys[5]!, () => 'again')).toBe('5'.padEnd(10, '.'));
    read.cache.text(read.keys[0]!, () => 'zero'.padEnd(10, '.')); // evicts 6, the least recently used
    expect(read.cache.text(read.keys[6]!, () => 'six again')).toBe('six again');
    expect(read.cache.text(read.keys[7]!, () => 'seven again')).toBe('seven again');
  });

  it('serves a text larger than the whole budget without keeping it', () => {
    const cache = new RenderedTextCache<object>(4);
    const key = {};
    expect(cache.text(key, () => 'too long')).toBe('too long');
    expect(cache.stats()).toMatchObject({ entries: 0, chars: 0 });
  });

  it('refuses a budget that is not a number of characters', () => {
    expect(() => new RenderedTextCache<object>(Number.NaN)).toThrow(RangeError);
  });
});
