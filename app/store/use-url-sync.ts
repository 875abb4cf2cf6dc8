import { useEffect } from 'react';
import { useStackscope } from './store.ts';
import { readUrlView, writeUrlView } from './url.ts';

/**
 * Opens the example the address bar names (the default stack on a first visit), and keeps
 * `&event=` in step with the run whenever it stands still, so a reload or a copied link shows
 * the same moment.
 */
export function useUrlSync(): void {
  useEffect(() => {
    const open = () => {
      const view = readUrlView(window.location.search);
      void useStackscope.getState().loadExample(view.topology, view.event === undefined ? {} : { event: view.event });
    };
    open();
    window.addEventListener('popstate', open);
    const unsubscribe = useStackscope.subscribe((state, previous) => {
      const moved = state.playback?.cursor !== previous.playback?.cursor || state.playing !== previous.playing;
      if (!moved || state.playing || !state.playback || state.topology.status !== 'ready') return;
      const cursor = state.playback.cursor;
      const search = writeUrlView(window.location.search, { topology: state.topology.name, event: cursor === 0 ? undefined : cursor - 1 });
      if (search !== window.location.search) window.history.replaceState(null, '', search + window.location.hash);
    });
    return () => {
      window.removeEventListener('popstate', open);
      unsubscribe();
    };
  }, []);
}
