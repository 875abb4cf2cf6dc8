import { create } from 'zustand';
import { createRunSlice, type RunSlice } from './run-slice.ts';
import { createTopologySlice, type TopologySlice } from './topology-slice.ts';

export type StackscopeState = TopologySlice & RunSlice;

/** The app's one store, composed from slices (ARCHITECTURE.md, "The UI"). */
export const useStackscope = create<StackscopeState>()((...args) => ({
  ...createTopologySlice(...args),
  ...createRunSlice(...args),
}));
