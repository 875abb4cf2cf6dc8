import type { Behaviour, NodeContext } from '../../engine/simulator.ts';
import type { NodeStatus } from '../../model/status.ts';
import type { TcpConnection } from '../../protocols/tcp.ts';
import { tableSet, type Writable } from '../../engine/table.ts';
import { newTcpTable, openConnections, tcpClose, tcpReceive, tcpTimer, type TcpHandlers } from '../tcp-endpoint.ts';
import { hostCacheSummary, osCacheSummary, onDnsPacket, onHostResolverTimer } from './host-resolver.ts';
import { afterLookup, dispatchWaiting, forgetConnection, isDocument, sendOn, startFetch } from './fetching.ts';
import { clientTlsData, startTls } from './tls-client.ts';
import { forgetSession } from '../tls-endpoint.ts';
import type { HttpResponsePayload, TlsPayload } from '../../engine/packet.ts';
import { scanResponse } from './response-scan.ts';
import { failFetch, handleResponse, pendingView } from './responses.ts';
import { formUrlEncode } from './request-headers.ts';
import { targetOf, type BrowserState, type ConnectionUse, type FetchJob, type PageLoad } from './state.ts';
import { isWebSocketVisit, type BrowserConfig, type Visit } from './config.ts';
import { closeSocket, handshakeAnswered, isSocket, isSocketCloseTimer, socketEnded, socketFrame, socketVisitSummary, startWebSocket } from './websocket-client.ts';

export type { BrowserState, PageView, RequestView } from './state.ts';

type Ctx = NodeContext<BrowserState>;

interface VisitTimer {
  readonly type: 'visit';
  /** Position in the visits, in time order: the next one is scheduled when this one fires. */
  readonly index: number;
}

/** The configured visits in time order (stable for equal times). */
function visitsInOrder(config: BrowserConfig): BrowserConfig['visits'] {
  let sorted = sortedVisits.get(config);
  if (!sorted) {
    sorted = [...config.visits].sort((a, b) => a.atMs - b.atMs);
    sortedVisits.set(config, sorted);
  }
  return sorted;
}

const sortedVisits = new WeakMap<BrowserConfig, BrowserConfig['visits']>();

function visitTimer(ctx: Ctx, visit: Visit, index: number): void {
  ctx.scheduleRoot(visit.atMs, { type: 'visit', index } satisfies VisitTimer, visitSummary(visit));
}

/** The timer's summary: what the person does. */
function visitSummary(visit: Visit): string {
  if (isWebSocketVisit(visit)) return socketVisitSummary(visit);
  const method = visit.method ?? 'GET';
  if (method === 'GET') return `Navigate to ${visit.url}`;
  if (method === 'POST' && visit.json === undefined) return `Submit a form: POST ${visit.url}`;
  return `fetch(): ${method} ${visit.url}`;
}

const tcpHandlers: TcpHandlers<BrowserState> = {
  onEstablished: (ctx, connId) => {
    const job = ctx.state.conns.get(connId)?.job;
    if (!job) return;
    if (job.to.scheme === 'https') {
      startTls(ctx, connId, job.to.host);
      if (isDocument(job)) ctx.draft().page = { kind: 'loading', url: job.to.url, step: `TLS handshake with ${job.to.host}` };
      return;
    }
    sendOn(ctx, connId, job);
  },
  onData: (ctx, connId, app) => {
    if (app?.protocol === 'tls') {
      onTlsRecords(ctx, connId, app);
      return;
    }
    if (app?.protocol === 'ws') {
      socketFrame(ctx, connId, app);
      return;
    }
    if (app?.protocol !== 'http' || app.kind !== 'response') return;
    if (ctx.state.tls.get(connId)?.phase === 'handshake') notTls(ctx, connId);
    else onResponse(ctx, connId, app);
  },
  onPeerClosed: (ctx, connId) => {
    if (isSocket(ctx, connId)) {
      socketEnded(ctx, connId);
      return;
    }
    // The server closed its side (nginx's keepalive_timeout, Gunicorn after each response): close ours.
    const use = ctx.state.conns.get(connId);
    forgetConnection(ctx, connId);
    if (ctx.state.tcp.conns.get(connId)?.state === 'CLOSE_WAIT') tcpClose(ctx, connId);
    const job = use?.job;
    if (!use || !job) return;
    if (use.served > 1 && !job.retried) {
      // A reused keep-alive connection closed under the request: Chromium sends it again on a new one.
      ctx.note(`The keep-alive connection closed before answering: sending ${job.method} ${job.to.url} again on a new connection`);
      startFetch(ctx, { ...job, retried: true });
    } else {
      failFetch(ctx, job, 'ERR_EMPTY_RESPONSE', `${job.to.host} didn't send any data.`);
    }
    dispatchWaiting(ctx);
  },
  onClosed: (ctx, conn) => {
    socketEnded(ctx, conn.id);
    forgetConnection(ctx, conn.id);
    forgetSession(ctx, conn.id);
    dispatchWaiting(ctx);
  },
  onReset: (ctx, conn) => {
    socketEnded(ctx, conn.id);
    const use = ctx.state.conns.get(conn.id);
    forgetConnection(ctx, conn.id);
    forgetSession(ctx, conn.id);
    const job = use?.job;
    if (!use || !job) return;
    if (use.served === 0) failFetch(ctx, job, 'ERR_CONNECTION_REFUSED', `${job.to.host} refused to connect: nothing listens on port ${job.to.port}.`);
    else failFetch(ctx, job, 'ERR_CONNECTION_RESET', `The connection to ${job.to.host} was reset.`);
    dispatchWaiting(ctx);
  },
  onTimedOut: (ctx, conn: TcpConnection) => {
    socketEnded(ctx, conn.id);
    const use = ctx.state.conns.get(conn.id);
    forgetConnection(ctx, conn.id);
    const job = use?.job;
    if (!job) return;
    // Chromium's codes: a connect() that timed out, or an established connection that did.
    if (conn.state === 'SYN_SENT') failFetch(ctx, job, 'ERR_CONNECTION_TIMED_OUT', `${job.to.host} took too long to respond.`);
    else failFetch(ctx, job, 'ERR_TIMED_OUT', `${job.to.host} took too long to respond.`);
    dispatchWaiting(ctx);
  },
};

export const browserBehaviour: Behaviour<BrowserState> = {
  init(node, setup) {
    const first = visitsInOrder(node.config as BrowserConfig)[0];
    if (first) setup.timer(first.atMs, { type: 'visit', index: 0 } satisfies VisitTimer, visitSummary(first));
    return {
      tcp: newTcpTable(setup.rng),
      tls: new Map(),
      dnsCache: {},
      lookups: new Map(),
      conns: new Map(),
      pageLoads: new Map(),
      nextLoad: 1,
      waiting: 0,
      page: { kind: 'blank' },
      pagesLoaded: 0,
      requestsSent: 0,
      cacheHits: 0,
      revalidations: 0,
      cache: new Map(),
      cookies: [],
      cookiesSet: 0,
      favicons: new Set(),
      sockets: new Map(),
    };
  },

  onTimer(ctx, payload) {
    if (tcpTimer(ctx, payload, tcpHandlers)) return;
    // The stub resolver's retry timer (armed only on lossy links): a retry, or the lookup's end.
    const dns = onHostResolverTimer<FetchJob, BrowserState>(ctx, payload);
    if (dns !== undefined) {
      if (typeof dns === 'object') afterLookup(ctx, dns.waiter, dns.outcome);
      return;
    }
    if (isSocketCloseTimer(payload)) {
      closeSocket(ctx, payload);
      return;
    }
    const { index } = payload as VisitTimer;
    const visits = visitsInOrder(ctx.node.config as BrowserConfig);
    const next = visits[index + 1];
    if (next) visitTimer(ctx, next, index + 1);
    const visit = visits[index];
    if (visit) startVisit(ctx, visit);
  },

  onPacket(ctx, packet) {
    if (packet.app?.protocol === 'dns') {
      const answered = onDnsPacket<FetchJob, BrowserState>(ctx, packet.app);
      if (answered) afterLookup(ctx, answered.waiter, answered.outcome);
      return;
    }
    tcpReceive(ctx, packet, tcpHandlers);
  },
};

/** TLS records on a connection: the handshake goes on, the request goes out, or the page fails on the certificate. */
function onTlsRecords(ctx: Ctx, connId: string, payload: TlsPayload): void {
  const outcome = clientTlsData(ctx, connId, payload);
  const job = ctx.state.conns.get(connId)?.job;
  if (outcome.kind === 'response') onResponse(ctx, connId, outcome.response);
  else if (outcome.kind === 'established' && job) sendOn(ctx, connId, job);
  else if (outcome.kind === 'failed') {
    forgetConnection(ctx, connId);
    tcpClose(ctx, connId);
    if (job) failFetch(ctx, job, outcome.code, outcome.explanation);
    dispatchWaiting(ctx);
  }
}

/** Plain HTTP where a ServerHello should be: the server does not speak TLS on that port. */
function notTls(ctx: Ctx, connId: string): void {
  const job = ctx.state.conns.get(connId)?.job;
  forgetConnection(ctx, connId);
  forgetSession(ctx, connId);
  tcpClose(ctx, connId);
  if (job) failFetch(ctx, job, 'ERR_SSL_PROTOCOL_ERROR', `${job.to.host} sent an invalid response: it answered in plain HTTP, so port ${job.to.port} does not speak TLS.`);
  dispatchWaiting(ctx);
}

/** A response arrived (in clear, or out of a TLS record). */
function onResponse(ctx: Ctx, connId: string, app: HttpResponsePayload): void {
  const use = ctx.state.conns.get(connId);
  const job = use?.job;
  if (!use || !job) return;
  if (job.websocket) {
    handshakeAnswered(ctx, connId, job, app);
    return;
  }
  const sentAt = use.sentAt;
  const state = ctx.draft();
  // The connection is free before the response is handled, so the requests it starts can reuse it.
  if (ctx.inPlace) (use as Writable<ConnectionUse>).job = null;
  else state.conns = tableSet(state.conns, connId, { ...use, job: null }, false);
  const scan = scanResponse(app);
  if (scan.closes) {
    // The server said Connection: close: Chromium closes the socket and never reuses it.
    forgetConnection(ctx, connId);
    forgetSession(ctx, connId);
    ctx.note(`Connection: close from ${use.address}:${use.port}: closing this connection`);
    tcpClose(ctx, connId);
  }
  handleResponse(ctx, job, app, sentAt, scan);
  dispatchWaiting(ctx);
}

/** The body a visit sends, worked out once per visit. */
function bodyOf(visit: Visit): string {
  let body = bodies.get(visit);
  if (body === undefined) {
    body = visit.form !== undefined ? formUrlEncode(visit.form) : (visit.json ?? '');
    bodies.set(visit, body);
  }
  return body;
}

const bodies = new WeakMap<Visit, string>();

/**
 * A visit begins a page load. A GET is a typed URL; a POST with a form (or none) submits a
 * form on a page of that origin; anything else is a fetch() from such a page's script.
 */
function startVisit(ctx: Ctx, visit: Visit): void {
  if (isWebSocketVisit(visit)) {
    startWebSocket(ctx, visit);
    return;
  }
  const to = targetOf(visit.url);
  if (!to) {
    ctx.draft().page = { kind: 'error', url: visit.url, code: 'ERR_INVALID_URL', explanation: 'The address is not a valid http:// URL.' };
    ctx.note("This site can’t be reached: ERR_INVALID_URL");
    return;
  }
  const method = visit.method ?? 'GET';
  const via: PageLoad['via'] = method === 'GET' ? 'navigation' : method === 'POST' && visit.json === undefined ? 'form' : 'fetch';
  // A form or a script runs on a page: the one the tab shows if it has that origin, else the
  // origin's home page. After a fetch() the tab still holds the page whose script made it.
  const shown = ctx.state.page;
  const initiator = via === 'navigation' ? undefined : shown.kind === 'loaded' && targetOf(shown.documentUrl)?.origin === to.origin ? shown.documentUrl : `${to.origin}/`;
  let contentType: string | undefined;
  if (visit.json !== undefined) contentType = 'application/json';
  // fetch() with a URLSearchParams body labels it with the charset; a form submission does not.
  else if (visit.form !== undefined || via === 'form') contentType = via === 'form' ? 'application/x-www-form-urlencoded' : 'application/x-www-form-urlencoded;charset=UTF-8';
  const id = ctx.state.nextLoad;
  const job: FetchJob = {
    load: id,
    slot: 0,
    to,
    destination: via === 'fetch' ? 'empty' : 'document',
    method,
    body: visit.form === undefined && visit.json === undefined ? '' : bodyOf(visit),
    contentType,
    formSubmission: via === 'form',
    initiator,
    redirects: 0,
    revalidating: undefined,
    conditions: NO_CONDITIONS,
    retried: false,
  };
  const load: PageLoad = { id, via, url: to.url, initiator: via === 'fetch' ? initiator : undefined, requests: [pendingView(job)], document: undefined, pending: 0, waiting: NO_JOBS };
  const state = ctx.draft();
  state.nextLoad = id + 1;
  state.pageLoads = tableSet(state.pageLoads, id, load, ctx.inPlace);
  startFetch(ctx, job);
}

const NO_CONDITIONS: FetchJob['conditions'] = [];
const NO_JOBS: PageLoad['waiting'] = [];

/** What the canvas shows for the browser. */
export function browserStatus(state: BrowserState, config?: BrowserConfig): NodeStatus {
  const page = state.page;
  const headline =
    page.kind === 'blank'
      ? 'Idle'
      : page.kind === 'loading'
        ? page.step
        : page.kind === 'loaded'
          ? `Page loaded: ${page.status} ${page.reason}${page.source === 'network' ? '' : ' (from cache)'}`
          : page.kind === 'websocket'
            ? `WebSocket ${page.state}${page.closeCode === null ? '' : ` (${page.closeCode})`}`
            : page.code;
  const requests = page.kind === 'loaded' ? page.requests.map((request) => `${request.method} ${request.url} ${request.status ?? request.error ?? request.source}`).join(', ') : '';
  return {
    headline,
    details: [
      { label: 'Connections', value: String(openConnections(state.tcp)) },
      { label: 'DNS cache', value: hostCacheSummary(state) },
      // With Chromium's own cache off, the OS's cache is the one that answers: show it.
      ...(config?.hostCache === false ? [{ label: 'OS DNS cache', value: osCacheSummary(state) }] : []),
      { label: 'Pages loaded', value: String(state.pagesLoaded) },
      { label: 'Requests sent', value: String(state.requestsSent) },
      ...(requests ? [{ label: 'This page', value: requests }] : []),
      { label: 'HTTP cache', value: state.cache.size === 0 ? 'empty' : `${state.cache.size} stored, ${state.cacheHits} hits, ${state.revalidations} revalidated` },
      { label: 'Cookies', value: state.cookies.length === 0 ? 'none' : state.cookies.map((cookie) => `${cookie.name} (${cookie.domain}${cookie.path})`).join(', ') },
    ],
    active: page.kind === 'loading' || (page.kind === 'loaded' && !page.complete) || (page.kind === 'websocket' && page.state !== 'closed' && page.state !== 'failed'),
  };
}
