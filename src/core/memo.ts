/**
 * Memos keyed by several values through nested maps: no key string is built per call, which matters on hot paths
 * that run once per claim line.
 */

/** `outer.get(key)`, with a new empty map set there when there is none yet. */
export function innerMap<K, K2, V>(outer: Map<K, Map<K2, V>>, key: K): Map<K2, V> {
  let inner = outer.get(key);
  if (inner === undefined) {
    inner = new Map<K2, V>();
    outer.set(key, inner);
  }
  return inner;
}

/**
 * Answers of `compute(a, b)`, remembered up to `limit` of them; past that they are computed and not kept, so a
 * long-running process cannot grow the memo without bound.
 */
export class TwoKeyMemo<A, B, V> {
  private readonly byFirst = new Map<A, Map<B, V>>();
  private readonly compute: (a: A, b: B) => V;
  private readonly limit: number;
  private size = 0;

  constructor(compute: (a: A, b: B) => V, limit = 10_000) {
    this.compute = compute;
    this.limit = limit;
  }

  get(a: A, b: B): V {
    const bySecond = innerMap(this.byFirst, a);
    let value = bySecond.get(b);
    if (value === undefined) {
      value = this.compute(a, b);
      if (this.size < this.limit) {
        bySecond.set(b, value);
        this.size++;
      }
    }
    return value;
  }
}
