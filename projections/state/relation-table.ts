import { relationKey } from './relation-key.js';
import { compareText } from './ordering.js';
import { mergeSortedBy } from './sorted-arrays.js';
import { sortedKeysOf } from './sorted-keys.js';

/**
 * The tenures of one kind of relation with many per entity (memberships, a group's chairs,
 * posts), found by their two parts: the first (a group, an organisation) and the second
 * (a member, a chair, "person\npost").
 *
 * Why not one Map by the joined key (relationKey), as before: every event about a
 * relation made its key afresh (an allocation, then hashing all of it) to probe a table of
 * every relation of that kind, 260,000 memberships at a million events, mostly a cache
 * miss; and each relation kept its key string for the life of the models. Found here by
 * the first part in a table of a few thousand entries, then the second in that part's own
 * table: no string made, two probes of tables that stay in the cache. Not for relations
 * with one or two per first part (a meeting's chairs): a Map each costs more than the key.
 *
 * The joined keys are still the relations' names for answers and the digest (`get`,
 * `sortedKeys`), made when asked: `prefix` (a chair's target kind) goes before the parts.
 */
export class RelationTable<T> {
  private readonly byFirst = new Map<string, Map<string, T>>();
  private count = 0;

  constructor(readonly prefix?: string) {}

  get size(): number {
    return this.count;
  }

  find(first: string, second: string): T | undefined {
    return this.byFirst.get(first)?.get(second);
  }

  /** Adds a tenure not in the table yet (the caller found none with `find`). */
  add(first: string, second: string, value: T): void {
    let seconds = this.byFirst.get(first);
    if (seconds === undefined) this.byFirst.set(first, (seconds = new Map()));
    seconds.set(second, value);
    this.count += 1;
  }

  /** The tenure named by a joined key (with the prefix, if the table has one). */
  get(key: string): T | undefined {
    let rest = key;
    if (this.prefix !== undefined) {
      if (!key.startsWith(this.prefix + '\n')) return undefined;
      rest = key.slice(this.prefix.length + 1);
    }
    // Ids hold no line breaks: the first one ends the first part, the second part may hold more (a post).
    const split = rest.indexOf('\n');
    return split < 0 ? undefined : this.find(rest.slice(0, split), rest.slice(split + 1));
  }

  /**
   * Every joined key in text order, kept beside the table (a snapshot does not write
   * them) until a tenure is added. First parts are slugs, whose every character sorts
   * after the line break joining the parts, so the keys in order are each first part's
   * in order, the first parts in order: no sort of the whole.
   */
  sortedKeys(): readonly string[] {
    const known = sortedByTable.get(this);
    if (known !== undefined && known.length === this.count) return known;
    const keys: string[] = [];
    for (const first of sortedKeysOf(this.byFirst)) {
      for (const second of sortedKeysOf(this.byFirst.get(first)!)) keys.push(this.prefix === undefined ? relationKey(first, second) : relationKey(this.prefix, first, second));
    }
    sortedByTable.set(this, keys);
    return keys;
  }
}

const sortedByTable = new WeakMap<RelationTable<unknown>, readonly string[]>();

/** What holds one kind of relation: a table by parts, or a Map by joined key. */
export type RelationStore<T> = RelationTable<T> | ReadonlyMap<string, T>;

/** Several stores of one kind of relation read as one (a chair's target is a group or a meeting): their keys never overlap. */
export class RelationStores<T> {
  constructor(private readonly stores: readonly RelationStore<T>[]) {}

  get(key: string): T | undefined {
    for (const store of this.stores) {
      const value = store.get(key);
      if (value !== undefined) return value;
    }
    return undefined;
  }

  sortedKeys(): readonly string[] {
    return this.stores.reduce<readonly string[]>((keys, store) => mergeSortedBy(keys, store instanceof RelationTable ? store.sortedKeys() : sortedKeysOf(store), compareText), []);
  }
}
