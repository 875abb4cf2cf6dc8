import type { StateCreator } from 'zustand';
import { importDocument, type DocumentError } from '../../src/simulation/index.ts';
import { DEFAULT_TOPOLOGY, isExampleName } from './url.ts';
import type { StackscopeState } from './store.ts';

/** Opening something from outside (an example, a saved topology, a file): its progress or failure. */
export type OpeningState =
  | { readonly status: 'idle' }
  | { readonly status: 'loading'; readonly name: string }
  | { readonly status: 'error'; readonly title: string; readonly errors: readonly DocumentError[] };

export interface TopologySlice {
  readonly opening: OpeningState;
  /** Fetches public/topologies/<name>.json, validates it and opens it, at `event` if given. */
  loadExample(name: string, options?: { event?: number }): Promise<void>;
  /**
   * Opens the default stack because what was asked for could not be opened, keeping the
   * message that says why on screen.
   */
  fallBackToDefault(options?: { event?: number }): Promise<void>;
  /** Reports a failure to open something; the open workspace, if any, stays as it was. */
  failOpening(title: string, errors: readonly DocumentError[]): void;
  dismissOpeningError(): void;
}

type FetchResult = { ok: true; document: import('../../src/simulation/index.ts').TopologyDocument } | { ok: false; title: string; errors: readonly DocumentError[] };

/** Fetches and imports one example. Never throws: every failure comes back as a value. */
export async function fetchExample(name: string, fetchText: (url: string) => Promise<Response>): Promise<FetchResult> {
  const failure = (title: string, message: string): FetchResult => ({ ok: false, title, errors: [{ path: 'topology', message }] });
  if (!isExampleName(name)) return failure(`“${name}” is not an example name`, 'Example names use only letters, digits, - and _.');
  let response: Response;
  try {
    response = await fetchText(`${import.meta.env.BASE_URL}topologies/${name}.json`);
  } catch {
    return failure(`The example “${name}” could not be downloaded`, 'The network request failed. Check the connection and reload.');
  }
  // A static host may answer a missing file with its index page (200, text/html): that is a
  // missing example too, not a broken one.
  const missing = response.status === 404 || (response.ok && !(response.headers.get('content-type') ?? '').includes('json'));
  if (!response.ok || missing) {
    const reason = missing ? 'There is no example with that name.' : `The server answered ${response.status} ${response.statusText}.`;
    return failure(`The example “${name}” could not be opened`, reason);
  }
  const result = importDocument(await response.text());
  if (!result.ok) return { ok: false, title: `The example “${name}” is not a valid topology`, errors: result.errors };
  return { ok: true, document: result.document };
}

export const createTopologySlice: StateCreator<StackscopeState, [], [], TopologySlice> = (set, get) => ({
  opening: { status: 'idle' },
  async loadExample(name, options = {}) {
    set({ opening: { status: 'loading', name } });
    const result = await fetchExample(name, (url) => fetch(url));
    // A later load may have started while this one was in flight; the latest wins.
    const opening = get().opening;
    if (opening.status !== 'loading' || opening.name !== name) return;
    if (!result.ok) {
      get().failOpening(result.title, result.errors);
      return;
    }
    set({ opening: { status: 'idle' } });
    get().openWorkspace({ origin: { kind: 'example', name }, document: result.document }, options);
  },
  async fallBackToDefault(options = {}) {
    const failure = get().opening;
    await get().loadExample(DEFAULT_TOPOLOGY, options);
    if (failure.status === 'error' && get().opening.status === 'idle') set({ opening: failure });
  },
  failOpening(title, errors) {
    set({ opening: { status: 'error', title, errors } });
  },
  dismissOpeningError() {
    set({ opening: { status: 'idle' } });
  },
});
