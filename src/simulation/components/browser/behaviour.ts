import type { Behaviour, NodeContext } from '../../engine/simulator.ts';
import type { HttpRequestPayload } from '../../engine/packet.ts';
import type { NodeStatus } from '../../model/status.ts';
import type { HeaderList } from '../../model/message.ts';
import type { TcpConnection } from '../../protocols/tcp.ts';
import { parseHttpUrl, shareHeaders } from '../../protocols/http.ts';
import { newTcpTable, openConnections, tcpConnect, tcpReceive, tcpSend, tcpTimer, type TcpHandlers } from '../tcp-endpoint.ts';
import { tableDelete, tableSet, type Table } from '../../engine/table.ts';
import { hostCacheSummary, lookUpHost, onDnsPacket, type HasHostResolver, type HostLookup } from './host-resolver.ts';
import type { BrowserConfig } from './config.ts';

/** What the tab shows: nothing yet, a loading page, the loaded page, or Chromium's error page. */
export type PageView =
  | { readonly kind: 'blank' }
  | { readonly kind: 'loading'; readonly url: string; readonly step: string }
  | { readonly kind: 'loaded'; readonly url: string; readonly status: number; readonly reason: string; readonly body: string }
  | { readonly kind: 'error'; readonly url: string; readonly code: string; readonly explanation: string };

interface Navigation {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly target: string;
}

export interface BrowserState extends HasHostResolver<Navigation> {
  /** Connections being opened or in use, by connection id: the page each is loading, null when idle. */
  readonly requests: Table<Navigation | null>;
  readonly page: PageView;
  readonly loads: number;
}

interface VisitTimer {
  readonly type: 'visit';
  readonly url: string;
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

/** What a URL means for a navigation, worked out once per URL (undefined: not a valid http:// URL). */
function navigationTo(url: string): Navigation | undefined {
  let navigation = navigations.get(url);
  if (navigation === undefined && !navigations.has(url)) {
    if (navigations.size >= 4096) navigations.clear();
    const parsed = parseHttpUrl(url);
    navigation = parsed ? { url, ...parsed } : undefined;
    navigations.set(url, navigation);
  }
  return navigation;
}

const navigations = new Map<string, Navigation | undefined>();

type Ctx = NodeContext<BrowserState>;

const tcpHandlers: TcpHandlers<BrowserState> = {
  onEstablished: (ctx, connId) => sendRequest(ctx, connId),
  onData: (ctx, connId, app) => {
    if (app?.protocol !== 'http' || app.kind !== 'response') return;
    const navigation = ctx.state.requests.get(connId);
    if (!navigation) return;
    const state = ctx.draft();
    state.requests = tableSet(state.requests, connId, null, ctx.inPlace);
    state.page = { kind: 'loaded', url: navigation.url, status: app.status, reason: app.reason, body: app.body };
    state.loads = state.loads + 1;
    ctx.note(`Page loaded: ${app.status} ${app.reason}, ${app.body.length} bytes from ${navigation.url}`);
  },
  onClosed: (ctx, conn) => forget(ctx, conn.id),
  onReset: (ctx, conn) => {
    const navigation = ctx.state.requests.get(conn.id);
    forget(ctx, conn.id);
    if (navigation) {
      showError(ctx, navigation.url, 'ERR_CONNECTION_REFUSED', `${navigation.host} refused to connect: nothing listens on port ${navigation.port}.`);
    }
  },
  onTimedOut: (ctx, conn) => {
    const navigation = ctx.state.requests.get(conn.id);
    forget(ctx, conn.id);
    if (!navigation) return;
    // Chromium's codes: a connect() that timed out, or an established connection that did.
    if (conn.state === 'SYN_SENT') showError(ctx, navigation.url, 'ERR_CONNECTION_TIMED_OUT', `${navigation.host} took too long to respond.`);
    else showError(ctx, navigation.url, 'ERR_TIMED_OUT', `${navigation.host} took too long to respond.`);
  },
};

export const browserBehaviour: Behaviour<BrowserState> = {
  init(node, setup) {
    const first = visitsInOrder(node.config as BrowserConfig)[0];
    if (first) setup.timer(first.atMs, { type: 'visit', url: first.url, index: 0 } satisfies VisitTimer, `Navigate to ${first.url}`);
    return { tcp: newTcpTable(setup.rng), dnsCache: {}, lookups: new Map(), requests: new Map(), page: { kind: 'blank' }, loads: 0 };
  },

  onTimer(ctx, payload) {
    if (tcpTimer(ctx, payload, tcpHandlers)) return;
    const visit = payload as VisitTimer;
    const next = visitsInOrder(ctx.node.config as BrowserConfig)[visit.index + 1];
    if (next) ctx.scheduleRoot(next.atMs, { type: 'visit', url: next.url, index: visit.index + 1 } satisfies VisitTimer, `Navigate to ${next.url}`);
    const navigation = navigationTo(visit.url);
    if (!navigation) {
      showError(ctx, visit.url, 'ERR_INVALID_URL', 'The address is not a valid http:// URL.');
      return;
    }
    navigate(ctx, navigation);
  },

  onPacket(ctx, packet) {
    if (packet.app?.protocol === 'dns') {
      const answered = onDnsPacket<Navigation, BrowserState>(ctx, packet.app);
      if (answered) settle(ctx, answered.waiter, answered.outcome);
      return;
    }
    tcpReceive(ctx, packet, tcpHandlers);
  },
};

function forget(ctx: Ctx, connId: string): void {
  if (!ctx.state.requests.has(connId)) return;
  const state = ctx.draft();
  state.requests = tableDelete(state.requests, connId, ctx.inPlace);
}

function showError(ctx: Ctx, url: string, code: string, explanation: string): void {
  ctx.draft().page = { kind: 'error', url, code, explanation };
  ctx.note(`This site can't be reached: ${code}`);
}

function navigate(ctx: Ctx, navigation: Navigation): void {
  const lookup = lookUpHost(ctx, navigation.host, navigation);
  if (lookup === 'pending') {
    ctx.draft().page = { kind: 'loading', url: navigation.url, step: `Resolving ${navigation.host}` };
    return;
  }
  settle(ctx, navigation, lookup);
}

/** Goes on once the host is known: connect to its address, or show the browser's DNS error page. */
function settle(ctx: Ctx, navigation: Navigation, lookup: HostLookup): void {
  if (lookup.kind === 'failed') showError(ctx, navigation.url, lookup.code, lookup.explanation);
  else connect(ctx, navigation, lookup.address);
}

function connect(ctx: Ctx, navigation: Navigation, address: string): void {
  // HTTP/1.1 keep-alive: reuse an idle connection to the same address and port (Chromium does).
  let idle: TcpConnection | undefined;
  const requests = ctx.state.requests;
  for (const conn of ctx.state.tcp.conns.values()) {
    if (conn.state === 'ESTABLISHED' && conn.remoteAddr === address && conn.remotePort === navigation.port && requests.get(conn.id) === null) {
      idle = conn;
      break;
    }
  }
  const state = ctx.draft();
  state.page = { kind: 'loading', url: navigation.url, step: `Connecting to ${address}:${navigation.port}` };
  if (idle) {
    state.requests = tableSet(state.requests, idle.id, navigation, ctx.inPlace);
    sendRequest(ctx, idle.id);
    return;
  }
  const connId = tcpConnect(ctx, address, navigation.port);
  const after = ctx.draft();
  after.requests = tableSet(after.requests, connId, navigation, ctx.inPlace);
}

/**
 * The headers headless Chromium 156 sent for a navigation (../shared/reference/
 * chromium-page-load.json). The recording lists them alphabetically; the order here is
 * Chromium's HTTP/1.1 wire order.
 */
function navigationHeaders(navigation: Navigation, userAgent: string): HeaderList {
  const host = navigation.port === 80 ? navigation.host : `${navigation.host}:${navigation.port}`;
  const key = `${host} ${userAgent}`;
  let headers = headerCache.get(key);
  if (!headers) {
    headers = shareHeaders(chromiumHeaders(host, userAgent));
    headerCache.set(key, headers);
  }
  return headers;
}

/** One read-only header list per host and User-Agent: a load run sends the same list each time. */
const headerCache = new Map<string, HeaderList>();

function chromiumHeaders(host: string, userAgent: string): HeaderList {
  return [
    ['Host', host],
    ['Connection', 'keep-alive'],
    ['sec-ch-ua', '"Not:A-Brand";v="8", "Chromium";v="156"'],
    ['sec-ch-ua-mobile', '?0'],
    ['sec-ch-ua-platform', '"Linux"'],
    ['Upgrade-Insecure-Requests', '1'],
    ['User-Agent', userAgent],
    ['Accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,image/jxl,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7'],
    ['Sec-Fetch-Site', 'none'],
    ['Sec-Fetch-Mode', 'navigate'],
    ['Sec-Fetch-User', '?1'],
    ['Sec-Fetch-Dest', 'document'],
    ['Accept-Encoding', 'gzip, deflate, br, zstd'],
    ['Accept-Language', 'en-US,en;q=0.9'],
  ];
}

/**
 * The request a navigation sends with a User-Agent. It depends on nothing else, so it is made
 * once and shared (read-only) by every load of that page.
 */
function navigationRequest(navigation: Navigation, userAgent: string): HttpRequestPayload {
  let byAgent = requestCache.get(navigation);
  if (!byAgent) {
    byAgent = new Map();
    requestCache.set(navigation, byAgent);
  }
  let request = byAgent.get(userAgent);
  if (!request) {
    request = {
      protocol: 'http',
      kind: 'request',
      method: 'GET',
      target: navigation.target,
      version: 'HTTP/1.1',
      headers: navigationHeaders(navigation, userAgent),
      body: '',
    };
    byAgent.set(userAgent, request);
  }
  return request;
}

const requestCache = new WeakMap<Navigation, Map<string, HttpRequestPayload>>();

function sendRequest(ctx: Ctx, connId: string): void {
  const navigation = ctx.state.requests.get(connId);
  if (!navigation) return;
  const config = ctx.node.config as BrowserConfig;
  const request = navigationRequest(navigation, config.userAgent);
  ctx.draft().page = WAITING_PAGES.get(navigation) ?? waitingPage(navigation);
  tcpSend(ctx, connId, request);
}

/** The page while the response is on its way: the same for every load of a URL, so shared. */
function waitingPage(navigation: Navigation): PageView {
  const page: PageView = { kind: 'loading', url: navigation.url, step: 'Waiting for the response' };
  WAITING_PAGES.set(navigation, page);
  return page;
}

const WAITING_PAGES = new WeakMap<Navigation, PageView>();

export function browserStatus(state: BrowserState): NodeStatus {
  const page = state.page;
  const headline =
    page.kind === 'blank'
      ? 'Idle'
      : page.kind === 'loading'
        ? page.step
        : page.kind === 'loaded'
          ? `Page loaded: ${page.status} ${page.reason}`
          : page.code;
  return {
    headline,
    details: [
      { label: 'Connections', value: String(openConnections(state.tcp)) },
      { label: 'DNS cache', value: hostCacheSummary(state) },
      { label: 'Pages loaded', value: String(state.loads) },
    ],
    active: page.kind === 'loading',
  };
}

