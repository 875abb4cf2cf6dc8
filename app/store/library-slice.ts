import type { StateCreator } from 'zustand';
import { DOCUMENT_VERSION, type TopologyDocument } from '../../src/simulation/index.ts';
import { browserStorage, createLibraryStorage, StorageFailure, type DeletedTopology, type LibraryStorage, type SavedEntry } from '../storage/library-storage.ts';
import type { StackscopeState } from './store.ts';
import { DEFAULT_TOPOLOGY } from './url.ts';

export interface LibrarySlice {
  /** Saved topologies, most recently changed first. */
  readonly library: readonly SavedEntry[];
  /** Why the latest change could not be saved, or null when everything is saved. */
  readonly storageProblem: string | null;
  /** The topology deleted last, kept (across reloads) until the next deletion so it can be brought back. */
  readonly recentlyDeleted: DeletedTopology | null;
  /** Saves the open topology; an example or a share becomes a saved copy on its first edit. */
  persist(): void;
  /** Opens the topology the person worked on last; false when there is none. */
  openLastSaved(options?: { event?: number }): boolean;
  openSaved(id: string, options?: { event?: number }): void;
  newTopology(): void;
  renameTopology(id: string, name: string): void;
  duplicateTopology(id: string): void;
  deleteTopology(id: string): void;
  undoDelete(): void;
  /** Lets the deleted topology go for good. */
  forgetDeleted(): void;
  /** Turns a read-only shared topology into one of the person's own. */
  makeCopy(): void;
  /** Opens an imported document as a new topology of the person's own; the open one is kept. */
  openAsNew(document: TopologyDocument): void;
}

let storage: LibraryStorage | null | undefined;
/** The library, or null when the browser forbids storage (the app then works unsaved). */
function libraryStorage(): LibraryStorage | null {
  if (storage === undefined) {
    const browser = typeof window === 'undefined' ? null : browserStorage();
    storage = browser ? createLibraryStorage(browser) : null;
  }
  return storage;
}

function newId(): string {
  return `t${Date.now().toString(36)}${Math.floor(Math.random() * 1e9).toString(36)}`;
}

const EMPTY_DOCUMENT: TopologyDocument = { format: 'stackscope.topology', version: DOCUMENT_VERSION, name: 'Untitled topology', seed: 1, nodes: [], links: [] };

export const createLibrarySlice: StateCreator<StackscopeState, [], [], LibrarySlice> = (set, get) => {
  const blocked = 'This browser does not allow Stackscope to store anything, so your work is not saved. Export it to keep a copy.';
  /** Writes one topology; on failure, says so and leaves everything already saved in place. */
  const save = (entry: SavedEntry, document: TopologyDocument): boolean => {
    const library = libraryStorage();
    if (!library) {
      set({ storageProblem: blocked });
      return false;
    }
    try {
      library.write(entry, document);
      set({ library: library.list(), storageProblem: null });
      return true;
    } catch (error) {
      set({ storageProblem: error instanceof StorageFailure ? `${error.message} Export your topology to keep a copy.` : String(error) });
      return false;
    }
  };

  return {
    library: libraryStorage()?.list() ?? [],
    storageProblem: null,
    recentlyDeleted: libraryStorage()?.lastDeleted() ?? null,
    persist() {
      const workspace = get().workspace;
      if (!workspace || workspace.origin.kind === 'share') return;
      const id = workspace.origin.kind === 'saved' ? workspace.origin.id : newId();
      if (save({ id, name: workspace.document.name, updatedAt: Date.now() }, workspace.document) && workspace.origin.kind !== 'saved') {
        set({ workspace: { ...workspace, origin: { kind: 'saved', id } } });
      }
      if (get().workspace?.origin.kind === 'saved') libraryStorage()?.setCurrent(id);
    },
    openLastSaved(options) {
      const id = libraryStorage()?.current();
      if (!id || !get().library.some((entry) => entry.id === id)) return false;
      get().openSaved(id, options);
      return get().workspace?.origin.kind === 'saved';
    },
    openSaved(id, options) {
      const result = libraryStorage()?.read(id);
      if (!result) return;
      if (!result.ok) {
        get().failOpening('This saved topology could not be opened', result.errors);
        return;
      }
      libraryStorage()?.setCurrent(id);
      get().openWorkspace({ origin: { kind: 'saved', id }, document: result.document }, options);
    },
    newTopology() {
      const id = newId();
      const names = new Set(get().library.map((entry) => entry.name));
      let name = EMPTY_DOCUMENT.name;
      for (let n = 2; names.has(name); n++) name = `${EMPTY_DOCUMENT.name} ${n}`;
      const document = { ...EMPTY_DOCUMENT, name };
      save({ id, name, updatedAt: Date.now() }, document);
      libraryStorage()?.setCurrent(id);
      get().openWorkspace({ origin: { kind: 'saved', id }, document });
    },
    renameTopology(id, name) {
      const trimmed = name.trim().slice(0, 120) || 'Untitled topology';
      const workspace = get().workspace;
      if (workspace?.origin.kind === 'saved' && workspace.origin.id === id) {
        get().edit((document) => ({ ...document, name: trimmed }));
        return;
      }
      const result = libraryStorage()?.read(id);
      if (result?.ok) save({ id, name: trimmed, updatedAt: Date.now() }, { ...result.document, name: trimmed });
    },
    duplicateTopology(id) {
      const result = libraryStorage()?.read(id);
      if (!result?.ok) return;
      const names = new Set(get().library.map((entry) => entry.name));
      let name = `${result.document.name} (copy)`;
      for (let n = 2; names.has(name); n++) name = `${result.document.name} (copy ${n})`;
      save({ id: newId(), name, updatedAt: Date.now() }, { ...result.document, name });
    },
    deleteTopology(id) {
      const library = libraryStorage();
      const entry = get().library.find((candidate) => candidate.id === id);
      const result = library?.read(id);
      if (!library || !entry || !result?.ok) return;
      library.remove(id);
      set({ library: library.list(), recentlyDeleted: { entry, document: result.document } });
      const workspace = get().workspace;
      if (workspace?.origin.kind === 'saved' && workspace.origin.id === id) {
        // The open topology went away: nothing may save to its id any more. Show the next most
        // recent one, or the default stack.
        library.setCurrent(null);
        set({ workspace: null, past: [], future: [] });
        get().clearRun();
        const next = library.list()[0];
        if (next) get().openSaved(next.id);
        else void get().loadExample(DEFAULT_TOPOLOGY);
      }
    },
    undoDelete() {
      const deleted = get().recentlyDeleted;
      if (!deleted) return;
      if (save(deleted.entry, deleted.document)) {
        libraryStorage()?.forgetDeleted();
        set({ recentlyDeleted: null });
        get().openSaved(deleted.entry.id);
      }
    },
    forgetDeleted() {
      libraryStorage()?.forgetDeleted();
      set({ recentlyDeleted: null });
    },
    openAsNew(document) {
      const id = newId();
      const names = new Set(get().library.map((entry) => entry.name));
      let name = document.name;
      for (let n = 2; names.has(name); n++) name = `${document.name} (${n})`;
      const named = { ...document, name };
      if (save({ id, name, updatedAt: Date.now() }, named)) {
        libraryStorage()?.setCurrent(id);
        get().openWorkspace({ origin: { kind: 'saved', id }, document: named });
      } else {
        get().openWorkspace({ origin: { kind: 'unsaved' }, document: named });
      }
    },
    makeCopy() {
      const workspace = get().workspace;
      if (!workspace) return;
      const id = newId();
      if (save({ id, name: workspace.document.name, updatedAt: Date.now() }, workspace.document)) {
        set({ workspace: { ...workspace, origin: { kind: 'saved', id } } });
        libraryStorage()?.setCurrent(id);
      }
    },
  };
};
