/**
 * Keys of many-to-many relations. Ids are slugs (no line breaks) and only the last part
 * may be free text (a post), so joining with a line break keeps the parts apart. Joined
 * by `join`, which makes one flat string: a template literal makes a rope, to which the
 * first Map hashing it adds a flat copy (see flatEntityKey in ../event-entities.ts).
 */
export function relationKey(first: string, second: string, third?: string): string {
  return (third === undefined ? [first, second] : [first, second, third]).join('\n');
}
