import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { example } from '../../src/simulation/test-support/documents.node.ts';
import { useStackscope } from './store.ts';
import { openSharePayload } from './share.ts';

const defaultJson = readFileSync('public/topologies/default.json', 'utf8');

/** A fetch of public/topologies/*.json that answers only when the test says so. */
function deferredFetch() {
  let answer: (() => void) | undefined;
  const fetch = vi.fn(
    () =>
      new Promise<Response>((resolve) => {
        answer = () => resolve(new Response(defaultJson, { headers: { 'content-type': 'application/json' } }));
      }),
  );
  return { fetch, answer: () => answer?.() };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const initial = useStackscope.getState();

describe('opening topologies', () => {
  beforeEach(() => useStackscope.setState(initial, true));
  afterEach(() => vi.unstubAllGlobals());

  it('what the person opens last wins over an example still downloading', async () => {
    const network = deferredFetch();
    vi.stubGlobal('fetch', network.fetch);
    const loading = useStackscope.getState().loadExample('default');
    const mine = { ...example('default'), name: 'Mine' };
    useStackscope.getState().openWorkspace({ origin: { kind: 'unsaved' }, document: mine });
    network.answer();
    await loading;
    expect(useStackscope.getState().workspace?.document.name).toBe('Mine');
    expect(useStackscope.getState().opening.status).toBe('idle');
  });

  it('a share link that cannot be opened falls back to the default stack and still says why', async () => {
    const network = deferredFetch();
    vi.stubGlobal('fetch', network.fetch);
    openSharePayload('not a share link!', {});
    await settle();
    network.answer();
    await settle();
    await settle();
    const state = useStackscope.getState();
    expect(state.workspace?.origin).toEqual({ kind: 'example', name: 'default' });
    expect(state.opening).toMatchObject({ status: 'error', title: 'This share link could not be opened: your own topologies are untouched' });
  });

  it('a newly opened topology starts with nothing selected', () => {
    const store = useStackscope.getState();
    store.openWorkspace({ origin: { kind: 'unsaved' }, document: example('default') });
    useStackscope.getState().select(['nginx'], []);
    useStackscope.getState().openWorkspace({ origin: { kind: 'unsaved' }, document: example('default') });
    expect(useStackscope.getState().selectedNodeIds).toEqual([]);
  });

  it('takes the same ids in another order as no change, so the canvas and the store never ping-pong', () => {
    useStackscope.getState().openWorkspace({ origin: { kind: 'unsaved' }, document: example('default') });
    useStackscope.getState().select(['nginx', 'app1'], ['l1', 'l2']);
    const before = useStackscope.getState();
    useStackscope.getState().select(['app1', 'nginx'], ['l2', 'l1']);
    expect(useStackscope.getState()).toBe(before);
    useStackscope.getState().select(['app1'], ['l2', 'l1']);
    expect(useStackscope.getState().selectedNodeIds).toEqual(['app1']);
  });
});
