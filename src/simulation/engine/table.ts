/**
 * A keyed table in a node's state. In a playback, every change makes a new Map (earlier
 * snapshots stay as they were, so stepping back restores them). In a load run that keeps no
 * history, the Map is changed in place: nobody will look at the old version again.
 *
 * @example
 *   let conns: Table<number> = new Map();
 *   conns = tableSet(conns, 'a', 1, false); // a new Map; the old one is untouched
 */
export type Table<V> = ReadonlyMap<string, V>;

export function tableSet<V>(table: Table<V>, key: string, value: V, inPlace: boolean): Table<V> {
  const next = inPlace ? (table as Map<string, V>) : new Map(table);
  next.set(key, value);
  return next;
}

export function tableDelete<V>(table: Table<V>, key: string, inPlace: boolean): Table<V> {
  if (!table.has(key)) return table;
  const next = inPlace ? (table as Map<string, V>) : new Map(table);
  next.delete(key);
  return next;
}
