import { ReactFlowProvider } from '@xyflow/react';
import { Canvas } from './canvas/Canvas.tsx';
import { EventLog } from './playback/EventLog.tsx';
import { Narration } from './playback/Narration.tsx';
import { TransportControls } from './playback/TransportControls.tsx';
import { usePlayer } from './playback/use-player.ts';
import { usePlaybackShortcuts } from './playback/use-shortcuts.ts';
import { Inspector } from './inspector/Inspector.tsx';
import { useStackscope } from './store/store.ts';
import { useUrlSync } from './store/use-url-sync.ts';
import { DEFAULT_TOPOLOGY } from './store/url.ts';
import { Logo } from './Logo.tsx';

export function App() {
  useUrlSync();
  usePlayer();
  usePlaybackShortcuts();
  const topology = useStackscope((state) => state.topology);

  return (
    <div className="app">
      <header className="app-header">
        <div className="brand">
          <Logo />
          <span className="brand__name">Stackscope</span>
        </div>
        <div className="app-header__title">
          <h1>{topology.status === 'ready' ? topology.document.name : topology.status === 'error' ? 'Topology not opened' : 'Opening…'}</h1>
          {topology.status === 'ready' && <span className="app-header__example">example: {topology.name}</span>}
        </div>
        <TransportControls />
      </header>
      <main className="workspace">
        <section className="stage" aria-label="Canvas">
          {topology.status === 'ready' ? (
            <ReactFlowProvider>
              <Canvas document={topology.document} />
              <Narration />
            </ReactFlowProvider>
          ) : topology.status === 'error' ? (
            <LoadError title={topology.title} errors={topology.errors} />
          ) : (
            <p className="stage__loading" role="status">
              Opening the topology…
            </p>
          )}
        </section>
        <aside className="sidebar">
          <Inspector />
        </aside>
        <EventLog />
      </main>
    </div>
  );
}

function LoadError({ title, errors }: { title: string; errors: readonly { path: string; message: string }[] }) {
  return (
    <div className="load-error" role="alert">
      <h2>{title}</h2>
      <ul>
        {errors.map((error, index) => (
          <li key={index}>
            <code>{error.path}</code>: {error.message}
          </li>
        ))}
      </ul>
      <p>
        <a href={`?topology=${DEFAULT_TOPOLOGY}`}>Open the default stack</a>
      </p>
    </div>
  );
}
