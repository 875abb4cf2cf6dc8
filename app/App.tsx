import { useEffect } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { Canvas } from './canvas/Canvas.tsx';
import { EventLog } from './playback/EventLog.tsx';
import { Narration } from './playback/Narration.tsx';
import { TransportControls } from './playback/TransportControls.tsx';
import { usePlayer } from './playback/use-player.ts';
import { usePlaybackShortcuts } from './playback/use-shortcuts.ts';
import { Inspector } from './inspector/Inspector.tsx';
import { BrowserWindow } from './browser-window/BrowserWindow.tsx';
import { useStackscope } from './store/store.ts';
import { useUrlSync } from './store/use-url-sync.ts';
import { Logo } from './Logo.tsx';
import { EditorToolbar } from './editor/EditorToolbar.tsx';
import { Palette } from './editor/Palette.tsx';
import { SettingsPanel } from './editor/SettingsPanel.tsx';
import { Banners } from './editor/Banners.tsx';
import { NoticePopover } from './editor/NoticePopover.tsx';
import { ShortcutsDialog } from './editor/ShortcutsDialog.tsx';
import { useAddNode } from './editor/use-add-node.ts';
import { useEditorShortcuts } from './editor/use-editor-shortcuts.ts';

export function App() {
  return (
    <ReactFlowProvider>
      <Workbench />
    </ReactFlowProvider>
  );
}

function Workbench() {
  useUrlSync();
  usePlayer();
  usePlaybackShortcuts();
  useEditorShortcuts();
  const workspace = useStackscope((state) => state.workspace);
  const opening = useStackscope((state) => state.opening);
  const theme = useStackscope((state) => state.theme);
  const sidebarTab = useStackscope((state) => state.sidebarTab);
  const showTab = useStackscope((state) => state.showTab);
  const addNode = useAddNode();
  const readOnly = workspace?.origin.kind === 'share';

  useEffect(() => {
    document.documentElement.dataset['theme'] = theme;
  }, [theme]);

  return (
    <div className="app">
      <header className="app-header">
        <div className="brand">
          <Logo />
          <span className="brand__name">Stackscope</span>
        </div>
        <div className="app-header__title">
          <h1>{workspace ? workspace.document.name : opening.status === 'loading' ? 'Opening…' : 'Stackscope'}</h1>
          {workspace && <span className="app-header__example">{originText(workspace.origin)}</span>}
        </div>
        <EditorToolbar />
      </header>
      <Banners />
      <main className="workspace">
        <Palette onAdd={addNode} disabled={!workspace || readOnly} />
        <section className="stage" aria-label="Canvas">
          {workspace ? (
            <>
              <Canvas document={workspace.document} readOnly={readOnly} />
              <Narration />
            </>
          ) : (
            <p className="stage__loading" role="status">
              {opening.status === 'error' ? 'Nothing is open.' : 'Opening the topology…'}
            </p>
          )}
        </section>
        <div className="run-bar">
          <TransportControls />
        </div>
        <aside className="sidebar">
          <div className="sidebar__tabs" role="tablist" aria-label="Side panel">
            <button type="button" role="tab" id="tab-settings" aria-selected={sidebarTab === 'settings'} aria-controls="panel-settings" onClick={() => showTab('settings')}>
              Settings
            </button>
            <button type="button" role="tab" id="tab-inspector" aria-selected={sidebarTab === 'inspector'} aria-controls="panel-inspector" onClick={() => showTab('inspector')}>
              Inspector
            </button>
            <button type="button" role="tab" id="tab-browser" aria-selected={sidebarTab === 'browser'} aria-controls="panel-browser" onClick={() => showTab('browser')}>
              Browser
            </button>
          </div>
          <div role="tabpanel" id="panel-settings" aria-labelledby="tab-settings" className="sidebar__panel" hidden={sidebarTab !== 'settings'}>
            <SettingsPanel />
          </div>
          <div role="tabpanel" id="panel-inspector" aria-labelledby="tab-inspector" className="sidebar__panel" hidden={sidebarTab !== 'inspector'}>
            <Inspector />
          </div>
          <div role="tabpanel" id="panel-browser" aria-labelledby="tab-browser" className="sidebar__panel" hidden={sidebarTab !== 'browser'}>
            <BrowserWindow />
          </div>
        </aside>
        <EventLog />
      </main>
      <NoticePopover />
      <ShortcutsDialog />
    </div>
  );
}

function originText(origin: NonNullable<ReturnType<typeof useStackscope.getState>['workspace']>['origin']): string {
  switch (origin.kind) {
    case 'example':
      return `example “${origin.name}”: your first change saves a copy`;
    case 'saved':
      return 'saved in this browser';
    case 'share':
      return 'shared with you, read-only';
    case 'unsaved':
      return 'not saved yet';
  }
}
