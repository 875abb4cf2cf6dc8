import type { NodeContext } from '../../engine/simulator.ts';
import type { HttpRequestPayload } from '../../engine/packet.ts';
import type { HeaderList } from '../../model/message.ts';
import { tableDelete, tableSet, type Writable } from '../../engine/table.ts';
import { RUN_EPOCH_MS, headerValue, lowerCase } from '../../protocols/http.ts';
import { utf8Length } from '../../protocols/bytes.ts';
import { cookieHeader, siteOf, type CookieContext } from '../../protocols/cookies.ts';
import { lookUp } from '../../protocols/http-cache.ts';
import { tcpConnect } from '../tcp-endpoint.ts';
import { secureSend } from '../tls-endpoint.ts';
import { lookUpHost, type HostLookup } from './host-resolver.ts';
import { requestHeaders, type RequestSpec } from './request-headers.ts';
import type { BrowserConfig } from './config.ts';
import { targetOf, type BrowserState, type ConnectionUse, type FetchJob, type Target } from './state.ts';
import { failFetch, finishFetch } from './responses.ts';
import { changeLoad, recordConnection } from './loads.ts';
import { handshakeRequest } from './websocket-client.ts';

/**
 * Getting a request onto the wire: the HTTP cache first, then DNS, then a connection (an idle
 * keep-alive one, or a new one), then the request with Chromium's headers.
 */

type Ctx = NodeContext<BrowserState>;

/** Chromium's limit of connections per host (net::ClientSocketPoolManager, 6 for HTTP/1.1). */
export const CONNECTIONS_PER_HOST = 6;

/** The wall-clock time of the virtual clock, for cookie expiry. */
export function wallClock(ctx: Ctx): number {
  return RUN_EPOCH_MS + ctx.now;
}

/** Starts (or restarts, after a redirect) a request: the cache, then the network. */
export function startFetch(ctx: Ctx, job: FetchJob): void {
  // A WebSocket's handshake is never answered from the cache and never rides a pooled connection.
  if (job.websocket) {
    const lookup = lookUpHost(ctx, job.to.host, job);
    if (lookup !== 'pending') afterLookup(ctx, job, lookup);
    return;
  }
  if (job.method === 'GET') {
    const stored = ctx.state.cache.get(job.to.url);
    if (stored) {
      const decision = lookUp(stored, ctx.now, (name) => requestHeaderFor(ctx, job, name), job.formSubmission);
      if (decision.kind === 'fresh') {
        ctx.note(`HTTP cache: ${job.to.url} is fresh (age ${seconds(decision.ageMs)} of ${seconds(decision.lifetimeMs)}): no request`);
        const state = ctx.draft();
        state.cacheHits = state.cacheHits + 1;
        finishFetch(ctx, job, stored, 'cache', headerValue(stored.headers, 'Content-Type') ?? '');
        return;
      }
      if (decision.kind === 'revalidate') {
        ctx.note(`HTTP cache: ${job.to.url} is ${REVALIDATION_REASONS[decision.reason]}: revalidating with ${decision.conditions.map((header) => header[0]).join(' and ')}`);
        job = { ...job, revalidating: stored, conditions: decision.conditions };
      }
    }
  }
  // Chromium's socket pool hands out an idle keep-alive connection to the same host and port
  // before any DNS lookup: the recording's reused requests have no DNS phase (dns: -1).
  const idle = idleConnectionTo(ctx, job.to.host, job.to.port);
  if (idle !== undefined) {
    sendOn(ctx, idle, job);
    return;
  }
  const lookup = lookUpHost(ctx, job.to.host, job);
  if (lookup === 'pending') {
    if (isDocument(job)) ctx.draft().page = { kind: 'loading', url: job.to.url, step: `Resolving ${job.to.host}` };
    return;
  }
  afterLookup(ctx, job, lookup);
}

const REVALIDATION_REASONS = { 'no-cache': 'stored with no-cache', stale: 'stale', 'max-age=0': 'asked for with Cache-Control: max-age=0' } as const;

const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;

/** The request's own value of a header, for Vary: only Cookie changes between requests here. */
function requestHeaderFor(ctx: Ctx, job: FetchJob, name: string): string | undefined {
  if (lowerCase(name) === 'cookie') return cookieHeader(ctx.state.cookies, cookieContext(job), wallClock(ctx));
  return undefined;
}

/** A document or fetch() visit: what the tab shows. Subresources and the favicon are not. */
export function isDocument(job: FetchJob): boolean {
  return job.destination === 'document' || job.destination === 'empty';
}

/** Goes on once the host is known: connect to its address, or fail with the browser's DNS error. */
export function afterLookup(ctx: Ctx, job: FetchJob, lookup: HostLookup): void {
  if (lookup.kind === 'failed') failFetch(ctx, job, lookup.code, lookup.explanation);
  else acquireConnection(ctx, job, lookup.address);
}

/**
 * Puts a request on a connection: an idle keep-alive one to the same address and port if
 * there is one (Chromium's socket pool reuses it), else a new one, unless this page load
 * already has six busy connections to that host: then it waits for one to be free.
 */
function acquireConnection(ctx: Ctx, job: FetchJob, address: string): void {
  const slot = job.websocket ? 'new' : freeSlot(ctx, job, address);
  if (slot === 'busy') {
    const load = ctx.state.pageLoads.get(job.load);
    if (!load) return;
    ctx.note(`${job.to.url} waits: ${CONNECTIONS_PER_HOST} connections to ${address}:${job.to.port} are busy`);
    changeLoad(ctx, load, { waiting: [...load.waiting, { job, address }] });
    const state = ctx.draft();
    state.waiting = state.waiting + 1;
    return;
  }
  if (slot !== 'new') {
    sendOn(ctx, slot, job);
    return;
  }
  const connId = tcpConnect(ctx, address, job.to.port);
  const state = ctx.draft();
  state.conns = tableSet(state.conns, connId, { id: connId, host: job.to.host, address, port: job.to.port, job, load: job.load, served: 0, sentAt: ctx.now }, ctx.inPlace);
  if (isDocument(job)) state.page = { kind: 'loading', url: job.to.url, step: `Connecting to ${address}:${job.to.port}` };
}

/** An idle, established connection opened for `host`:`port`, by id. */
function idleConnectionTo(ctx: Ctx, host: string, port: number): string | undefined {
  for (const use of ctx.state.conns.values()) {
    if (use.job === null && use.host === host && use.port === port && ctx.state.tcp.conns.get(use.id)?.state === 'ESTABLISHED') return use.id;
  }
  return undefined;
}

/** An idle connection's id, 'new' when one may be opened, or 'busy' when the page load already uses six. */
function freeSlot(ctx: Ctx, job: FetchJob, address: string): string | 'new' | 'busy' {
  const port = job.to.port;
  let busyForLoad = 0;
  for (const use of ctx.state.conns.values()) {
    if (use.address !== address || use.port !== port) continue;
    if (use.job === null) {
      if (ctx.state.tcp.conns.get(use.id)?.state === 'ESTABLISHED') return use.id;
    } else if (use.load === job.load) {
      busyForLoad++;
    }
  }
  return busyForLoad >= CONNECTIONS_PER_HOST ? 'busy' : 'new';
}

/** A connection became free or went away: requests waiting for one go now, in order, while they can. */
export function dispatchWaiting(ctx: Ctx): void {
  if (ctx.state.waiting === 0) return;
  for (const load of [...ctx.state.pageLoads.values()]) {
    let current = load;
    while (current.waiting.length > 0) {
      const { job, address } = current.waiting[0]!;
      if (freeSlot(ctx, job, address) === 'busy') break;
      current = changeLoad(ctx, current, { waiting: current.waiting.slice(1) });
      const state = ctx.draft();
      state.waiting = state.waiting - 1;
      acquireConnection(ctx, job, address);
      current = ctx.state.pageLoads.get(load.id) ?? current;
    }
  }
}

/** Sends a request on a connection (just established, or idle and reused). */
export function sendOn(ctx: Ctx, connId: string, job: FetchJob): void {
  const use = ctx.state.conns.get(connId);
  const conn = ctx.state.tcp.conns.get(connId);
  if (!use || !conn) return;
  const cookie = ctx.state.cookies.length === 0 ? undefined : cookieHeader(ctx.state.cookies, cookieContext(job), wallClock(ctx));
  const request = requestFor(ctx, job, cookie);
  const sent = cookie === undefined ? job : { ...job, sentCookie: cookie };
  const served = use.served + 1;
  const state = ctx.draft();
  if (ctx.inPlace) {
    const writable = use as Writable<ConnectionUse>;
    writable.job = sent;
    writable.load = job.load;
    writable.served = served;
    writable.sentAt = ctx.now;
  } else {
    state.conns = tableSet(state.conns, connId, { id: connId, host: use.host, address: use.address, port: use.port, job: sent, load: job.load, served, sentAt: ctx.now }, false);
  }
  state.requestsSent = state.requestsSent + 1;
  if (isDocument(job)) state.page = WAITING_PAGES.get(job.to) ?? waitingPage(job.to);
  const load = ctx.state.pageLoads.get(job.load);
  if (load) recordConnection(ctx, load, job.slot, connId, conn.localPort, served);
  secureSend(ctx, connId, request);
}

/** The page while the response is on its way: the same for every load of a URL, so shared. */
function waitingPage(to: Target): BrowserState['page'] {
  const page: BrowserState['page'] = { kind: 'loading', url: to.url, step: 'Waiting for the response' };
  WAITING_PAGES.set(to, page);
  return page;
}

const WAITING_PAGES = new WeakMap<Target, BrowserState['page']>();

/** The Sec-Fetch-Site of a request (Fetch Metadata): none for a typed URL, else how the initiator relates to the target. */
function secFetchSite(job: FetchJob): RequestSpec['secFetchSite'] {
  if (job.initiator === undefined) return 'none';
  const from = targetOf(job.initiator);
  if (!from) return 'cross-site';
  if (from.origin === job.to.origin) return 'same-origin';
  return sameSite(from, job.to) ? 'same-site' : 'cross-site';
}

/** Schemeful same-site, as Chromium decides it: the same registrable domain and the same scheme. */
function sameSite(a: Target, b: Target): boolean {
  return a.scheme === b.scheme && siteOf(a.host) === siteOf(b.host);
}

/**
 * The Referer under Chromium's default policy, strict-origin-when-cross-origin: the full URL to
 * the same origin, the origin alone to another, and nothing from https:// to http://.
 */
function refererFor(job: FetchJob): string | undefined {
  if (job.initiator === undefined) return undefined;
  const from = targetOf(job.initiator);
  if (!from) return undefined;
  if (from.scheme === 'https' && job.to.scheme === 'http') return undefined;
  return from.origin === job.to.origin ? job.initiator : `${from.origin}/`;
}

/** The cookie context of a request: its URL, method, and whether it is a top-level, same-site one. */
export function cookieContext(job: FetchJob): CookieContext {
  const query = job.to.target.indexOf('?');
  const from = job.initiator === undefined ? undefined : targetOf(job.initiator);
  return {
    host: job.to.host,
    path: query < 0 ? job.to.target : job.to.target.slice(0, query),
    secure: job.to.scheme === 'https',
    method: job.method,
    topLevelNavigation: job.destination === 'document',
    sameSite: from === undefined || sameSite(from, job.to),
  };
}

/** The HTTP request for a job, with Chromium's headers; the plain typed navigation is made once and shared. */
function requestFor(ctx: Ctx, job: FetchJob, cookie: string | undefined): HttpRequestPayload {
  if (job.websocket) return handshakeRequest(ctx, job, cookie);
  const config = ctx.node.config as BrowserConfig;
  // The common case, a typed URL with no cookie and nothing to revalidate: one request per URL.
  const plain = job.initiator === undefined && job.method === 'GET' && cookie === undefined && job.conditions.length === 0 && job.destination === 'document';
  if (plain) {
    const cached = plainRequests.get(job.to);
    if (cached?.userAgent === config.userAgent) return cached.request;
  }
  const hasBody = job.body !== '' || job.method === 'POST' || job.method === 'PUT';
  const origin = job.method !== 'GET' && job.method !== 'HEAD' ? (targetOf(job.initiator ?? job.to.url)?.origin ?? job.to.origin) : undefined;
  const headers: HeaderList = requestHeaders({
    destination: job.destination,
    formSubmission: job.formSubmission,
    method: job.method,
    scheme: job.to.scheme,
    host: job.to.host,
    port: job.to.port,
    userAgent: config.userAgent,
    secFetchSite: secFetchSite(job),
    referer: refererFor(job),
    origin,
    contentType: job.contentType,
    contentLength: hasBody ? utf8Length(job.body) : undefined,
    cookie,
    conditions: job.conditions,
  });
  if (plain) {
    const request: HttpRequestPayload = { protocol: 'http', kind: 'request', method: 'GET', target: job.to.target, version: 'HTTP/1.1', headers, body: '' };
    plainRequests.set(job.to, { userAgent: config.userAgent, request });
    return request;
  }
  if (job.body === '' && job.method === 'GET') {
    let byTarget = sharedRequests.get(headers);
    if (!byTarget) {
      byTarget = new Map();
      sharedRequests.set(headers, byTarget);
    }
    let request = byTarget.get(job.to.target);
    if (!request) {
      if (byTarget.size >= 1024) byTarget.clear();
      request = { protocol: 'http', kind: 'request', method: 'GET', target: job.to.target, version: 'HTTP/1.1', headers, body: '' };
      byTarget.set(job.to.target, request);
    }
    return request;
  }
  return { protocol: 'http', kind: 'request', method: job.method, target: job.to.target, version: 'HTTP/1.1', headers, body: job.body };
}

/** Typed navigations by URL, with the User-Agent they were made for. */
const plainRequests = new WeakMap<Target, { readonly userAgent: string; readonly request: HttpRequestPayload }>();

/** Requests that depend only on a shared header list and a target: a load run sends the same one each time. */
const sharedRequests = new WeakMap<HeaderList, Map<string, HttpRequestPayload>>();

/** Removes a connection from the HTTP table (it is closing or gone). */
export function forgetConnection(ctx: Ctx, connId: string): void {
  if (!ctx.state.conns.has(connId)) return;
  const state = ctx.draft();
  state.conns = tableDelete(state.conns, connId, ctx.inPlace);
}
