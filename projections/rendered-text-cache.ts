export interface RenderedCacheStats {
  readonly entries: number;
  readonly chars: number;
  readonly hits: number;
  readonly misses: number;
}

/** A kept text, and whether it was served again since eviction last passed it. */
interface Kept {
  readonly text: string;
  used: boolean;
}

/**
 * Rendered texts (JSON) of immutable things, kept up to a budget of characters; when it is
 * full, the texts not served again since eviction last passed them go first (a "second
 * chance" order, close to least recently used).
 *
 * Why: serialising a page of timeline items was a third of a GET /timeline's time on the
 * server (JSON.stringify of 50 items, 27 KB, per request), yet an item that was never
 * amended renders the same forever. Keeping every rendered item would cost about half a
 * kilobyte per event (half a gigabyte at a million), so the cache keeps the recently
 * served ones only: the pages clients actually ask for.
 *
 * How, and why not an exact LRU: an exact one moved each hit to the end of the map (a
 * delete and a set, per item of every page): at a million events that was about a ninth
 * of the server's CPU under the benchmark's GET load, which hits the cache nearly always
 * (bench/HISTORY.md, 2026-12-01). A hit now only marks its text used. Eviction walks the
 * map oldest first and goes on where it stopped: a used text is marked unused and moved to
 * the end, an unused one goes. (A walk started afresh for every eviction stepped again
 * over the slots of all the texts evicted before it, which a map keeps until it is
 * rehashed: 12-16 µs per text added once the cache was full.)
 *
 * Keys are the very objects rendered (compared by identity), so a rebuilt model starts
 * with an empty cache of its own and nothing stale can be served.
 */
export class RenderedTextCache<K> {
  /** Oldest first, as eviction meets them. */
  private readonly texts = new Map<K, Kept>();
  /** Where eviction goes on. Not kept in a snapshot (see read-model-classes.ts): a cache read back starts a walk of its own. */
  private walk: Iterator<[K, Kept]> | undefined = undefined;
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
      known.used = true;
      return known.text;
    }
    this.missCount++;
    const text = render(key);
    if (text.length > this.maxChars) return text;
    this.texts.set(key, { text, used: false });
    this.chars += text.length;
    while (this.chars > this.maxChars) this.evictOne();
    return text;
  }

  stats(): RenderedCacheStats {
    return { entries: this.texts.size, chars: this.chars, hits: this.hitCount, misses: this.missCount };
  }

  /** Takes out the first unused text the walk meets, giving each used one it passes a second chance at the end. */
  private evictOne(): void {
    for (;;) {
      let next = this.walk?.next();
      if (next === undefined || next.done === true) {
        this.walk = this.texts.entries();
        next = this.walk.next();
        // Never empty here: the text just added is kept, within the budget on its own.
        if (next.done === true) return;
      }
      const [key, kept] = next.value;
      this.texts.delete(key);
      if (kept.used) {
        kept.used = false;
        this.texts.set(key, kept);
        continue;
      }
      this.chars -= kept.text.length;
      return;
    }
  }
}
