import { describe, expect, it } from 'vitest';
import { example, exampleJson } from '../../src/simulation/test-support/documents.node.ts';
import { createLibraryStorage, restoreSaved, StorageFailure } from './library-storage.ts';

/** An in-memory Storage that can be told to refuse writes, as a full quota does. */
function memoryStorage(limitBytes = Number.POSITIVE_INFINITY): Storage & { full: boolean } {
  const items = new Map<string, string>();
  const size = () => [...items.values()].reduce((total, value) => total + value.length, 0);
  return {
    full: false,
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem(key, value) {
      if (this.full || size() - (items.get(key)?.length ?? 0) + value.length > limitBytes) {
        throw Object.assign(new Error('quota'), { name: 'QuotaExceededError' });
      }
      items.set(key, value);
    },
  };
}

describe('the library in browser storage', () => {
  it('writes, lists newest first, reads back and removes', () => {
    const library = createLibraryStorage(memoryStorage());
    const document = example('default');
    library.write({ id: 'a', name: 'First', updatedAt: 1 }, document);
    library.write({ id: 'b', name: 'Second', updatedAt: 2 }, document);
    expect(library.list().map((entry) => entry.name)).toEqual(['Second', 'First']);
    expect(library.read('a')).toEqual({ ok: true, document });
    library.remove('a');
    expect(library.list().map((entry) => entry.id)).toEqual(['b']);
    expect(library.read('a').ok).toBe(false);
  });

  it('keeps the last good copy when storage is full, and says so', () => {
    const storage = memoryStorage();
    const library = createLibraryStorage(storage);
    const document = example('default');
    library.write({ id: 'a', name: 'Mine', updatedAt: 1 }, document);
    storage.full = true;
    const changed = { ...document, name: 'Changed' };
    expect(() => library.write({ id: 'a', name: 'Mine', updatedAt: 2 }, changed)).toThrow(StorageFailure);
    expect(() => library.write({ id: 'a', name: 'Mine', updatedAt: 2 }, changed)).toThrow(/storage for this site is full/);
    expect(library.read('a')).toEqual({ ok: true, document });
    expect(library.list()).toEqual([{ id: 'a', name: 'Mine', updatedAt: 1 }]);
  });

  it('keeps the one topology deleted last, in storage, until it is forgotten', () => {
    const storage = memoryStorage();
    const document = example('default');
    createLibraryStorage(storage).write({ id: 'a', name: 'First', updatedAt: 1 }, document);
    createLibraryStorage(storage).write({ id: 'b', name: 'Second', updatedAt: 2 }, { ...document, name: 'Second' });
    createLibraryStorage(storage).remove('a');
    // A fresh LibraryStorage on the same Storage is what a reload sees.
    expect(createLibraryStorage(storage).lastDeleted()).toEqual({ entry: { id: 'a', name: 'First', updatedAt: 1 }, document });
    createLibraryStorage(storage).remove('b');
    expect(createLibraryStorage(storage).lastDeleted()?.entry.name).toBe('Second');
    createLibraryStorage(storage).forgetDeleted();
    expect(createLibraryStorage(storage).lastDeleted()).toBeNull();
  });

  it('deletes even when there is no room to keep the deleted copy', () => {
    const storage = memoryStorage();
    const library = createLibraryStorage(storage);
    library.write({ id: 'a', name: 'First', updatedAt: 1 }, example('default'));
    storage.full = true;
    library.remove('a');
    expect(library.read('a').ok).toBe(false);
    expect(library.lastDeleted()).toBeNull();
  });

  it('ignores a damaged index instead of failing', () => {
    const storage = memoryStorage();
    storage.setItem('stackscope.library', '{not json');
    expect(createLibraryStorage(storage).list()).toEqual([]);
  });
});

describe('restoreSaved', () => {
  it('keeps a half-typed setting as the person left it', () => {
    const raw = exampleJson('default');
    (raw.nodes[3]!['config'] as Record<string, unknown>)['workers'] = 0;
    const result = restoreSaved(JSON.stringify(raw));
    expect(result.ok).toBe(true);
    expect(result.ok && result.document.nodes[3]!.config['workers']).toBe(0);
  });

  it('still rejects a document whose structure is broken, with the path', () => {
    const raw = exampleJson('default');
    raw.links.push({ id: 'x', from: 'browser', to: 'nowhere', kind: 'network' });
    const result = restoreSaved(JSON.stringify(raw));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors[0]!.path).toMatch(/^links\[\d+\]\.to$/);
  });
});
