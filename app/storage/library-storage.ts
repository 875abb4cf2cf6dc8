import { importDocument, type ImportResult, type TopologyDocument } from '../../src/simulation/index.ts';

/** One saved topology in the person's library. */
export interface SavedEntry {
  readonly id: string;
  readonly name: string;
  /** Milliseconds since 1970, from the browser's clock. */
  readonly updatedAt: number;
}

const INDEX_KEY = 'stackscope.library';
const CURRENT_KEY = 'stackscope.current';
const documentKey = (id: string) => `stackscope.topology.${id}`;
/** The one most recently deleted topology, kept so "Undo delete" still works after a reload. */
const DELETED_KEY = 'stackscope.deleted';

/** A deleted topology that can still be brought back. */
export interface DeletedTopology {
  readonly entry: SavedEntry;
  readonly document: TopologyDocument;
}

/** Why a save did not happen, in words for the person. Nothing already saved is touched. */
export class StorageFailure extends Error {}

/**
 * The person's topologies in browser storage (localStorage, or any Storage in tests). Each
 * document has its own key and is written before the index, so a failed write leaves the last
 * good copy in place.
 */
export interface LibraryStorage {
  list(): SavedEntry[];
  read(id: string): ImportResult;
  write(entry: SavedEntry, document: TopologyDocument): void;
  /** Deletes a topology, keeping it (and only it) as the one "Undo delete" can bring back. */
  remove(id: string): void;
  lastDeleted(): DeletedTopology | null;
  forgetDeleted(): void;
  current(): string | null;
  setCurrent(id: string | null): void;
}

export function createLibraryStorage(storage: Storage): LibraryStorage {
  const readIndex = (): SavedEntry[] => {
    try {
      const parsed: unknown = JSON.parse(storage.getItem(INDEX_KEY) ?? '[]');
      return Array.isArray(parsed) ? parsed.filter(isEntry) : [];
    } catch {
      return [];
    }
  };
  const writeItem = (key: string, value: string) => {
    try {
      storage.setItem(key, value);
    } catch (error) {
      throw new StorageFailure(describeStorageError(error));
    }
  };
  return {
    list: () => readIndex().sort((a, b) => b.updatedAt - a.updatedAt),
    read(id) {
      const text = storage.getItem(documentKey(id));
      if (text === null) return { ok: false, errors: [{ path: '', message: 'This topology is no longer in the browser’s storage.' }] };
      return restoreSaved(text);
    },
    write(entry, document) {
      writeItem(documentKey(entry.id), JSON.stringify(document));
      writeItem(INDEX_KEY, JSON.stringify([...readIndex().filter((other) => other.id !== entry.id), entry]));
    },
    remove(id) {
      const entry = readIndex().find((candidate) => candidate.id === id);
      const text = storage.getItem(documentKey(id));
      // The previous deleted copy goes first, so keeping this one needs no more room than it had.
      storage.removeItem(DELETED_KEY);
      storage.removeItem(documentKey(id));
      if (entry && text !== null) {
        try {
          storage.setItem(DELETED_KEY, JSON.stringify({ entry, document: JSON.parse(text) as unknown }));
        } catch {
          // Without room for the copy, "Undo delete" still works until the page is closed.
        }
      }
      try {
        storage.setItem(INDEX_KEY, JSON.stringify(readIndex().filter((entry) => entry.id !== id)));
      } catch {
        // Removing makes room; if even this write fails the entry only lingers in the list.
      }
    },
    lastDeleted() {
      try {
        const parsed: unknown = JSON.parse(storage.getItem(DELETED_KEY) ?? 'null');
        if (typeof parsed !== 'object' || parsed === null) return null;
        const { entry, document } = parsed as { entry?: unknown; document?: unknown };
        if (!isEntry(entry)) return null;
        const restored = restoreSaved(JSON.stringify(document));
        return restored.ok ? { entry, document: restored.document } : null;
      } catch {
        return null;
      }
    },
    forgetDeleted: () => storage.removeItem(DELETED_KEY),
    current: () => storage.getItem(CURRENT_KEY),
    setCurrent(id) {
      try {
        if (id === null) storage.removeItem(CURRENT_KEY);
        else storage.setItem(CURRENT_KEY, id);
      } catch {
        // Which topology was open last is a convenience; failing to note it loses no work.
      }
    },
  };
}

function isEntry(value: unknown): value is SavedEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return typeof entry['id'] === 'string' && typeof entry['name'] === 'string' && typeof entry['updatedAt'] === 'number';
}

function describeStorageError(error: unknown): string {
  const name = error instanceof Error ? error.name : '';
  if (name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED') {
    return 'The browser’s storage for this site is full, so your latest changes are not saved.';
  }
  return 'The browser refused to save (storage may be blocked in this window), so your latest changes are not saved.';
}

/**
 * Reads a saved document. A person may have left a setting half-typed (an address missing its
 * last digit), so node configs are kept as they were even when their schema rejects them: the
 * diagnostics show them, and nothing is thrown away. Everything else is checked as on import.
 */
export function restoreSaved(text: string): ImportResult {
  const strict = importDocument(text);
  if (strict.ok) return strict;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return strict;
  }
  if (typeof raw !== 'object' || raw === null || !Array.isArray((raw as { nodes?: unknown }).nodes)) return strict;
  const rawNodes = (raw as { nodes: unknown[] }).nodes;
  const configs = rawNodes.map((node) => {
    const config = typeof node === 'object' && node !== null ? (node as { config?: unknown }).config : undefined;
    return typeof config === 'object' && config !== null && !Array.isArray(config) ? (config as Record<string, unknown>) : {};
  });
  const structural = importDocument({ ...raw, nodes: rawNodes.map((node) => (typeof node === 'object' && node !== null ? { ...node, config: {} } : node)) });
  if (!structural.ok) return structural;
  return { ok: true, document: { ...structural.document, nodes: structural.document.nodes.map((node, index) => ({ ...node, config: configs[index] ?? {} })) } };
}

/** Browser storage when it can be used at all; private modes and sandboxes may forbid it. */
export function browserStorage(): Storage | null {
  try {
    const storage = window.localStorage;
    const probe = 'stackscope.probe';
    storage.setItem(probe, '1');
    storage.removeItem(probe);
    return storage;
  } catch {
    return null;
  }
}
