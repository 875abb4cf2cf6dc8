import { useRef, useState } from 'react';
import { useReactFlow } from '@xyflow/react';
import { importDocument, validateDocument } from '../../src/simulation/index.ts';
import { useStackscope } from '../store/store.ts';
import { FIT_VIEW } from '../canvas/Canvas.tsx';
import { autoLayout } from './auto-layout.ts';
import { canvasImage } from './export-image.ts';
import { download, exportFileName, exportText, MAX_IMPORT_BYTES } from './file-actions.ts';
import { LibraryDialog } from './LibraryDialog.tsx';
import { ShareDialog } from './ShareDialog.tsx';

/** Topologies, undo and redo, layout, files, sharing, images, theme and shortcuts. */
export function EditorToolbar() {
  const workspace = useStackscope((state) => state.workspace);
  const canUndo = useStackscope((state) => state.past.length > 0);
  const canRedo = useStackscope((state) => state.future.length > 0);
  const theme = useStackscope((state) => state.theme);
  const actions = useStackscope.getState();
  const { getNodes, fitView } = useReactFlow();
  const fileInput = useRef<HTMLInputElement>(null);
  const [libraryOpen, setLibraryOpen] = useState(false);
  const [shareOpen, setShareOpen] = useState(false);
  const readOnly = workspace?.origin.kind === 'share';

  const importFile = async (file: File) => {
    if (file.size > MAX_IMPORT_BYTES) {
      actions.failOpening(`“${file.name}” was not imported`, [{ path: '', message: `The file is ${(file.size / 1024 / 1024).toFixed(1)} MB; a topology file is at most 10 MB.` }]);
      return;
    }
    const result = importDocument(await file.text());
    if (!result.ok) {
      actions.failOpening(`“${file.name}” was not imported: nothing was changed`, result.errors);
      return;
    }
    actions.openAsNew(result.document);
  };

  /** Downloads the document; settings that are still half-typed go in as they are, with a word. */
  const exportDocument = (at: DOMRect) => {
    if (!workspace) return;
    download(exportFileName(workspace.document.name), exportText(workspace.document));
    const checked = validateDocument(workspace.document);
    if (!checked.ok) {
      const first = checked.errors[0]!;
      actions.showNotice({
        message: `Exported with ${checked.errors.length} setting${checked.errors.length === 1 ? '' : 's'} still to fix (${first.path}: ${first.message}). Importing the file will report ${checked.errors.length === 1 ? 'it' : 'them'} until fixed.`,
        x: at.left,
        y: at.bottom,
      });
    }
  };

  const exportImage = async (format: 'png' | 'svg') => {
    if (!workspace) return;
    try {
      const background = getComputedStyle(document.documentElement).getPropertyValue('--bg').trim() || '#ffffff';
      download(exportFileName(workspace.document.name, format), await canvasImage(format, getNodes(), background));
    } catch (error) {
      actions.showNotice({ message: `The image could not be made: ${error instanceof Error ? error.message : String(error)}`, x: window.innerWidth / 2, y: 80 });
    }
  };

  return (
    <div className="editor-toolbar" role="toolbar" aria-label="Editing">
      <button type="button" className="text-button" onClick={() => setLibraryOpen(true)}>
        Topologies
      </button>
      <span className="toolbar-divider" />
      <button type="button" className="icon-button icon-button--flat" aria-label="Undo" title="Undo (Ctrl+Z)" disabled={!canUndo || readOnly} onClick={actions.undo}>
        <ToolbarGlyph d="M9 14L4 9l5-5M4 9h11a5 5 0 0 1 0 10h-3" />
      </button>
      <button type="button" className="icon-button icon-button--flat" aria-label="Redo" title="Redo (Ctrl+Shift+Z)" disabled={!canRedo || readOnly} onClick={actions.redo}>
        <ToolbarGlyph d="M15 14l5-5-5-5M20 9H9a5 5 0 0 0 0 10h3" />
      </button>
      <button
        type="button"
        className="icon-button icon-button--flat"
        aria-label="Auto-layout"
        title="Auto-layout (L)"
        disabled={!workspace || readOnly}
        onClick={() => {
          actions.edit(autoLayout);
          requestAnimationFrame(() => void fitView({ ...FIT_VIEW, duration: 300 }));
        }}
      >
        <ToolbarGlyph d="M4 5h6v5H4zM14 14h6v5h-6zM14 5h6v5h-6zM10 7.5h4M17 10v4" />
      </button>
      <span className="toolbar-divider" />
      <button type="button" className="text-button" onClick={() => fileInput.current?.click()}>
        Import
      </button>
      <input
        ref={fileInput}
        type="file"
        accept=".json,application/json"
        className="visually-hidden"
        aria-label="Import a topology file"
        tabIndex={-1}
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (file) void importFile(file);
        }}
      />
      <button type="button" className="text-button" disabled={!workspace} onClick={(event) => workspace && exportDocument(event.currentTarget.getBoundingClientRect())}>
        Export
      </button>
      <button type="button" className="text-button" disabled={!workspace} onClick={() => setShareOpen(true)}>
        Share
      </button>
      <button type="button" className="text-button" disabled={!workspace} onClick={() => void exportImage('png')}>
        PNG
      </button>
      <button type="button" className="text-button" disabled={!workspace} onClick={() => void exportImage('svg')}>
        SVG
      </button>
      <span className="toolbar-divider" />
      <button
        type="button"
        className="icon-button icon-button--flat"
        aria-label={theme === 'dark' ? 'Light theme' : 'Dark theme'}
        title={theme === 'dark' ? 'Switch to the light theme' : 'Switch to the dark theme'}
        onClick={() => actions.setTheme(theme === 'dark' ? 'light' : 'dark')}
      >
        <ToolbarGlyph d={theme === 'dark' ? 'M12 4V2M12 22v-2M4 12H2M22 12h-2M6 6L4.5 4.5M19.5 19.5L18 18M6 18l-1.5 1.5M19.5 4.5L18 6M12 8a4 4 0 1 0 0 8 4 4 0 0 0 0-8z' : 'M20 14.5A8 8 0 0 1 9.5 4a8 8 0 1 0 10.5 10.5z'} />
      </button>
      <button type="button" className="icon-button icon-button--flat" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onClick={() => actions.setShortcutsOpen(true)}>
        ?
      </button>
      <LibraryDialog open={libraryOpen} onClose={() => setLibraryOpen(false)} />
      <ShareDialog open={shareOpen} onClose={() => setShareOpen(false)} />
    </div>
  );
}

function ToolbarGlyph({ d }: { d: string }) {
  return (
    <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round">
      <path d={d} />
    </svg>
  );
}
