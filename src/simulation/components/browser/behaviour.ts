import type { Behaviour, NodeContext } from '../../engine/simulator.ts';
import type { DnsPayload, HttpRequestPayload } from '../../engine/packet.ts';
import type { NodeStatus } from '../../model/status.ts';
import type { HeaderList } from '../../model/message.ts';
import { DNS_PORT } from '../../protocols/dns.ts';
import type { TcpConnection } from '../../protocols/tcp.ts';
import { parseHttpUrl } from '../../protocols/http.ts';
import { newTcpTable, openConnections, takePort, tcpConnect, tcpReceive, tcpSend, type HasTcp } from '../tcp-endpoint.ts';
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

export interface BrowserState extends HasTcp {
  /** The browser's host cache: name -> address, until the answer's TTL runs out. */
  readonly dnsCache: Readonly<Record<string, { readonly address: string; readonly expiresAt: number }>>;
  /** DNS queries waiting for an answer, by query id. */
  readonly lookups: Readonly<Record<number, Navigation>>;
  /** Connections being opened or in use, by connection id. */
  readonly requests: Readonly<Record<string, Navigation | null>>;
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

type Ctx = NodeContext<BrowserState>;

export const browserBehaviour: Behaviour<BrowserState> = {
  init(node, setup) {
    const first = visitsInOrder(node.config as BrowserConfig)[0];
    if (first) setup.timer(first.atMs, { type: 'visit', url: first.url, index: 0 } satisfies VisitTimer, `Navigate to ${first.url}`);
    return { tcp: newTcpTable(setup.rng), dnsCache: {}, lookups: {}, requests: {}, page: { kind: 'blank' }, loads: 0 };
  },

  onTimer(ctx, payload) {
    const visit = payload as VisitTimer;
    const next = visitsInOrder(ctx.node.config as BrowserConfig)[visit.index + 1];
    if (next) ctx.scheduleRoot(next.atMs, { type: 'visit', url: next.url, index: visit.index + 1 } satisfies VisitTimer, `Navigate to ${next.url}`);
    const parsed = parseHttpUrl(visit.url);
    if (!parsed) {
      showError(ctx, visit.url, 'ERR_INVALID_URL', 'The address is not a valid http:// URL.');
      return;
    }
    navigate(ctx, { url: visit.url, ...parsed });
  },

  onPacket(ctx, packet) {
    if (packet.app?.protocol === 'dns') {
      onDnsAnswer(ctx, packet.app);
      return;
    }
    tcpReceive(ctx, packet, {
      onEstablished: (connId) => sendRequest(ctx, connId),
      onData: (connId, app) => {
        if (app?.protocol !== 'http' || app.kind !== 'response') return;
        const navigation = ctx.state.requests[connId];
        if (!navigation) return;
        ctx.setState({
          ...ctx.state,
          requests: { ...ctx.state.requests, [connId]: null },
          page: { kind: 'loaded', url: navigation.url, status: app.status, reason: app.reason, body: app.body },
          loads: ctx.state.loads + 1,
        });
        ctx.note(`Page loaded: ${app.status} ${app.reason}, ${app.body.length} bytes from ${navigation.url}`);
      },
      onClosed: (conn) => forget(ctx, conn.id),
      onReset: (conn) => {
        const navigation = ctx.state.requests[conn.id];
        forget(ctx, conn.id);
        if (navigation) {
          showError(ctx, navigation.url, 'ERR_CONNECTION_REFUSED', `${navigation.host} refused to connect: nothing listens on port ${navigation.port}.`);
        }
      },
    });
  },
};

function forget(ctx: Ctx, connId: string): void {
  const requests = { ...ctx.state.requests };
  delete requests[connId];
  ctx.setState({ ...ctx.state, requests });
}

function showError(ctx: Ctx, url: string, code: string, explanation: string): void {
  ctx.setState({ ...ctx.state, page: { kind: 'error', url, code, explanation } });
  ctx.note(`This site can't be reached: ${code}`);
}

function navigate(ctx: Ctx, navigation: Navigation): void {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(navigation.host)) {
    connect(ctx, navigation, navigation.host);
    return;
  }
  const cached = ctx.state.dnsCache[navigation.host];
  if (cached && cached.expiresAt > ctx.now) {
    ctx.note(`DNS cache hit: ${navigation.host} is ${cached.address}`);
    connect(ctx, navigation, cached.address);
    return;
  }
  const config = ctx.node.config as BrowserConfig;
  const nameserver = config.nameserver ?? ctx.world.neighbours(ctx.node.id, { kind: 'dns-resolver' })[0]?.address;
  if (!nameserver) {
    showError(ctx, navigation.url, 'DNS_PROBE_FINISHED_NO_INTERNET', 'No DNS resolver is configured, so the name cannot be looked up.');
    return;
  }
  const id = ctx.rng.int(0, 0xffff);
  const port = takePort(ctx);
  ctx.setState({ ...ctx.state, page: { kind: 'loading', url: navigation.url, step: `Resolving ${navigation.host}` }, lookups: { ...ctx.state.lookups, [id]: navigation } });
  const query: DnsPayload = {
    protocol: 'dns',
    id,
    response: false,
    recursionDesired: true,
    recursionAvailable: false,
    rcode: 'NOERROR',
    question: { name: navigation.host, type: 'A', class: 'IN' },
    answers: [],
  };
  ctx.send(nameserver, { transport: 'udp', srcPort: port, dstPort: DNS_PORT }, query);
}

function onDnsAnswer(ctx: Ctx, answer: DnsPayload): void {
  const navigation = ctx.state.lookups[answer.id];
  if (!navigation || !answer.response) return;
  const lookups = { ...ctx.state.lookups };
  delete lookups[answer.id];
  ctx.setState({ ...ctx.state, lookups });
  const first = answer.answers[0];
  if (answer.rcode === 'NXDOMAIN' || !first) {
    showError(ctx, navigation.url, 'DNS_PROBE_FINISHED_NXDOMAIN', `${navigation.host}'s server IP address could not be found.`);
    return;
  }
  ctx.setState({
    ...ctx.state,
    dnsCache: { ...ctx.state.dnsCache, [navigation.host]: { address: first.address, expiresAt: ctx.now + first.ttl * 1000 } },
  });
  ctx.note(`DNS cache: ${navigation.host} is ${first.address} for ${first.ttl} s`);
  connect(ctx, navigation, first.address);
}

function connect(ctx: Ctx, navigation: Navigation, address: string): void {
  // HTTP/1.1 keep-alive: reuse an idle connection to the same address and port (Chromium does).
  let idle: TcpConnection | undefined;
  for (const conn of ctx.state.tcp.conns.values()) {
    if (conn.state === 'ESTABLISHED' && conn.remoteAddr === address && conn.remotePort === navigation.port && ctx.state.requests[conn.id] === null) {
      idle = conn;
      break;
    }
  }
  ctx.setState({ ...ctx.state, page: { kind: 'loading', url: navigation.url, step: `Connecting to ${address}:${navigation.port}` } });
  if (idle) {
    ctx.setState({ ...ctx.state, requests: { ...ctx.state.requests, [idle.id]: navigation } });
    sendRequest(ctx, idle.id);
    return;
  }
  const connId = tcpConnect(ctx, address, navigation.port);
  ctx.setState({ ...ctx.state, requests: { ...ctx.state.requests, [connId]: navigation } });
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
    headers = chromiumHeaders(host, userAgent);
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

function sendRequest(ctx: Ctx, connId: string): void {
  const navigation = ctx.state.requests[connId];
  if (!navigation) return;
  const config = ctx.node.config as BrowserConfig;
  const request: HttpRequestPayload = {
    protocol: 'http',
    kind: 'request',
    method: 'GET',
    target: navigation.target,
    version: 'HTTP/1.1',
    headers: navigationHeaders(navigation, config.userAgent),
    body: '',
  };
  ctx.setState({ ...ctx.state, page: { kind: 'loading', url: navigation.url, step: 'Waiting for the response' } });
  tcpSend(ctx, connId, request);
}

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
  const cache = Object.entries(state.dnsCache).map(([name, entry]) => `${name} → ${entry.address}`);
  return {
    headline,
    details: [
      { label: 'Connections', value: String(openConnections(state.tcp)) },
      { label: 'DNS cache', value: cache.length ? cache.join(', ') : 'empty' },
      { label: 'Pages loaded', value: String(state.loads) },
    ],
    active: page.kind === 'loading',
  };
}

