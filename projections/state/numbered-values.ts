/**
 * Distinct values numbered in the order first met, so that a table can keep a number
 * where it kept a reference (see VersionTable: a million versions name a few thousand
 * dates, a hundred thousand streams). A number is nothing for the collector to trace or
 * a snapshot to write as a reference.
 *
 * Values are found again by a key (a date's text, a stream's name, an object itself).
 * The lookup is derived from the values, so a snapshot leaves it out and it is made again
 * on the first value numbered after a load (see read-model-classes.ts).
 */
export class NumberedValues<K, V> {
  private readonly values: V[] = [];
  private readonly keys: K[] = [];
  private numbers: Map<K, number> | undefined = new Map();

  /** The number of the value found by `key`, `value` numbered if none is yet. */
  numberOf(key: K, value: V): number {
    const numbers = (this.numbers ??= new Map(this.keys.map((k, n) => [k, n])));
    let number = numbers.get(key);
    if (number === undefined) {
      number = this.values.length;
      this.values.push(value);
      this.keys.push(key);
      numbers.set(key, number);
    }
    return number;
  }

  valueOf(number: number): V {
    return this.values[number]!;
  }

  get size(): number {
    return this.values.length;
  }
}
