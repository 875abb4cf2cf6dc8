/**
 * A keyed table in a node's state. In a playback, every change makes a new Map (earlier
 * snapshots stay as they were, so stepping back restores them). In a load run that keeps no
 * history, the Map is changed in place: nobody will look at the old version again.
 *
 * @example
 *   let conns: Table<number> = new Map();
 *   conns = tableSet(conns, 'a', 1, false); // a new Map; the old one is untouched
 */
export type Table<V, K = string> = ReadonlyMap<K, V>;

export function tableSet<V, K = string>(table: Table<V, K>, key: K, value: V, inPlace: boolean): Table<V, K> {
  const next = inPlace ? (table as Map<K, V>) : new Map(table);
  next.set(key, value);
  return next;
}

export function tableDelete<V, K = string>(table: Table<V, K>, key: K, inPlace: boolean): Table<V, K> {
  if (!table.has(key)) return table;
  const next = inPlace ? (table as Map<K, V>) : new Map(table);
  next.delete(key);
  return next;
}

/** A state or record being changed: NodeContext.draft() hands these out. */
export type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** tableSet for a plain record (where a person sees its keys in insertion order). */
export function recordSet<V>(record: Readonly<Record<string, V>>, key: string, value: V, inPlace: boolean): Readonly<Record<string, V>> {
  if (!inPlace) return { ...record, [key]: value };
  (record as Record<string, V>)[key] = value;
  return record;
}
