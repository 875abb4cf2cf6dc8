import type { StateCreator } from 'zustand';
import { importDocument, type DocumentError, type TopologyDocument } from '../../src/simulation/index.ts';
import { isExampleName } from './url.ts';
import type { StackscopeState } from './store.ts';

export type TopologyState =
  | { readonly status: 'loading'; readonly name: string }
  | { readonly status: 'error'; readonly name: string; readonly title: string; readonly errors: readonly DocumentError[] }
  | { readonly status: 'ready'; readonly name: string; readonly document: TopologyDocument };

export interface TopologySlice {
  readonly topology: TopologyState;
  /** Fetches public/topologies/<name>.json, validates it and starts a run, at `event` if given. */
  loadExample(name: string, options?: { event?: number }): Promise<void>;
}

/** Fetches and imports one example. Never throws: every failure becomes a TopologyState. */
export async function fetchExample(name: string, fetchText: (url: string) => Promise<Response>): Promise<TopologyState> {
  if (!isExampleName(name)) {
    return failure(name, `“${name}” is not an example name`, 'topology', 'Example names use only letters, digits, - and _.');
  }
  let response: Response;
  try {
    response = await fetchText(`${import.meta.env.BASE_URL}topologies/${name}.json`);
  } catch {
    return failure(name, `The example “${name}” could not be downloaded`, 'topology', 'The network request failed. Check the connection and reload.');
  }
  // A static host may answer a missing file with its index page (200, text/html): that is a
  // missing example too, not a broken one.
  const missing = response.status === 404 || (response.ok && !(response.headers.get('content-type') ?? '').includes('json'));
  if (!response.ok || missing) {
    const reason = missing ? 'There is no example with that name.' : `The server answered ${response.status} ${response.statusText}.`;
    return failure(name, `The example “${name}” could not be opened`, 'topology', reason);
  }
  const result = importDocument(await response.text());
  if (!result.ok) return { status: 'error', name, title: `The example “${name}” is not a valid topology`, errors: result.errors };
  return { status: 'ready', name, document: result.document };
}

function failure(name: string, title: string, path: string, message: string): TopologyState {
  return { status: 'error', name, title, errors: [{ path, message }] };
}

export const createTopologySlice: StateCreator<StackscopeState, [], [], TopologySlice> = (set, get) => ({
  topology: { status: 'loading', name: '' },
  async loadExample(name, options = {}) {
    set({ topology: { status: 'loading', name } });
    const topology = await fetchExample(name, (url) => fetch(url));
    // A later load may have started while this one was in flight; the latest wins.
    if (get().topology.status !== 'loading' || get().topology.name !== name) return;
    set({ topology });
    if (topology.status === 'ready') get().startRun(topology.document, options.event);
    else get().clearRun();
  },
});
