export interface RenderedCacheStats {
  readonly entries: number;
  readonly chars: number;
  readonly hits: number;
  readonly misses: number;
}

/**
 * Rendered texts (JSON) of immutable things, kept up to a budget of characters and
 * evicted least recently used first.
 *
 * Why: serialising a page of timeline items was a third of a GET /timeline's time on the
 * server (JSON.stringify of 50 items, 27 KB, per request), yet an item that was never
 * amended renders the same forever. Keeping every rendered item would cost about half a
 * kilobyte per event (half a gigabyte at a million), so the cache keeps the recently
 * served ones only: the pages clients actually ask for.
 *
 * Keys are the very objects rendered (compared by identity), so a rebuilt model starts
 * with an empty cache of its own and nothing stale can be served.
 */
export class RenderedTextCache<K extends object> {
  /** Insertion order is recency order: a hit is moved to the end, eviction takes from the front. */
  private readonly texts = new Map<K, string>();
  private chars = 0;
  private hitCount = 0;
  private missCount = 0;

  constructor(
    /** The most characters kept (one byte each for ASCII in V8's one-byte strings). */
    readonly maxChars: number,
  ) {
    if (!(maxChars >= 0)) throw new RangeError(`a rendered text cache needs a budget of 0 or more characters, not ${maxChars}`);
  }

  /** The key's text, rendered by `render` on a miss; `render` must give the same text for the same key forever. */
  text(key: K, render: (key: K) => string): string {
    const known = this.texts.get(key);
    if (known !== undefined) {
      this.hitCount++;
      this.texts.delete(key);
      this.texts.set(key, known);
      return known;
    }
    this.missCount++;
    const text = render(key);
    if (text.length > this.maxChars) return text;
    this.texts.set(key, text);
    this.chars += text.length;
    for (const [oldKey, oldText] of this.texts) {
      if (this.chars <= this.maxChars) break;
      this.texts.delete(oldKey);
      this.chars -= oldText.length;
    }
    return text;
  }

  stats(): RenderedCacheStats {
    return { entries: this.texts.size, chars: this.chars, hits: this.hitCount, misses: this.missCount };
  }
}
