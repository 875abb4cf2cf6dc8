import { decodeShare } from '../../src/simulation/index.ts';
import { useStackscope } from './store.ts';

/**
 * Opens a `#share=` payload read-only. A hostile, cut or oversized link is refused with the
 * reason; the person's own topologies are never touched either way.
 */
export function openSharePayload(payload: string, options: { event?: number }): void {
  const store = useStackscope.getState();
  const result = decodeShare(payload);
  if (!result.ok) {
    store.failOpening('This share link could not be opened: your own topologies are untouched', result.errors);
    if (!store.workspace && !store.openLastSaved()) void store.fallBackToDefault();
    return;
  }
  store.openWorkspace({ origin: { kind: 'share' }, document: result.document }, options);
}
