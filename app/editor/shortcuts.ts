import { PLAYBACK_SHORTCUTS } from '../playback/use-shortcuts.ts';

/** Every keyboard shortcut, for the overlay on `?`. */
export const SHORTCUT_GROUPS: readonly { readonly title: string; readonly keys: readonly { readonly label: string; readonly does: string }[] }[] = [
  { title: 'Run', keys: PLAYBACK_SHORTCUTS.map(({ label, does }) => ({ label, does })) },
  {
    title: 'Edit',
    keys: [
      { label: 'Ctrl+Z', does: 'Undo' },
      { label: 'Ctrl+Shift+Z', does: 'Redo (also Ctrl+Y)' },
      { label: 'Ctrl+C', does: 'Copy the selected nodes' },
      { label: 'Ctrl+V', does: 'Paste' },
      { label: 'Ctrl+D', does: 'Duplicate the selected nodes' },
      { label: 'Ctrl+A', does: 'Select everything' },
      { label: 'Delete', does: 'Delete the selection' },
      { label: 'Escape', does: 'Clear the selection, close a dialog' },
      { label: 'L', does: 'Auto-layout' },
      { label: 'F', does: 'Fit the whole topology in view' },
    ],
  },
  {
    title: 'Build with the keyboard',
    keys: [
      { label: 'Tab', does: 'Move to the palette, the canvas, the settings' },
      { label: 'Enter', does: 'On a palette item: add that node' },
      { label: 'Settings → Connect to', does: 'Link the selected node to another' },
      { label: '?', does: 'Show this list' },
    ],
  },
];
