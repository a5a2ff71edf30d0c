import { describe, expect, it } from 'vitest';
import type { ConcordEvent } from '../../events/decode-event.js';
import { asciiJson, isAscii } from '../../projections/ascii-json.js';
import { ReadModels } from '../../projections/read-models.js';
import { RenderedTextCache } from '../../projections/rendered-text-cache.js';
import type { TimelineQuery } from '../../projections/timeline-projection.js';
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

  it('keeps within its budget by evicting the least recently used texts', () => {
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
