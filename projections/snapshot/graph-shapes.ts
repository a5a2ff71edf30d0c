/**
 * The shapes a GraphWriter has defined (a prototype number and keys in order), each
 * numbered in the order it was first met. Found by their first key, then compared key by
 * key: the keys from Object.keys are interned strings, so each comparison is a pointer's.
 */
export class ShapeTable {
  private readonly byFirstKey = new Map<string | undefined, { readonly protoId: number; readonly keys: readonly string[]; readonly id: number }[]>();
  private count = 0;

  find(protoId: number, keys: readonly string[]): number | undefined {
    const candidates = this.byFirstKey.get(keys[0]);
    if (candidates === undefined) return undefined;
    next: for (const shape of candidates) {
      if (shape.protoId !== protoId || shape.keys.length !== keys.length) continue;
      for (let i = 1; i < keys.length; i++) if (shape.keys[i] !== keys[i]) continue next;
      return shape.id;
    }
    return undefined;
  }

  /** Numbers a shape not found before. */
  add(protoId: number, keys: readonly string[]): number {
    const id = this.count++;
    const sameFirst = this.byFirstKey.get(keys[0]);
    if (sameFirst) sameFirst.push({ protoId, keys, id });
    else this.byFirstKey.set(keys[0], [{ protoId, keys, id }]);
    return id;
  }
}
