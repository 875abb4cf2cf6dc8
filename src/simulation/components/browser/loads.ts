import type { NodeContext } from '../../engine/simulator.ts';
import { tableDelete, tableSet, type Writable } from '../../engine/table.ts';
import { RUN_EPOCH_MS } from '../../protocols/http.ts';
import { withoutExpired } from '../../protocols/cookies.ts';
import type { BrowserState, PageLoad, PageView, RequestView } from './state.ts';

/**
 * Changing a page load and what the tab shows of it. In a playback every change makes new
 * objects (earlier snapshots keep theirs); in a load run, which keeps no history, the load and
 * its request list are changed in place, since a run of 200,000 visits would otherwise make
 * several copies per request.
 */

type Ctx = NodeContext<BrowserState>;

/** The load with `patch` applied; the tab shows it if its document is in. */
export function changeLoad(ctx: Ctx, load: PageLoad, patch: Partial<PageLoad>): PageLoad {
  let next: PageLoad;
  if (ctx.inPlace && ctx.state.pageLoads.get(load.id) === load) {
    next = Object.assign(load as Writable<PageLoad>, patch);
  } else {
    next = { ...load, ...patch };
    const state = ctx.draft();
    state.pageLoads = tableSet(state.pageLoads, next.id, next, ctx.inPlace);
  }
  if (next.document) showPage(ctx, next, false);
  return next;
}

/** The load with request `slot` replaced (or added, at the end). */
export function setRequestView(ctx: Ctx, load: PageLoad, slot: number, view: RequestView): PageLoad {
  if (ctx.inPlace && ctx.state.pageLoads.get(load.id) === load) {
    (load.requests as RequestView[])[slot] = view;
    if (load.document) showPage(ctx, load, false);
    return load;
  }
  const requests = load.requests.slice();
  requests[slot] = view;
  return changeLoad(ctx, load, { requests });
}

/** Writes the connection a request went on into its view. */
export function recordConnection(ctx: Ctx, load: PageLoad, slot: number, connection: string, localPort: number, requestOnConnection: number): void {
  const view = load.requests[slot];
  if (!view) return;
  if (ctx.inPlace && ctx.state.pageLoads.get(load.id) === load) {
    const writable = view as Writable<RequestView>;
    writable.connection = connection;
    writable.localPort = localPort;
    writable.requestOnConnection = requestOnConnection;
    return;
  }
  setRequestView(ctx, load, slot, { ...view, connection, localPort, requestOnConnection });
}

/** Writes a request's answer (or its error) into its view and returns the load. */
export function recordAnswer(ctx: Ctx, load: PageLoad, slot: number, status: number | null, reason: string, source: RequestView['source'], error?: string): PageLoad {
  const view = load.requests[slot];
  if (!view) return load;
  if (ctx.inPlace && error === undefined && ctx.state.pageLoads.get(load.id) === load) {
    const writable = view as Writable<RequestView>;
    writable.status = status;
    writable.reason = reason;
    writable.source = source;
    return load;
  }
  return setRequestView(ctx, load, slot, error === undefined ? { ...view, status, reason, source } : { ...view, status, reason, source, error });
}

/** The load is over: it leaves the table and the tab shows it complete. */
export function finishLoad(ctx: Ctx, load: PageLoad): void {
  const state = ctx.draft();
  state.pageLoads = tableDelete(state.pageLoads, load.id, ctx.inPlace);
  showPage(ctx, load, true);
}

/** The tab shows this page load (one tab: it shows whichever load changed last). */
export function showPage(ctx: Ctx, load: PageLoad, complete: boolean): void {
  const shown = load.document;
  if (!shown) return;
  // RFC 6265 section 5.3: expired cookies leave the jar (sending already skips them).
  const cookies = withoutExpired(ctx.state.cookies, RUN_EPOCH_MS + ctx.now);
  if (cookies !== ctx.state.cookies) ctx.draft().cookies = cookies;
  const page: PageView = {
    kind: 'loaded',
    url: load.url,
    via: load.via,
    documentUrl: load.via === 'fetch' ? (load.initiator ?? load.url) : load.url,
    status: shown.status,
    reason: shown.reason,
    contentType: shown.contentType,
    title: shown.title,
    text: shown.text,
    body: shown.body,
    source: shown.source,
    // In a load run the load's list changes in place: the page shows it as it is now.
    requests: load.requests,
    cookies,
    complete,
  };
  ctx.draft().page = page;
}
