import type { StateCreator } from 'zustand';
import { diagnose, validateDocument, type Diagnostic, type TopologyDocument } from '../../src/simulation/index.ts';
import { runKey } from './document-edits.ts';
import type { StackscopeState } from './store.ts';

/** Where the open topology came from, which decides what an edit does. */
export type Origin =
  | { readonly kind: 'saved'; readonly id: string }
  /** An example from public/topologies/: the first edit turns it into a saved copy. */
  | { readonly kind: 'example'; readonly name: string }
  /** A share link: read-only until the person makes a copy. */
  | { readonly kind: 'share' }
  /** Editable but not in storage yet (an import while storage refuses): saved on the next change. */
  | { readonly kind: 'unsaved' };

export interface Workspace {
  readonly origin: Origin;
  readonly document: TopologyDocument;
}

const HISTORY_LIMIT = 200;

/** Keys of diagnosticsByTarget: node and link ids may coincide, so each has its own prefix. */
export const nodeKey = (id: string) => `node:${id}`;
export const linkKey = (id: string) => `link:${id}`;
/** Edits with the same key within this time (typing in one field) are one step of undo. */
const COALESCE_MS = 1200;

export interface WorkspaceSlice {
  readonly workspace: Workspace | null;
  readonly past: readonly TopologyDocument[];
  readonly future: readonly TopologyDocument[];
  readonly diagnostics: readonly Diagnostic[];
  /** The same diagnostics by the node or link they are about (nodeKey, linkKey), for the canvas. */
  readonly diagnosticsByTarget: ReadonlyMap<string, readonly Diagnostic[]>;
  /** Why the run cannot start, or null when it can. */
  readonly runBlocked: string | null;
  /** Counts the topologies opened, so the canvas can fit each new one in view. */
  readonly openCount: number;
  openWorkspace(workspace: Workspace, options?: { event?: number }): void;
  /** Applies a change to the document as one step of undo; `coalesce` merges quick edits of one field. */
  edit(change: (document: TopologyDocument) => TopologyDocument, options?: { coalesce?: string }): void;
  undo(): void;
  redo(): void;
}

let lastCoalesce: { key: string; at: number } | null = null;

export const createWorkspaceSlice: StateCreator<StackscopeState, [], [], WorkspaceSlice> = (set, get) => {
  /** Re-checks the document and restarts the run when something the run depends on changed. */
  const refresh = (previous: TopologyDocument | null, next: TopologyDocument, event?: number) => {
    const diagnostics = diagnose(next);
    const diagnosticsByTarget = new Map<string, Diagnostic[]>();
    for (const diagnostic of diagnostics) {
      const target = diagnostic.nodeId !== undefined ? nodeKey(diagnostic.nodeId) : diagnostic.linkId !== undefined ? linkKey(diagnostic.linkId) : undefined;
      if (target === undefined) continue;
      diagnosticsByTarget.set(target, [...(diagnosticsByTarget.get(target) ?? []), diagnostic]);
    }
    set({ diagnostics, diagnosticsByTarget });
    if (previous && runKey(previous) === runKey(next)) return;
    const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
    const validated = validateDocument(next);
    if (!validated.ok || errors.length > 0) {
      const count = validated.ok ? errors.length : validated.errors.length;
      set({ runBlocked: `Fix ${count} problem${count === 1 ? '' : 's'} to run this topology.` });
      get().clearRun();
      return;
    }
    set({ runBlocked: null });
    get().startRun(validated.document, event);
  };

  const replace = (document: TopologyDocument, past: readonly TopologyDocument[], future: readonly TopologyDocument[]) => {
    const workspace = get().workspace;
    if (!workspace) return;
    set({ workspace: { ...workspace, document }, past, future });
    refresh(workspace.document, document);
    get().persist();
  };

  return {
    workspace: null,
    past: [],
    future: [],
    diagnostics: [],
    diagnosticsByTarget: new Map(),
    runBlocked: null,
    openCount: 0,
    openWorkspace(workspace, options = {}) {
      lastCoalesce = null;
      // What the person opens last wins: an example still downloading is abandoned, and the
      // selection of the topology they leave does not carry over to nodes with the same ids.
      const opening = get().opening.status === 'loading' ? { opening: { status: 'idle' as const } } : {};
      set({ workspace, past: [], future: [], selectedNodeIds: [], selectedLinkIds: [], openCount: get().openCount + 1, ...opening });
      refresh(null, workspace.document, options.event);
    },
    edit(change, options = {}) {
      const { workspace, past } = get();
      if (!workspace || workspace.origin.kind === 'share') return;
      const next = change(workspace.document);
      if (next === workspace.document) return;
      const now = Date.now();
      const merge = options.coalesce !== undefined && lastCoalesce?.key === options.coalesce && now - lastCoalesce.at < COALESCE_MS && past.length > 0;
      lastCoalesce = options.coalesce === undefined ? null : { key: options.coalesce, at: now };
      replace(next, merge ? past : [...past, workspace.document].slice(-HISTORY_LIMIT), []);
    },
    undo() {
      const { workspace, past, future } = get();
      const previous = past.at(-1);
      if (!workspace || previous === undefined) return;
      lastCoalesce = null;
      replace(previous, past.slice(0, -1), [workspace.document, ...future]);
    },
    redo() {
      const { workspace, past, future } = get();
      const next = future[0];
      if (!workspace || next === undefined) return;
      lastCoalesce = null;
      replace(next, [...past, workspace.document], future.slice(1));
    },
  };
};
