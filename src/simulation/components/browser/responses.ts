import { errorHeading } from './error-heading.ts';
import type { NodeContext } from '../../engine/simulator.ts';
import type { HttpResponsePayload } from '../../engine/packet.ts';
import type { HeaderList } from '../../model/message.ts';
import { tableDelete, tableSet } from '../../engine/table.ts';
import { headerValue, lowerCase } from '../../protocols/http.ts';
import { storeCookie } from '../../protocols/cookies.ts';
import { freshenedBy304, invalidates, isStorable, matches304, variedValues, type StoredResponse } from '../../protocols/http-cache.ts';
import { isHtml, parsePage, resolveUrl, type ParsedPage, type SubresourceKind } from '../../protocols/html.ts';
import { cookieContext, isDocument, startFetch, wallClock } from './fetching.ts';
import { changeLoad, finishLoad, recordAnswer as recordAnswerIn, setRequestView } from './loads.ts';
import type { ResponseScan } from './response-scan.ts';
import type { Destination } from './request-headers.ts';
import { handshakeFailed } from './websocket-client.ts';
import { targetOf, type BrowserState, type FetchJob, type LoadedDocument, type PageLoad, type RequestView, type ResponseSource } from './state.ts';

/**
 * What the browser does with a response: keep its cookies, follow a redirect, refresh or fill
 * the HTTP cache, show the document, fetch what it links, then the favicon.
 */

type Ctx = NodeContext<BrowserState>;

/** Chromium's limit (net::URLRequest's kMaxRedirects). */
export const MAX_REDIRECTS = 20;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** The response a connection delivered for `job`, sent at `sentAt`. */
export function handleResponse(ctx: Ctx, job: FetchJob, response: HttpResponsePayload, sentAt: number, scan: ResponseScan): void {
  if (scan.setCookie) storeCookies(ctx, job, response.headers);
  // RFC 9111 section 4.4: a non-error answer to an unsafe method (a POST answered by a 303
  // included) makes the stored copy of its URL stale.
  if (ctx.state.cache.size > 0 && invalidates(job.method, response.status) && ctx.state.cache.has(job.to.url)) {
    const state = ctx.draft();
    state.cache = tableDelete(state.cache, job.to.url, ctx.inPlace);
  }
  if (REDIRECTS.has(response.status)) {
    const location = scan.location;
    const next = location === undefined ? undefined : resolveUrl(job.to.url, location);
    if (next !== undefined) {
      followRedirect(ctx, job, response, next);
      return;
    }
  }
  if (response.status === 304 && job.revalidating && matches304(job.revalidating, response.headers)) {
    const refreshed = freshenedBy304(job.revalidating, response.headers, sentAt, ctx.now);
    const state = ctx.draft();
    state.cache = tableSet(state.cache, job.to.url, refreshed, ctx.inPlace);
    state.revalidations = state.revalidations + 1;
    ctx.note(`304 Not Modified: ${job.to.url} is shown from the HTTP cache`);
    finishFetch(ctx, job, refreshed, 'revalidated', headerValue(refreshed.headers, 'Content-Type') ?? '', response);
    return;
  }
  if (scan.cacheHints && isStorable(job.method, response.status, response.headers)) {
    const stored: StoredResponse = {
      url: job.to.url,
      status: response.status,
      reason: response.reason,
      headers: response.headers,
      body: response.body,
      requestTime: sentAt,
      responseTime: ctx.now,
      // Vary: the request's values, of which only Cookie changes between our requests.
      varied: variedValues(response.headers, (name) => (lowerCase(name) === 'cookie' ? job.sentCookie : undefined)),
    };
    const state = ctx.draft();
    state.cache = tableSet(state.cache, job.to.url, stored, ctx.inPlace);
  } else if (ctx.state.cache.size > 0 && job.revalidating && ctx.state.cache.has(job.to.url)) {
    const state = ctx.draft();
    state.cache = tableDelete(state.cache, job.to.url, ctx.inPlace);
  }
  finishFetch(ctx, job, response, 'network', scan.contentType);
}

/** Set-Cookie header fields (there may be several) go into the jar (RFC 6265 section 5.3). */
function storeCookies(ctx: Ctx, job: FetchJob, headers: HeaderList): void {
  for (const [name, value] of headers) {
    if (lowerCase(name) !== 'set-cookie') continue;
    const order = ctx.state.cookiesSet;
    const { jar, outcome } = storeCookie(ctx.state.cookies, value, cookieContext(job), wallClock(ctx), order);
    const state = ctx.draft();
    state.cookies = jar;
    switch (outcome.kind) {
      case 'stored':
      case 'replaced': {
        state.cookiesSet = order + 1;
        const cookie = outcome.cookie;
        const lifetime = cookie.expiry === null ? 'session cookie' : `until ${new Date(cookie.expiry).toUTCString()}`;
        ctx.note(`Cookie ${outcome.kind}: ${cookie.name} for ${cookie.hostOnly ? '' : '.'}${cookie.domain}${cookie.path} (${lifetime}${cookie.httpOnly ? ', HttpOnly' : ''})`);
        break;
      }
      case 'deleted':
        ctx.note(`Cookie deleted: ${outcome.name} (already expired)`);
        break;
      case 'ignored':
        ctx.note(`Cookie ignored: ${outcome.reason}`);
        break;
    }
  }
}

/**
 * Follows a redirect (Fetch's "HTTP-redirect fetch"): 301 and 302 turn a POST into a GET, 303
 * turns anything but GET and HEAD into a GET, each dropping the body; 307 and 308 keep the
 * method and body. After 20 redirects, Chromium gives up with ERR_TOO_MANY_REDIRECTS.
 */
function followRedirect(ctx: Ctx, job: FetchJob, response: HttpResponsePayload, url: string): void {
  const to = targetOf(url);
  if (!to) return;
  recordAnswer(ctx, job, response.status, response.reason, 'network');
  if (job.redirects + 1 > MAX_REDIRECTS) {
    failFetch(ctx, job, 'ERR_TOO_MANY_REDIRECTS', `${job.to.host} redirected you too many times.`, false);
    return;
  }
  const toGet = ((response.status === 301 || response.status === 302) && job.method === 'POST') || (response.status === 303 && job.method !== 'GET' && job.method !== 'HEAD');
  ctx.note(`Redirect ${response.status} to ${url}${toGet ? ` (${job.method} becomes GET)` : ''}`);
  const load = ctx.state.pageLoads.get(job.load);
  if (!load) return;
  const method = toGet ? 'GET' : job.method;
  const next: FetchJob = {
    ...job,
    slot: load.requests.length,
    to,
    method,
    body: toGet ? '' : job.body,
    contentType: toGet ? undefined : job.contentType,
    redirects: job.redirects + 1,
    revalidating: undefined,
    conditions: NO_HEADERS,
    retried: false,
  };
  changeLoad(ctx, load, { requests: [...load.requests, pendingView(next)], url: job.destination === 'document' ? url : load.url });
  startFetch(ctx, next);
}

const NO_HEADERS: HeaderList = [];

/** A request view for a job that has not been answered yet. */
export function pendingView(job: FetchJob): RequestView {
  return { method: job.method, url: job.to.url, destination: job.destination, source: 'pending', status: null, reason: '', connection: null, localPort: null, requestOnConnection: null };
}

/** Writes the answer into the job's request view and returns the page load. */
function recordAnswer(ctx: Ctx, job: FetchJob, status: number | null, reason: string, source: RequestView['source'], error?: string): PageLoad | undefined {
  const load = ctx.state.pageLoads.get(job.load);
  return load && recordAnswerIn(ctx, load, job.slot, status, reason, source, error);
}

/**
 * A request got its final response (from the network, the cache, or the cache after a 304).
 * `wire` is the 304 when the response shown came from the cache after one.
 */
export function finishFetch(ctx: Ctx, job: FetchJob, response: Pick<HttpResponsePayload, 'status' | 'reason' | 'headers' | 'body'>, source: ResponseSource, contentType: string, wire?: HttpResponsePayload): void {
  // A cache hit shows the stored status (DevTools: "200 (from cache)"); a revalidation the 304.
  const shown = wire ?? response;
  const load = recordAnswer(ctx, job, shown.status, shown.reason, source);
  if (!load) return;
  if (isDocument(job)) {
    showDocument(ctx, load, job, response, source, contentType);
    return;
  }
  if (job.destination === 'favicon') {
    ctx.note(`Favicon ${job.to.url}: ${response.status} ${response.reason}`);
    finishLoad(ctx, load);
    return;
  }
  ctx.note(`Loaded ${job.to.url} (${job.destination}): ${response.status} ${response.reason}, ${response.body.length} bytes${source === 'network' ? '' : ' from the cache'}`);
  subresourceDone(ctx, load);
}

const noParse: ParsedPage = { title: '', text: '', subresources: [], icon: undefined };

function showDocument(ctx: Ctx, load: PageLoad, job: FetchJob, response: Pick<HttpResponsePayload, 'status' | 'reason' | 'headers' | 'body'>, source: ResponseSource, contentType: string): void {
  const html = job.method !== 'HEAD' && isHtml(contentType === '' ? undefined : contentType, response.body);
  const parsed = html ? parsePage(response.body, job.to.url) : noParse;
  // A fetch() answer goes to the script, not the page: no subresources, no favicon.
  const navigation = job.destination === 'document';
  const loaded: LoadedDocument = {
    status: response.status,
    reason: response.reason,
    contentType,
    title: parsed.title,
    text: html ? parsed.text : response.body,
    body: response.body,
    source,
    icon: navigation ? (parsed.icon ?? job.to.favicon) : undefined,
  };
  const subresources = navigation ? parsed.subresources : noParse.subresources;
  const state = ctx.draft();
  state.pagesLoaded = state.pagesLoaded + 1;
  // The tab shows the page before the note says so: a playback shows each event with the
  // states as they were when it happened, so the note must come after the change.
  const loadedNote = `Page loaded: ${response.status} ${response.reason}, ${response.body.length} bytes from ${job.to.url}${source === 'network' ? '' : ' (HTTP cache)'}`;
  if (subresources.length === 0 && (loaded.icon === undefined || ctx.state.favicons.has(loaded.icon))) {
    // Nothing more to fetch (the usual case in a load run): the load is over at once.
    finishLoad(ctx, changeLoadQuietly(ctx, load, job.to.url, loaded));
    ctx.note(loadedNote);
    return;
  }
  const next = changeLoad(ctx, load, { url: job.to.url, document: loaded, pending: subresources.length });
  ctx.note(loadedNote);
  if (subresources.length === 0) {
    afterSubresources(ctx, next);
    return;
  }
  for (const subresource of subresources) startSubresource(ctx, next.id, subresource.url, DESTINATIONS[subresource.kind], job.to.url);
}

/** The load with its document, without showing it yet (finishLoad shows it complete). */
function changeLoadQuietly(ctx: Ctx, load: PageLoad, url: string, loaded: LoadedDocument): PageLoad {
  return ctx.inPlace ? Object.assign(load as { -readonly [K in keyof PageLoad]: PageLoad[K] }, { url, document: loaded }) : { ...load, url, document: loaded };
}

const DESTINATIONS: Readonly<Record<SubresourceKind, Destination>> = { stylesheet: 'style', script: 'script', image: 'image' };

/** Adds a subresource (or favicon) request to a page load and starts it. */
function startSubresource(ctx: Ctx, loadId: number, url: string, destination: Destination, referrer: string): void {
  const load = ctx.state.pageLoads.get(loadId);
  const to = targetOf(url);
  if (!load || !to) return;
  const job: FetchJob = {
    load: loadId,
    slot: load.requests.length,
    to,
    destination,
    method: 'GET',
    body: '',
    contentType: undefined,
    formSubmission: false,
    initiator: referrer,
    redirects: 0,
    revalidating: undefined,
    conditions: NO_HEADERS,
    retried: false,
  };
  if (ctx.inPlace) (load.requests as RequestView[]).push(pendingView(job));
  else changeLoad(ctx, load, { requests: [...load.requests, pendingView(job)] });
  startFetch(ctx, job);
}

function subresourceDone(ctx: Ctx, load: PageLoad): void {
  const next = changeLoad(ctx, load, { pending: load.pending - 1 });
  if (next.pending <= 0) afterSubresources(ctx, next);
}

/**
 * The load event: every subresource is in. Chromium then asks for the page's icon
 * (link rel=icon, else /favicon.ico), once: a favicon it already got, or failed to get, is
 * not asked for again (its favicon service remembers both).
 */
function afterSubresources(ctx: Ctx, load: PageLoad): void {
  const icon = load.document?.icon;
  if (icon === undefined || ctx.state.favicons.has(icon)) {
    finishLoad(ctx, load);
    return;
  }
  const state = ctx.draft();
  const favicons = new Set(state.favicons);
  favicons.add(icon);
  state.favicons = favicons;
  startSubresource(ctx, load.id, icon, 'favicon', load.url);
}

/**
 * A request ended on an error. For the document (or a fetch() visit) the tab shows Chromium's
 * error page; a subresource or favicon that fails does not stop the page.
 */
export function failFetch(ctx: Ctx, job: FetchJob, code: string, explanation: string, record = true): void {
  if (job.websocket) {
    handshakeFailed(ctx, job, code);
    return;
  }
  const load = record ? recordAnswer(ctx, job, null, '', 'failed', code) : recordError(ctx, job, code);
  if (isDocument(job)) {
    ctx.draft().page = { kind: 'error', url: job.to.url, code, explanation };
    ctx.note(`${errorHeading(code)}: ${code}`);
    if (load) {
      const state = ctx.draft();
      state.pageLoads = tableDelete(state.pageLoads, load.id, ctx.inPlace);
    }
    return;
  }
  ctx.note(`${job.to.url} failed: ${code}`);
  if (!load) return;
  if (job.destination === 'favicon') finishLoad(ctx, load);
  else subresourceDone(ctx, load);
}

/** Adds the error code to a request view that already has its (redirect) status. */
function recordError(ctx: Ctx, job: FetchJob, code: string): PageLoad | undefined {
  const load = ctx.state.pageLoads.get(job.load);
  const view = load?.requests[job.slot];
  if (!load || !view) return load;
  return setRequestView(ctx, load, job.slot, { ...view, error: code });
}
