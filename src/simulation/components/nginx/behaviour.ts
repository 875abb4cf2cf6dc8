import type { Behaviour, LazyText, NodeContext } from '../../engine/simulator.ts';
import type { HttpRequestPayload, HttpResponsePayload } from '../../engine/packet.ts';
import type { HeaderList } from '../../model/message.ts';
import type { NodeStatus } from '../../model/status.ts';
import { utf8Length } from '../../protocols/bytes.ts';
import { headerValue, reasonPhrase, requestLine, shareHeaders } from '../../protocols/http.ts';
import { recordSet, tableDelete, tableSet, type Table } from '../../engine/table.ts';
import { newTcpTable, openConnections, tcpClose, tcpConnect, tcpReceive, tcpSend, tcpTimer, type TcpHandlers } from '../tcp-endpoint.ts';
import { forgetSession, secureClose, secureSend, type HasTls } from '../tls-endpoint.ts';
import { serverTlsData } from './tls-server.ts';
import { NEXT_UPSTREAM_CONDITIONS, serverFor, sslPort, type Location, type NextUpstreamCondition, type NginxConfig, type ServerBlock } from './config.ts';
import { expandVariables, redirectOf, type RequestVariables } from './variables.ts';
import { serveStatic } from './static-files.ts';
import { afterResponse, forgetClient, keepaliveExpired, keepsAlive, KeepaliveTimer, requestArrived, type HasClients } from './keepalive.ts';
import { defaultRedirect, NGINX_VERSION, nginxReason, ownPage, proxiedResponse, responseHeaders, type OutgoingResponse, type RedirectRule } from './response-headers.ts';
import { innerMap } from '../../engine/memo.ts';
import { initialPeers, onStartupDnsPacket, onStartupDnsTimer, park, proxyHostOf, serverParts, startLookups, STARTUP_LOOKUPS, upstreamText, type HasPeers, type Peer } from './upstream-peers.ts';
import { chooseUpstreamServer, FRESH_MEMORY, recordTry, type BalancingMethod, type PeerMemory } from './upstream-balancer.ts';
import { closeTunnel, openTunnel, openTunnels, relayFrame, upgrades, type HasTunnels } from './websocket-tunnel.ts';
import { accessLogLine, logAccess, logError, LOG_LINES_SHOWN, type HasLogs } from './logs.ts';

export { NGINX_VERSION };
export { accessLogLine, type AccessLogEntry } from './logs.ts';

/** A request nginx is proxying: the client's connection and the upstream it chose. */
interface Proxied {
  readonly clientConn: string;
  readonly clientAddr: string;
  readonly request: HttpRequestPayload;
  readonly proxyHost: string;
  readonly upstreamAddr: string;
  /** How the location's `proxy_redirect default` rewrites the upstream's Location. */
  readonly redirect: RedirectRule;
  /** The location that proxies: its proxy_http_version and proxy_set_header shape the upstream request. */
  readonly location: Location;
  /** The server block that took the request, for $server_name and the error log. */
  readonly server: ServerBlock;
  /** The port the client connected to, for $server_port. */
  readonly localPort: number;
  /** The upstream block's servers this request tried before this one (proxy_next_upstream), by index, with their addresses. */
  readonly tried: readonly number[];
  readonly triedAddrs: readonly string[];
  /** Each earlier try's $upstream_status: 502 for an error, 504 for a timeout, or the status nginx went on from. */
  readonly triedStatuses: readonly string[];
  /** This try's server in its upstream block, or -1 when proxy_pass names a host. */
  readonly serverIndex: number;
  /** The proxy_connect_timeout or proxy_read_timeout timer now running; -1 for none. */
  readonly deadline: number;
  /** Whether the request has gone out to this server (nginx's request_sent): a POST sent is not sent again without non_idempotent. */
  readonly sent: boolean;
}

/** A request about to go upstream: everything but the server it will go to. */
type ProxyRequest = Omit<Proxied, 'upstreamAddr' | 'serverIndex' | 'deadline' | 'sent'>;

/** proxy_connect_timeout or proxy_read_timeout running out on an upstream connection; its summary is written when read. */
class ProxyTimeout implements LazyText {
  constructor(
    readonly connId: string,
    readonly phase: 'connect' | 'read',
    private readonly seconds: number,
  ) {}

  text(): string {
    return this.phase === 'connect'
      ? `proxy_connect_timeout ${this.seconds}s: the upstream has not accepted the connection`
      : `proxy_read_timeout ${this.seconds}s: the upstream has not answered`;
  }
}

export interface NginxState extends HasTls, HasClients, HasTunnels, HasLogs, HasPeers<ProxyRequest> {
  /** Upstream connections by id, with the request each carries. */
  readonly proxied: Table<Proxied>;
  /** What nginx remembers of each upstream's peers: weights, failures. */
  readonly upstreams: Readonly<Record<string, PeerMemory>>;
}

type Ctx = NodeContext<NginxState>;

const tcpHandlers: TcpHandlers<NginxState> = {
  // A name that did not resolve at startup stopped nginx: nothing listens.
  listening: (ctx, port) => ctx.state.startup.phase !== 'failed' && (ctx.node.config as NginxConfig).servers.some((server) => server.listen === port),
  onData: (ctx, connId, app) => {
    const port = ctx.state.tcp.conns.get(connId)?.localPort ?? 0;
    const config = ctx.node.config as NginxConfig;
    if (app?.protocol === 'tls') {
      if (!sslPort(config, port)) {
        refuseTlsOnPlainPort(ctx, connId);
        return;
      }
      const request = serverTlsData(ctx, connId, app);
      if (request) handleClientRequest(ctx, connId, request);
      return;
    }
    if (app?.protocol === 'ws') {
      relayFrame(ctx, connId, app);
      return;
    }
    if (app?.protocol !== 'http') return;
    if (app.kind === 'response') handleUpstreamResponse(ctx, connId, app);
    else if (ctx.state.proxied.has(connId) || !sslPort(config, port)) handleClientRequest(ctx, connId, app);
    else respond(ctx, connId, app, plainHttpOnSslPort(app), NOT_PROXIED, true);
  },
  onEstablished: (ctx, connId) => {
    const proxied = ctx.state.proxied.get(connId);
    if (!proxied) return;
    tcpSend(ctx, connId, upstreamRequest(proxied));
    // Connected: the wait for the response header begins.
    if (proxied.deadline >= 0) ctx.cancelTimer(proxied.deadline);
    const state = ctx.draft();
    state.proxied = tableSet(state.proxied, connId, { ...proxied, sent: true, deadline: armTimeout(ctx, connId, 'read', proxied.location.proxy_read_timeout) }, ctx.inPlace);
  },
  // The client (or the upstream) closed its side: nginx reads end of file and closes too.
  onPeerClosed: (ctx, connId) => {
    if (endTunnel(ctx, connId)) return;
    forgetClient(ctx, connId);
    secureClose(ctx, connId);
    // An upstream that closes before its response (a worker killed by Gunicorn's --timeout).
    const proxied = ctx.state.proxied.get(connId);
    if (!proxied) return;
    forget(ctx, connId);
    logError(ctx, `[error] upstream prematurely closed connection while reading response header from upstream, ${errorContext(proxied)}`);
    tryNextUpstream(ctx, proxied, 'error', 502);
  },
  onClosed: (ctx, conn) => {
    forget(ctx, conn.id);
    forgetSession(ctx, conn.id);
  },
  onReset: (ctx, conn) => {
    endTunnel(ctx, conn.id);
    const proxied = ctx.state.proxied.get(conn.id);
    forget(ctx, conn.id);
    forgetClient(ctx, conn.id);
    if (!proxied) return;
    logError(ctx, `[error] connect() failed (111: Connection refused) while connecting to upstream, ${errorContext(proxied)}`);
    tryNextUpstream(ctx, proxied, 'error', 502);
  },
  onTimedOut: (ctx, conn) => {
    const proxied = ctx.state.proxied.get(conn.id);
    forget(ctx, conn.id);
    if (!proxied) return;
    const phase = conn.state === 'SYN_SENT' ? 'connecting to upstream' : 'reading response header from upstream';
    logError(ctx, `[error] upstream timed out (110: Connection timed out) while ${phase}, ${errorContext(proxied)}`);
    tryNextUpstream(ctx, proxied, 'timeout', 504);
  },
};

/**
 * nginx as a reverse proxy: `location` prefixes choose a `proxy_pass` target; an `upstream`
 * block's servers take turns (round-robin). Upstream requests are HTTP/1.0 with
 * `Host: $proxy_host` and `Connection: close`, as ../shared/reference/http-raw.json records.
 */
export const nginxBehaviour: Behaviour<NginxState> = {
  init(node, setup) {
    const { peers, startup, lookups } = initialPeers<ProxyRequest>(node.config as NginxConfig, setup.world);
    if (lookups.length > 0) setup.timer(0, STARTUP_LOOKUPS, `nginx starts: it looks up ${lookups.join(', ')} before it can proxy`);
    const state = { tcp: newTcpTable(setup.rng), tls: new Map(), clients: new Map(), proxied: new Map(), tunnels: new Map(), upstreams: {}, accessLog: [], errorLog: [] };
    return { ...state, peers, startup, dnsCache: {}, lookups: new Map() };
  },

  onTimer(ctx, payload) {
    if (tcpTimer(ctx, payload, tcpHandlers)) return;
    if (payload === STARTUP_LOOKUPS) {
      afterStartup(ctx, startLookups(ctx));
      return;
    }
    const released = onStartupDnsTimer<ProxyRequest, NginxState>(ctx, payload);
    if (released) {
      afterStartup(ctx, released);
      return;
    }
    if (payload instanceof KeepaliveTimer) keepaliveExpired(ctx, payload);
    else if (payload instanceof ProxyTimeout) proxyTimedOut(ctx, payload);
  },

  onPacket(ctx, packet) {
    if (packet.app?.protocol === 'dns') afterStartup(ctx, onStartupDnsPacket<ProxyRequest, NginxState>(ctx, packet.app));
    else tcpReceive(ctx, packet, tcpHandlers);
  },
};

/** The startup lookups are done: the requests that waited go upstream, or, if nginx stopped, their connections close. */
function afterStartup(ctx: Ctx, released: readonly ProxyRequest[]): void {
  for (const attempt of released) {
    // A client that gave up while nginx was resolving has nothing left to answer.
    if (ctx.state.tcp.conns.get(attempt.clientConn)?.state !== 'ESTABLISHED') continue;
    if (ctx.state.startup.phase === 'running') tryUpstream(ctx, attempt);
    else closeClient(ctx, attempt.clientConn);
  }
}

function closeClient(ctx: Ctx, connId: string): void {
  forgetClient(ctx, connId);
  secureClose(ctx, connId);
}

function forget(ctx: Ctx, connId: string): void {
  const proxied = ctx.state.proxied.get(connId);
  if (!proxied) return;
  if (proxied.deadline >= 0) ctx.cancelTimer(proxied.deadline);
  const state = ctx.draft();
  state.proxied = tableDelete(state.proxied, connId, ctx.inPlace);
}

/**
 * nginx's location match (ngx_http_core_find_location): a `=` location whose path is the
 * request path wins at once; otherwise the longest matching prefix, `^~` or plain, wins.
 * (A `^~` prefix would also stop the regex locations, which are not modelled.)
 */
export function matchLocation(server: Pick<ServerBlock, 'locations'>, path: string): Location | undefined {
  let best: Location | undefined;
  for (const location of server.locations) {
    if (location.modifier === '=') {
      if (location.path === path) return location;
      continue;
    }
    if (path.startsWith(location.path) && (!best || location.path.length > best.path.length)) best = location;
  }
  return best;
}


function handleClientRequest(ctx: Ctx, connId: string, request: HttpRequestPayload): void {
  const config = ctx.node.config as NginxConfig;
  const conn = ctx.state.tcp.conns.get(connId)!;
  requestArrived(ctx, connId);
  const server = serverFor(config, conn.localPort, headerValue(request.headers, 'Host'))!;
  const query = request.target.indexOf('?');
  let uri = query < 0 ? request.target : request.target.slice(0, query);
  const scheme = ctx.state.tls.has(connId) ? 'https' : 'http';
  const vars = { request, server, scheme, remoteAddr: conn.remoteAddr, serverPort: conn.localPort } as const;
  // try_files may hand the request to another location (an internal redirect); nginx stops after 10.
  for (let redirects = 0; redirects <= MAX_INTERNAL_REDIRECTS; redirects++) {
    const location = matchLocation(server, uri);
    if (!location) {
      respond(ctx, connId, request, errorPage(request, 404));
      return;
    }
    if (location.return !== undefined) {
      answerReturn(ctx, connId, location.return, vars);
      return;
    }
    if (location.proxy_pass === undefined) {
      const outcome = serveStatic(config, location, uri, vars);
      if (outcome.kind === 'internal-redirect') {
        uri = outcome.uri;
        continue;
      }
      if (outcome.kind === 'file') {
        respond(ctx, connId, request, outcome.reply);
        return;
      }
      if (outcome.errorLog) logError(ctx, `${outcome.errorLog}, client: ${conn.remoteAddr}, server: ${server.server_name}, request: "${requestLine(request)}", host: "${headerValue(request.headers, 'Host') ?? ''}"`);
      const page = errorPage(request, outcome.status);
      respond(ctx, connId, request, outcome.location ? { ...page, location: ['Location', outcome.location] } : page);
      return;
    }
    tryUpstream(ctx, {
      clientConn: connId,
      clientAddr: conn.remoteAddr,
      request,
      proxyHost: proxyHostOf(location.proxy_pass),
      redirect: defaultRedirect(location.proxy_pass, location.path),
      location,
      server,
      localPort: conn.localPort,
      tried: NO_TRIES,
      triedAddrs: NO_ADDRS,
      triedStatuses: NO_ADDRS,
    });
    return;
  }
  logError(ctx, `[error] rewrite or internal redirection cycle while internally redirecting to "${uri}", client: ${conn.remoteAddr}, server: ${server.server_name}, request: "${requestLine(request)}"`);
  respond(ctx, connId, request, errorPage(request, 500));
}

const MAX_INTERNAL_REDIRECTS = 10;

/** `return 301 URL;`: nginx's own redirect page with the expanded Location. */
function answerReturn(ctx: Ctx, connId: string, directive: string, vars: RequestVariables): void {
  const redirect = redirectOf(directive, vars);
  // An absolute URL stays in the header list, after Connection, as nginx-responses.json
  // records; a relative one is made absolute in the Location slot (absolute_redirect on).
  const page = errorPage(vars.request, redirect.status);
  const port = vars.serverPort === (vars.scheme === 'https' ? 443 : 80) ? '' : `:${vars.serverPort}`;
  const reply = redirect.url.startsWith('/')
    ? { ...page, location: ['Location', `${vars.scheme}://${expandVariables('$host', vars)}${port}${redirect.url}`] as const }
    : { ...page, passed: [['Location', redirect.url] as const] };
  respond(ctx, connId, vars.request, reply);
}

const NO_TRIES: readonly number[] = [];
const NO_ADDRS: readonly string[] = [];

/** The part of an upstream error-log line after its message. */
function errorContext(proxied: Proxied): string {
  return `client: ${proxied.clientAddr}, server: ${proxied.server.server_name}, request: "${requestLine(proxied.request)}", upstream: "http://${proxied.upstreamAddr}${proxied.request.target}", host: "${headerValue(proxied.request.headers, 'Host') ?? ''}"`;
}

/** Sends the request to the next server of its upstream, or answers 502 when there is none. */
function tryUpstream(ctx: Ctx, attempt: ProxyRequest): void {
  const { request, proxyHost } = attempt;
  if (ctx.state.startup.phase === 'resolving') {
    park(ctx, attempt);
    return;
  }
  if (ctx.state.startup.phase === 'failed') {
    closeClient(ctx, attempt.clientConn);
    return;
  }
  const pick = chooseServer(ctx, proxyHost, attempt.clientAddr, attempt.tried);
  if (pick === null) {
    if (attempt.tried.length === 0) {
      logError(
        ctx,
        `[error] no live upstreams while connecting to upstream, client: ${attempt.clientAddr}, server: ${attempt.server.server_name}, request: "${requestLine(request)}", upstream: "http://${proxyHost}${request.target}", host: "${headerValue(request.headers, 'Host') ?? ''}"`,
      );
    }
    respond(ctx, attempt.clientConn, request, errorPage(request, 502), attempt.triedAddrs.length === 0 ? { addr: proxyHost, status: '502' } : triesOutcome(attempt.triedAddrs, attempt.triedStatuses));
    return;
  }
  const upstreamConn = tcpConnect(ctx, pick.address, pick.port);
  const state = ctx.draft();
  const deadline = armTimeout(ctx, upstreamConn, 'connect', attempt.location.proxy_connect_timeout);
  const proxied: Proxied = { ...attempt, upstreamAddr: pick.addr, serverIndex: pick.index, deadline, sent: false };
  state.proxied = tableSet(state.proxied, upstreamConn, proxied, ctx.inPlace);
}

function armTimeout(ctx: Ctx, connId: string, phase: 'connect' | 'read', seconds: number): number {
  const timeout = new ProxyTimeout(connId, phase, seconds);
  return ctx.timer(seconds * 1000, timeout, timeout);
}

/**
 * The upstream was too slow: nginx closes its connection (the application keeps working, and
 * its late answer finds the socket closed), logs the timeout, and — proxy_next_upstream's
 * default includes `timeout` — tries the next server, else answers 504 Gateway Time-out.
 */
function proxyTimedOut(ctx: Ctx, timeout: ProxyTimeout): void {
  const proxied = ctx.state.proxied.get(timeout.connId);
  if (!proxied || proxied.deadline < 0) return;
  // The timer has fired: nothing left to cancel.
  const state = ctx.draft();
  state.proxied = tableSet(state.proxied, timeout.connId, { ...proxied, deadline: -1 }, ctx.inPlace);
  forget(ctx, timeout.connId);
  tcpClose(ctx, timeout.connId);
  const phase = timeout.phase === 'connect' ? 'connecting to upstream' : 'reading response header from upstream';
  logError(ctx, `[error] upstream timed out (110: Connection timed out) while ${phase}, ${errorContext(proxied)}`);
  tryNextUpstream(ctx, proxied, 'timeout', 504);
}

/**
 * A try failed: refused or closed (`error`), too slow (`timeout`), or answered with a status
 * proxy_next_upstream names (`http_503` …). The failure counts against the server
 * (max_fails / fail_timeout; a 403 or 404 does not, nginx's NGX_PEER_NEXT). Then, if the
 * location's proxy_next_upstream allows it and a server is left, the request goes on to the
 * next one (ngx_http_upstream_next); else the client gets nginx's `status` page.
 */
function tryNextUpstream(ctx: Ctx, proxied: Proxied, condition: NextUpstreamCondition, status: number): void {
  const addrs = [...proxied.triedAddrs, proxied.upstreamAddr];
  const statuses = [...proxied.triedStatuses, String(status)];
  const goesOn = goesOnAfter(ctx, proxied, condition);
  // A 403 or 404 that goes on is not the server's failure (NGX_PEER_NEXT clears its fails as a success does).
  const notFailed = condition === 'http_403' || condition === 'http_404';
  const { disabled } = countTry(ctx, proxied, notFailed ? 'ok' : 'failed');
  const phase = proxied.sent ? 'reading response header from upstream' : 'connecting to upstream';
  if (disabled) logError(ctx, `[warn] upstream server temporarily disabled while ${phase}, ${errorContext(proxied)}`);
  if (!goesOn) {
    respond(ctx, proxied.clientConn, proxied.request, errorPage(proxied.request, status), triesOutcome(addrs, statuses));
    return;
  }
  tryUpstream(ctx, { ...proxied, tried: [...proxied.tried, proxied.serverIndex], triedAddrs: addrs, triedStatuses: statuses });
}

/** Methods nginx does not send twice unless proxy_next_upstream says non_idempotent. */
const NON_IDEMPOTENT = new Set(['POST', 'LOCK', 'PATCH']);

/**
 * Whether a try that failed with `condition` goes on to the next server: the upstream has a
 * server this request has not tried, the location's proxy_next_upstream lists the condition
 * (and not off), and the request is not a POST, LOCK or PATCH already sent, unless
 * non_idempotent is listed too.
 */
function goesOnAfter(ctx: Ctx, proxied: Proxied, condition: NextUpstreamCondition): boolean {
  if (proxied.serverIndex < 0) return false;
  if (proxied.tried.length + 1 >= (ctx.state.peers[proxied.proxyHost]?.length ?? 0)) return false;
  const conditions = proxied.location.proxy_next_upstream;
  if (conditions.includes('off') || !conditions.includes(condition)) return false;
  return !(proxied.sent && NON_IDEMPOTENT.has(proxied.request.method) && !conditions.includes('non_idempotent'));
}

/** How an upstream picks its peers: the block's method; an implicit upstream (proxy_pass http://name) round-robins. */
function methodOf(ctx: Ctx, proxyHost: string): BalancingMethod {
  return (ctx.node.config as NginxConfig).upstreams.find((candidate) => candidate.name === proxyHost)?.method ?? 'round_robin';
}

/** Counts a try's outcome against its peer, in the upstream's memory. */
function countTry(ctx: Ctx, proxied: Proxied, outcome: 'failed' | 'ok'): { disabled: boolean } {
  const peers = ctx.state.peers[proxied.proxyHost];
  if (!peers || proxied.serverIndex < 0) return { disabled: false };
  const result = recordTry(peers, ctx.state.upstreams[proxied.proxyHost] ?? FRESH_MEMORY, proxied.serverIndex, outcome, virtualSeconds(ctx));
  const state = ctx.draft();
  state.upstreams = recordSet(state.upstreams, proxied.proxyHost, result.memory, ctx.inPlace);
  return result;
}

/** ngx_time(): the virtual clock in whole seconds. */
function virtualSeconds(ctx: Ctx): number {
  return Math.floor(ctx.now / 1000);
}

/**
 * The peer of an upstream for the next try (upstream-balancer.ts), the proxy_pass host itself
 * when it is one machine the canvas names, or null when no peer is live.
 */
function chooseServer(ctx: Ctx, proxyHost: string, clientAddress: string, tried: readonly number[]): Pick<Peer, 'address' | 'port' | 'addr'> & { index: number } | null {
  const peers = ctx.state.peers[proxyHost];
  if (!peers) {
    const { host, port } = serverParts(proxyHost);
    const address = ctx.world.hostAddress(host)!;
    return { address, port, addr: upstreamText(address, port), index: -1 };
  }
  const method = methodOf(ctx, proxyHost);
  const active = method === 'least_conn' ? activeConnections(ctx, proxyHost, peers) : NO_COUNTS;
  const memory = ctx.state.upstreams[proxyHost];
  const choice = chooseUpstreamServer(method, peers, memory ?? FRESH_MEMORY, { clientAddress, active, tried, now: virtualSeconds(ctx) });
  if (choice.memory !== memory) {
    const state = ctx.draft();
    state.upstreams = recordSet(state.upstreams, proxyHost, choice.memory, ctx.inPlace);
  }
  const peer = peers[choice.index];
  return peer ? { address: peer.address, port: peer.port, addr: peer.addr, index: choice.index } : null;
}

const NO_COUNTS: readonly number[] = [];

/** Requests at each peer of this upstream now (least_conn's count, kept per peer as nginx keeps it). */
function activeConnections(ctx: Ctx, proxyHost: string, peers: readonly Peer[]): number[] {
  const counts = peers.map(() => 0);
  for (const proxied of ctx.state.proxied.values()) {
    if (proxied.proxyHost === proxyHost && proxied.serverIndex >= 0) counts[proxied.serverIndex] = counts[proxied.serverIndex]! + 1;
  }
  return counts;
}

/** Headers nginx does not pass to the upstream by default, or sets itself. */
const HOP_BY_HOP_REQUEST = new Set(['host', 'connection', 'keep-alive', 'content-length', 'upgrade', 'te', 'trailer', 'transfer-encoding', 'proxy-connection']);

/**
 * The request nginx sends upstream for a client's request (ngx_http_proxy_create_request):
 * the request line in proxy_http_version, then the location's proxy_set_header lines in their
 * order (an empty value sends no line), then the defaults they did not replace (Host
 * $proxy_host, Connection close, Content-Length), then the client's headers that are neither
 * hop-by-hop nor set above. A location without proxy_set_header gives the same request for the
 * same client request and $proxy_host, so one read-only copy is made per pair and shared.
 */
function upstreamRequest(proxied: Proxied): HttpRequestPayload {
  const { request, location } = proxied;
  if (location.proxy_set_header.length > 0) return buildUpstreamRequest(proxied);
  const byHost = innerMap(upstreamRequests, request);
  let upstream = byHost.get(proxied.proxyHost);
  if (!upstream) {
    upstream = buildUpstreamRequest(proxied);
    byHost.set(proxied.proxyHost, upstream);
  }
  return upstream;
}

function buildUpstreamRequest(proxied: Proxied): HttpRequestPayload {
  const { request, location } = proxied;
  const headers: (readonly [string, string])[] = [];
  const set = new Set<string>();
  if (location.proxy_set_header.length > 0) {
    const vars = { request, server: proxied.server, scheme: 'http', remoteAddr: proxied.clientAddr, serverPort: proxied.localPort } as const;
    for (const { name, value } of location.proxy_set_header) {
      set.add(name.toLowerCase());
      const expanded = expandVariables(value, vars);
      if (expanded !== '') headers.push([name, expanded]);
    }
  }
  if (!set.has('host')) headers.push(['Host', proxied.proxyHost]);
  if (!set.has('connection')) headers.push(['Connection', 'close']);
  if (request.body.length > 0 && !set.has('content-length')) headers.push(['Content-Length', String(utf8Length(request.body))]);
  const passed = passedHeaders(request.headers);
  headers.push(...(set.size === 0 ? passed : passed.filter(([name]) => !set.has(name.toLowerCase()))));
  return { ...request, version: location.proxy_http_version === '1.1' ? 'HTTP/1.1' : 'HTTP/1.0', headers: shareHeaders(headers) };
}

const upstreamRequests = new WeakMap<HttpRequestPayload, Map<string, HttpRequestPayload>>();

const passedByList = new WeakMap<HeaderList, HeaderList>();

/** The client's headers nginx passes upstream, computed once per (shared, read-only) list. */
function passedHeaders(headers: HeaderList): HeaderList {
  let passed = passedByList.get(headers);
  if (!passed) {
    passed = headers.filter(([name]) => !HOP_BY_HOP_REQUEST.has(name.toLowerCase()));
    passedByList.set(headers, passed);
  }
  return passed;
}

function handleUpstreamResponse(ctx: Ctx, upstreamConn: string, response: HttpResponsePayload): void {
  const proxied = ctx.state.proxied.get(upstreamConn);
  if (!proxied) return;
  const condition = `http_${response.status}` as NextUpstreamCondition;
  if (STATUS_CONDITIONS.has(condition) && goesOnAfter(ctx, proxied, condition)) {
    // nginx drops this answer and its connection, and asks the next server.
    forget(ctx, upstreamConn);
    tcpClose(ctx, upstreamConn);
    tryNextUpstream(ctx, proxied, condition, response.status);
    return;
  }
  countTry(ctx, proxied, 'ok');
  if (upgrades(proxied.request, response)) {
    forget(ctx, upstreamConn);
    openTunnel(ctx, proxied.clientConn, upstreamConn, proxied.request, response, proxied.upstreamAddr);
    return;
  }
  const config = ctx.node.config as NginxConfig;
  const client = { request: proxied.request, localAddr: config.address, localPort: proxied.localPort };
  // Answered: the upstream connection carries nothing more that nginx waits for.
  forget(ctx, upstreamConn);
  const outcome = triesOutcome([...proxied.triedAddrs, proxied.upstreamAddr], [...proxied.triedStatuses, String(response.status)]);
  respond(ctx, proxied.clientConn, proxied.request, proxiedResponse(response, proxied.redirect, client), outcome);
}

/** nginx's built-in error page, byte for byte as nginx-responses.json records it. */
function errorPage(request: HttpRequestPayload, status: number): OutgoingResponse {
  return ownPage(status, errorPageBody(status), request);
}

/** The page's text depends only on the status: written once per status. */
function errorPageBody(status: number): string {
  let body = errorPageBodies.get(status);
  if (body === undefined) {
    const title = `${status} ${nginxReason(status)}`;
    body = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>${NGINX_VERSION}</center>\r\n</body>\r\n</html>\r\n`;
    errorPageBodies.set(status, body);
  }
  return body;
}

const errorPageBodies = new Map<number, string>();

/** nginx's 400 for plain HTTP on a port with ssl (NGX_HTTP_TO_HTTPS, ngx_http_special_response.c); it then closes. */
function plainHttpOnSslPort(request: HttpRequestPayload): OutgoingResponse {
  const body = `<html>\r\n<head><title>400 The plain HTTP request was sent to HTTPS port</title></head>\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n<center>The plain HTTP request was sent to HTTPS port</center>\r\n<hr><center>${NGINX_VERSION}</center>\r\n</body>\r\n</html>\r\n`;
  return ownPage(400, body, request);
}

/**
 * A ClientHello on a port without ssl: nginx reads its bytes as a request line, finds none,
 * answers 400 Bad Request in plain HTTP and closes. The browser, expecting a ServerHello,
 * gives up with ERR_SSL_PROTOCOL_ERROR.
 */
function refuseTlsOnPlainPort(ctx: Ctx, connId: string): void {
  const headers = responseHeaders(ownPage(400, errorPageBody(400), BARE_REQUEST), false, ctx.now);
  const response: HttpResponsePayload = { protocol: 'http', kind: 'response', version: 'HTTP/1.1', status: 400, reason: reasonPhrase(400), headers, body: errorPageBody(400) };
  tcpSend(ctx, connId, response);
  logError(ctx, `[info] client sent invalid request while reading client request line, client: ${ctx.state.tcp.conns.get(connId)?.remoteAddr ?? '-'}, server: ${(ctx.node.config as NginxConfig).servers[0]!.server_name}`);
  forgetClient(ctx, connId);
  tcpClose(ctx, connId);
}

/** Stands in for the request nginx could not read, for a page that depends only on the method. */
const BARE_REQUEST: HttpRequestPayload = { protocol: 'http', kind: 'request', method: 'GET', target: '/', version: 'HTTP/1.1', headers: [], body: '' };

/**
 * Sends the response to the client, then keeps the connection for the next request or closes
 * it (keepalive.ts), and writes the access-log line.
 */
function respond(ctx: Ctx, clientConn: string, request: HttpRequestPayload, reply: OutgoingResponse, upstream: UpstreamOutcome = NOT_PROXIED, close = false): void {
  const keepAlive = !close && keepsAlive(ctx, clientConn, request);
  const headers = responseHeaders(reply, keepAlive, ctx.now);
  const response: HttpResponsePayload = { protocol: 'http', kind: 'response', version: 'HTTP/1.1', status: reply.status, reason: reply.reason, headers, body: reply.body };
  secureSend(ctx, clientConn, response);
  // Read before afterResponse may close the connection and forget the client.
  const start = ctx.state.clients.get(clientConn)?.requestStart ?? ctx.now;
  afterResponse(ctx, clientConn, keepAlive);
  logRequest(ctx, clientConn, request, { status: reply.status, bodyBytes: utf8Length(reply.body), start }, upstream);
}

/** $upstream_addr and $upstream_status of a finished request. */
interface UpstreamOutcome {
  readonly addr: string;
  readonly status: string;
}

const NOT_PROXIED: UpstreamOutcome = { addr: '-', status: '-' };

/** $upstream_addr and $upstream_status of a request's tries, in order ("10.0.0.4:8000, 10.0.0.3:8000" and "502, 200"). */
function triesOutcome(addrs: readonly string[], statuses: readonly string[]): UpstreamOutcome {
  return { addr: addrs.join(', '), status: statuses.join(', ') };
}

/** The proxy_next_upstream conditions an upstream's status can meet. */
const STATUS_CONDITIONS: ReadonlySet<NextUpstreamCondition> = new Set(NEXT_UPSTREAM_CONDITIONS.filter((condition) => condition.startsWith('http_')));

/** The access.log line of a finished request. */
function logRequest(ctx: Ctx, clientConn: string, request: HttpRequestPayload, sent: { status: number; bodyBytes: number; start: number }, upstream: UpstreamOutcome): void {
  const conn = ctx.state.tcp.conns.get(clientConn);
  const serverPort = conn?.localPort ?? 0;
  const config = ctx.node.config as NginxConfig;
  const server = serverFor(config, serverPort, headerValue(request.headers, 'Host')) ?? config.servers[0]!;
  logAccess(ctx, {
    clientAddr: conn?.remoteAddr ?? '-',
    time: ctx.now,
    start: sent.start,
    request,
    status: sent.status,
    bodyBytes: sent.bodyBytes,
    upstreamAddr: upstream.addr,
    upstreamStatus: upstream.status,
    server,
    scheme: ctx.state.tls.has(clientConn) ? 'https' : 'http',
    serverPort,
  });
}

/** Closes a WebSocket tunnel if the connection is one end of it, and finishes its request. */
function endTunnel(ctx: Ctx, connId: string): boolean {
  const closed = closeTunnel(ctx, connId);
  if (!closed) return false;
  logRequest(ctx, closed.clientConn, closed.end.request, { status: 101, bodyBytes: 0, start: ctx.now }, { addr: closed.end.upstreamAddr, status: '101' });
  return true;
}

export function nginxStatus(state: NginxState, config: NginxConfig): NodeStatus {
  const proxying = state.proxied.size;
  const listening = config.servers.map((server) => `:${server.listen}${server.ssl ? ' ssl' : ''} (${server.server_name})`).join(', ');
  const details = [{ label: 'Listening', value: listening }];
  // Names found through DNS: which addresses each became, the instances nginx takes in turn.
  // Second, so the node's card (three lines) shows them.
  for (const name of Object.keys(state.startup.resolved).length > 0 ? Object.keys(state.peers) : []) {
    details.push({ label: `Peers of ${name}`, value: state.peers[name]!.map((peer) => peer.addr).join(', ') });
  }
  details.push({ label: 'Connections', value: String(openConnections(state.tcp)) });
  const lastAccess = state.accessLog.at(-1);
  if (lastAccess) details.push({ label: 'access.log', value: accessLogLine(lastAccess, config.log_format) });
  const lastError = state.errorLog.at(-1);
  if (lastError) details.push({ label: 'error.log', value: lastError });
  const logs = [
    ...(state.accessLog.length > 0 ? [{ name: 'access.log', lines: state.accessLog.slice(-LOG_LINES_SHOWN).map((entry) => accessLogLine(entry, config.log_format)) }] : []),
    ...(state.errorLog.length > 0 ? [{ name: 'error.log', lines: state.errorLog.slice(-LOG_LINES_SHOWN) }] : []),
  ];
  const tunnels = openTunnels(state.tunnels);
  if (tunnels > 0) details.push({ label: 'WebSocket tunnels', value: String(tunnels) });
  const { startup } = state;
  const headline =
    startup.phase === 'failed'
      ? 'Not running: an upstream name did not resolve'
      : startup.phase === 'resolving'
        ? `Starting: looking up ${startup.pending.join(', ')}`
        : proxying
          ? `Proxying ${proxying} request${proxying === 1 ? '' : 's'}`
          : tunnels
            ? `Relaying ${tunnels} WebSocket${tunnels === 1 ? '' : 's'}`
            : 'Waiting for requests';
  return { headline, details, active: proxying > 0 || tunnels > 0, ...(logs.length > 0 ? { logs } : {}) };
}
