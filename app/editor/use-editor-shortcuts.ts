import { useEffect, useRef } from 'react';
import { useReactFlow } from '@xyflow/react';
import { useStackscope } from '../store/store.ts';
import { FIT_VIEW } from '../canvas/Canvas.tsx';
import { copyFragment, pasteFragment, type Fragment } from '../store/document-edits.ts';
import { autoLayout } from './auto-layout.ts';

/** Typing in a field keeps its own keys (copy, paste, select all), except undo and redo. */
function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT';
}

/** Undo, redo, copy, paste, duplicate, select all, layout, fit and the `?` overlay. */
export function useEditorShortcuts(): void {
  const { fitView } = useReactFlow();
  const clipboard = useRef<Fragment | null>(null);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (document.querySelector('dialog[open]')) return;
      const store = useStackscope.getState();
      const command = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      if (isTextEntry(event.target)) {
        // Every keystroke in a field is already an edit of the document (typing within a
        // moment is one step), so undo in a field is the document's undo: the browser's own
        // would fight the controlled value. Copy, paste and the other keys stay the field's.
        if (command && key === 'z' && !event.shiftKey) store.undo();
        else if (command && ((key === 'z' && event.shiftKey) || key === 'y')) store.redo();
        else return;
        event.preventDefault();
        return;
      }
      const editable = store.workspace !== null && store.workspace.origin.kind !== 'share';
      const paste = (fragment: Fragment) => {
        let ids: string[] = [];
        store.edit((current) => {
          const pasted = pasteFragment(current, fragment);
          ids = pasted.ids;
          return pasted.document;
        });
        store.select(ids, []);
      };
      let handled = true;
      if (command && key === 'z' && !event.shiftKey) store.undo();
      else if (command && ((key === 'z' && event.shiftKey) || key === 'y')) store.redo();
      // Text selected on the page (in the inspector, the log) is copied as text, as usual.
      else if (command && key === 'c' && store.workspace && store.selectedNodeIds.length > 0 && (window.getSelection()?.isCollapsed ?? true)) {
        clipboard.current = copyFragment(store.workspace.document, new Set(store.selectedNodeIds));
      } else if (command && key === 'v' && editable && clipboard.current) paste(clipboard.current);
      else if (command && key === 'd' && editable && store.workspace && store.selectedNodeIds.length > 0) {
        paste(copyFragment(store.workspace.document, new Set(store.selectedNodeIds)));
      } else if (command && key === 'a' && store.workspace) {
        store.select(
          store.workspace.document.nodes.map((node) => node.id),
          // Nodes only: selecting every link too sent React Flow's setNodes into an endless
          // update loop (React error 185). Deleting the nodes removes their links anyway.
          [],
        );
      } else if (!command && !event.altKey && event.key === '?') store.setShortcutsOpen(true);
      else if (!command && !event.altKey && key === 'l' && editable) {
        store.edit(autoLayout);
        requestAnimationFrame(() => void fitView({ ...FIT_VIEW, duration: 300 }));
      } else if (!command && !event.altKey && key === 'f') void fitView({ ...FIT_VIEW, duration: 300 });
      else if (event.key === 'Escape' && (store.selectedNodeIds.length > 0 || store.selectedLinkIds.length > 0)) store.select([], []);
      else handled = false;
      if (handled) event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [fitView]);
}
