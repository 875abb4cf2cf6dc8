/**
 * Two-level memos: many behaviours cache a read-only value by two keys (a config, then a
 * query; a header name, then its value). These hand out the inner table for the first key,
 * made the first time that key is seen, without allocating anything on a hit.
 *
 * @example
 *   const byQuery = innerMap(results, config);
 *   let result = byQuery.get(query);
 */
interface Outer<K, T> {
  get(key: K): T | undefined;
  set(key: K, value: T): unknown;
}

/** The Map kept under `key` in `outer` (a Map or a WeakMap), made empty on first use. */
export function innerMap<K, IK, V>(outer: Outer<K, Map<IK, V>>, key: K): Map<IK, V> {
  let inner = outer.get(key);
  if (inner === undefined) {
    inner = new Map();
    outer.set(key, inner);
  }
  return inner;
}

/** The WeakMap kept under `key` in `outer`, made empty on first use. */
export function innerWeakMap<K, IK extends object, V>(outer: Outer<K, WeakMap<IK, V>>, key: K): WeakMap<IK, V> {
  let inner = outer.get(key);
  if (inner === undefined) {
    inner = new WeakMap();
    outer.set(key, inner);
  }
  return inner;
}
