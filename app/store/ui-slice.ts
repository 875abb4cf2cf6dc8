import type { StateCreator } from 'zustand';
import type { StackscopeState } from './store.ts';

export type SidebarTab = 'settings' | 'inspector' | 'browser';
export type Theme = 'light' | 'dark';

/** A refused action shown where the person is looking: next to the pointer or the control. */
export interface Notice {
  readonly message: string;
  readonly x: number;
  readonly y: number;
}

export interface UiSlice {
  readonly selectedNodeIds: readonly string[];
  readonly selectedLinkIds: readonly string[];
  readonly sidebarTab: SidebarTab;
  readonly notice: Notice | null;
  readonly theme: Theme;
  readonly shortcutsOpen: boolean;
  select(nodeIds: readonly string[], linkIds: readonly string[]): void;
  showTab(tab: SidebarTab): void;
  showNotice(notice: Notice | null): void;
  setTheme(theme: Theme): void;
  setShortcutsOpen(open: boolean): void;
}

const THEME_KEY = 'stackscope.theme';

function initialTheme(): Theme {
  if (typeof window === 'undefined') return 'light';
  try {
    const saved = window.localStorage.getItem(THEME_KEY);
    if (saved === 'light' || saved === 'dark') return saved;
  } catch {
    // Storage may be blocked; fall back to the system's preference.
  }
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/**
 * Whether two selections hold the same ids, in any order: React Flow reports a selection in
 * its own order, and the canvas writes it back, so an order-sensitive test would ping-pong
 * between the two forever (Ctrl+A once did: React's "maximum update depth" error).
 */
export function sameSelection(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const wanted = new Set(b);
  return a.every((value) => wanted.has(value));
}

export const createUiSlice: StateCreator<StackscopeState, [], [], UiSlice> = (set, get) => ({
  selectedNodeIds: [],
  selectedLinkIds: [],
  sidebarTab: 'inspector',
  notice: null,
  theme: initialTheme(),
  shortcutsOpen: false,
  select(nodeIds, linkIds) {
    const state = get();
    if (sameSelection(nodeIds, state.selectedNodeIds) && sameSelection(linkIds, state.selectedLinkIds)) return;
    const picked = nodeIds.length + linkIds.length > 0;
    set({ selectedNodeIds: nodeIds, selectedLinkIds: linkIds, ...(picked ? { sidebarTab: 'settings' as const } : {}) });
  },
  showTab(tab) {
    set({ sidebarTab: tab });
  },
  showNotice(notice) {
    set({ notice });
  },
  setTheme(theme) {
    set({ theme });
    try {
      window.localStorage.setItem(THEME_KEY, theme);
    } catch {
      // The theme still applies for this visit.
    }
  },
  setShortcutsOpen(open) {
    set({ shortcutsOpen: open });
  },
});
