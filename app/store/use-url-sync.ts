import { useEffect } from 'react';
import { useStackscope } from './store.ts';
import { readUrlView, writeUrlView } from './url.ts';
import { openSharePayload } from './share.ts';

/**
 * Opens what the address names: a share link, an example, or else the topology the person
 * worked on last (the default stack on a first visit). Then keeps the address in step with
 * the open topology and, whenever the run stands still, with its moment (`&event=`), so a
 * reload or a copied link shows the same screen.
 */
export function useUrlSync(): void {
  useEffect(() => {
    const open = () => {
      const view = readUrlView(window.location.search, window.location.hash);
      const options = view.event === undefined ? {} : { event: view.event };
      const store = useStackscope.getState();
      if (view.share !== undefined) openSharePayload(view.share, options);
      else if (view.topology !== undefined) void store.loadExample(view.topology, options);
      else if (!store.openLastSaved(options)) void store.fallBackToDefault(options);
    };
    open();
    window.addEventListener('popstate', open);
    const unsubscribe = useStackscope.subscribe((state, previous) => {
      const changed =
        state.playback?.cursor !== previous.playback?.cursor || state.playing !== previous.playing || state.workspace?.origin !== previous.workspace?.origin;
      if (!changed || state.playing || !state.workspace) return;
      const origin = state.workspace.origin;
      const cursor = state.playback?.cursor ?? 0;
      const search = writeUrlView(window.location.search, {
        topology: origin.kind === 'example' ? origin.name : undefined,
        event: cursor === 0 ? undefined : cursor - 1,
      });
      // A share link keeps its payload only while it is shown read-only.
      const hash = origin.kind === 'share' ? window.location.hash : '';
      if (search !== window.location.search || hash !== window.location.hash) {
        window.history.replaceState(null, '', `${window.location.pathname}${search}${hash}`);
      }
    });
    return () => {
      window.removeEventListener('popstate', open);
      unsubscribe();
    };
  }, []);
}
