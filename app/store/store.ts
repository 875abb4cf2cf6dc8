import { create } from 'zustand';
import { createLibrarySlice, type LibrarySlice } from './library-slice.ts';
import { createRunSlice, type RunSlice } from './run-slice.ts';
import { createTopologySlice, type TopologySlice } from './topology-slice.ts';
import { createWorkspaceSlice, type WorkspaceSlice } from './workspace-slice.ts';
import { createUiSlice, type UiSlice } from './ui-slice.ts';

export type StackscopeState = TopologySlice & WorkspaceSlice & LibrarySlice & RunSlice & UiSlice;

/** The app's one store, composed from slices (ARCHITECTURE.md, "The UI"). */
export const useStackscope = create<StackscopeState>()((...args) => ({
  ...createTopologySlice(...args),
  ...createWorkspaceSlice(...args),
  ...createLibrarySlice(...args),
  ...createRunSlice(...args),
  ...createUiSlice(...args),
}));

/** Node labels by id, for sentences about events. */
export function useNodeLabels(): ReadonlyMap<string, string> {
  const document = useStackscope((state) => state.workspace?.document);
  return labelsOf(document?.nodes ?? []);
}

const labelCache = new WeakMap<object, ReadonlyMap<string, string>>();
function labelsOf(nodes: readonly { id: string; label: string }[]): ReadonlyMap<string, string> {
  let labels = labelCache.get(nodes);
  if (!labels) {
    labels = new Map(nodes.map((node) => [node.id, node.label]));
    labelCache.set(nodes, labels);
  }
  return labels;
}
