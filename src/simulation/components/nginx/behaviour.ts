import type { Behaviour, NodeContext } from '../../engine/simulator.ts';
import type { HttpRequestPayload, HttpResponsePayload } from '../../engine/packet.ts';
import type { HeaderList } from '../../model/message.ts';
import type { NodeStatus } from '../../model/status.ts';
import { utf8Length } from '../../protocols/bytes.ts';
import { headerValue, httpDate, reasonPhrase, requestLine } from '../../protocols/http.ts';
import { newTcpTable, openConnections, tcpClose, tcpConnect, tcpReceive, tcpSend, type HasTcp } from '../tcp-endpoint.ts';
import type { NginxConfig } from './config.ts';

export const NGINX_VERSION = 'nginx/1.22.1';

/** A request nginx is proxying: the client's connection and the upstream it chose. */
interface Proxied {
  readonly clientConn: string;
  readonly clientAddr: string;
  readonly request: HttpRequestPayload;
  readonly proxyHost: string;
  readonly upstreamAddr: string;
}

export interface NginxState extends HasTcp {
  /** Upstream connections by id, with the request each carries. */
  readonly proxied: Readonly<Record<string, Proxied>>;
  /** Round-robin position per upstream block. */
  readonly roundRobin: Readonly<Record<string, number>>;
  readonly accessLog: readonly string[];
  readonly errorLog: readonly string[];
}

type Ctx = NodeContext<NginxState>;

/** The number of log lines a node keeps for display. */
const LOG_LINES_KEPT = 50;

/**
 * nginx as a reverse proxy: `location` prefixes choose a `proxy_pass` target; an `upstream`
 * block's servers take turns (round-robin). Upstream requests are HTTP/1.0 with
 * `Host: $proxy_host` and `Connection: close`, as ../shared/reference/http-raw.json records.
 */
export const nginxBehaviour: Behaviour<NginxState> = {
  init(_node, setup) {
    return { tcp: newTcpTable(setup.rng), proxied: {}, roundRobin: {}, accessLog: [], errorLog: [] };
  },

  onTimer() {},

  onPacket(ctx, packet) {
    const config = ctx.node.config as NginxConfig;
    tcpReceive(ctx, packet, {
      listening: (port) => port === config.listen,
      onData: (connId, app) => {
        if (app?.protocol !== 'http') return;
        if (app.kind === 'request') handleClientRequest(ctx, connId, app);
        else handleUpstreamResponse(ctx, connId, app);
      },
      onEstablished: (connId) => {
        const proxied = ctx.state.proxied[connId];
        if (proxied) tcpSend(ctx, connId, upstreamRequest(proxied));
      },
      onPeerClosed: (connId) => tcpClose(ctx, connId),
      onClosed: (conn) => forget(ctx, conn.id),
      onReset: (conn) => {
        const proxied = ctx.state.proxied[conn.id];
        forget(ctx, conn.id);
        if (!proxied) return;
        logError(
          ctx,
          `[error] connect() failed (111: Connection refused) while connecting to upstream, client: ${proxied.clientAddr}, server: ${config.server_name}, request: "${requestLine(proxied.request)}", upstream: "http://${proxied.upstreamAddr}${proxied.request.target}", host: "${headerValue(proxied.request.headers, 'Host') ?? ''}"`,
        );
        respond(ctx, proxied.clientConn, proxied.request, errorPage(ctx, 502), proxied.upstreamAddr);
      },
    });
  },
};

function forget(ctx: Ctx, connId: string): void {
  if (!ctx.state.proxied[connId]) return;
  const proxied = { ...ctx.state.proxied };
  delete proxied[connId];
  ctx.setState({ ...ctx.state, proxied });
}

/** nginx's prefix match: the longest matching `location` prefix wins. */
function matchLocation(config: NginxConfig, path: string): NginxConfig['locations'][number] | undefined {
  let best: NginxConfig['locations'][number] | undefined;
  for (const location of config.locations) {
    if (path.startsWith(location.path) && (!best || location.path.length > best.path.length)) best = location;
  }
  return best;
}

function handleClientRequest(ctx: Ctx, connId: string, request: HttpRequestPayload): void {
  const config = ctx.node.config as NginxConfig;
  const conn = ctx.state.tcp.conns.get(connId)!;
  const location = matchLocation(config, request.target.split('?')[0]!);
  if (!location) {
    respond(ctx, connId, request, errorPage(ctx, 404), '-');
    return;
  }
  const proxyHost = location.proxy_pass.replace(/^http:\/\//, '').replace(/\/$/, '');
  const server = chooseServer(ctx, proxyHost);
  const [host, portText] = server.split(':');
  const address = ctx.world.hostAddress(host!);
  const port = portText ? Number(portText) : 80;
  if (!address) {
    logError(ctx, `[emerg] host not found in upstream "${server}"`);
    respond(ctx, connId, request, errorPage(ctx, 502), '-');
    return;
  }
  const upstreamConn = tcpConnect(ctx, address, port);
  ctx.setState({
    ...ctx.state,
    proxied: { ...ctx.state.proxied, [upstreamConn]: { clientConn: connId, clientAddr: conn.remoteAddr, request, proxyHost, upstreamAddr: `${address}:${port}` } },
  });
}

/** The next server of an upstream block (round-robin), or the proxy_pass host itself. */
function chooseServer(ctx: Ctx, proxyHost: string): string {
  const config = ctx.node.config as NginxConfig;
  const upstream = config.upstreams.find((candidate) => candidate.name === proxyHost);
  if (!upstream) return proxyHost;
  const position = ctx.state.roundRobin[upstream.name] ?? 0;
  ctx.setState({ ...ctx.state, roundRobin: { ...ctx.state.roundRobin, [upstream.name]: (position + 1) % upstream.servers.length } });
  return upstream.servers[position % upstream.servers.length]!.server;
}

/** Headers nginx does not pass to the upstream by default, or sets itself. */
const HOP_BY_HOP_REQUEST = new Set(['host', 'connection', 'keep-alive', 'content-length', 'upgrade', 'te', 'trailer', 'transfer-encoding', 'proxy-connection']);

function upstreamRequest(proxied: Proxied): HttpRequestPayload {
  const { request } = proxied;
  const headers: (readonly [string, string])[] = [
    ['Host', proxied.proxyHost],
    ['Connection', 'close'],
  ];
  if (request.body.length > 0) headers.push(['Content-Length', String(utf8Length(request.body))]);
  headers.push(...passedHeaders(request.headers));
  return { ...request, version: 'HTTP/1.0', headers };
}

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

/** Upstream headers nginx replaces with its own or drops. */
const REPLACED_RESPONSE = new Set(['server', 'date', 'connection', 'keep-alive', 'content-type', 'content-length', 'transfer-encoding']);

function handleUpstreamResponse(ctx: Ctx, upstreamConn: string, response: HttpResponsePayload): void {
  const proxied = ctx.state.proxied[upstreamConn];
  if (!proxied) return;
  const headers: [string, string][] = [];
  const contentType = headerValue(response.headers, 'Content-Type');
  if (contentType) headers.push(['Content-Type', contentType]);
  headers.push(['Content-Length', String(utf8Length(response.body))]);
  for (const header of response.headers) if (!REPLACED_RESPONSE.has(header[0].toLowerCase())) headers.push([header[0], header[1]]);
  respond(ctx, proxied.clientConn, proxied.request, { status: response.status, reason: response.reason, headers, body: response.body }, proxied.upstreamAddr);
}

interface Reply {
  readonly status: number;
  readonly reason: string;
  readonly headers: HeaderList;
  readonly body: string;
}

/** nginx's built-in error page, byte for byte as nginx-responses.json records it. */
function errorPage(_ctx: Ctx, status: number): Reply {
  const title = `${status} ${reasonPhrase(status)}`;
  const body = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>${NGINX_VERSION}</center>\r\n</body>\r\n</html>\r\n`;
  return { status, reason: reasonPhrase(status), headers: [['Content-Type', 'text/html'], ['Content-Length', String(utf8Length(body))]], body };
}

/** Sends the response to the client (keep-alive) and writes the access-log line. */
function respond(ctx: Ctx, clientConn: string, request: HttpRequestPayload, reply: Reply, upstreamAddr: string): void {
  const [contentType, contentLength, ...rest] = reply.headers;
  const headers: [string, string][] = [['Server', NGINX_VERSION], ['Date', httpDate(ctx.now)]];
  if (contentType) headers.push([contentType[0], contentType[1]]);
  if (contentLength) headers.push([contentLength[0], contentLength[1]]);
  headers.push(['Connection', 'keep-alive'], ...rest.map(([name, value]): [string, string] => [name, value]));
  const response: HttpResponsePayload = { protocol: 'http', kind: 'response', version: 'HTTP/1.1', status: reply.status, reason: reply.reason, headers, body: reply.body };
  tcpSend(ctx, clientConn, response);
  const client = ctx.state.tcp.conns.get(clientConn);
  const line = `${client?.remoteAddr ?? '-'} - - [${logTime(ctx.now)}] "${requestLine(request)}" ${reply.status} ${utf8Length(reply.body)} "-" "${headerValue(request.headers, 'User-Agent') ?? '-'}" upstream=${upstreamAddr}`;
  ctx.setState({ ...ctx.state, accessLog: [...ctx.state.accessLog, line].slice(-LOG_LINES_KEPT) });
  ctx.note(`access.log: "${requestLine(request)}" ${reply.status} upstream=${upstreamAddr}`);
}

function logError(ctx: Ctx, message: string): void {
  const line = `${errorLogTime(ctx.now)} ${message}`;
  ctx.setState({ ...ctx.state, errorLog: [...ctx.state.errorLog, line].slice(-LOG_LINES_KEPT) });
  ctx.note(`error.log: ${message}`);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

let logTimeSecond = Number.NaN;
let logTimeText = '';

/** $time_local, e.g. 23/Nov/2026:20:15:27 +0000 (the simulated machine runs on UTC). */
function logTime(virtualMs: number): string {
  const second = Math.floor(virtualMs / 1000);
  if (second !== logTimeSecond) {
    logTimeSecond = second;
    logTimeText = formatLogTime(virtualMs);
  }
  return logTimeText;
}

function formatLogTime(virtualMs: number): string {
  const date = new Date(Date.parse(httpDate(virtualMs)));
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

/** The error log's own timestamp format: 2026/11/23 20:15:27. */
function errorLogTime(virtualMs: number): string {
  const date = new Date(Date.parse(httpDate(virtualMs)));
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getUTCFullYear()}/${pad(date.getUTCMonth() + 1)}/${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
}

export function nginxStatus(state: NginxState, config: NginxConfig): NodeStatus {
  const proxying = Object.keys(state.proxied).length;
  const details = [
    { label: 'Listening', value: `:${config.listen} (${config.server_name})` },
    { label: 'Connections', value: String(openConnections(state.tcp)) },
  ];
  const lastAccess = state.accessLog.at(-1);
  if (lastAccess) details.push({ label: 'access.log', value: lastAccess });
  const lastError = state.errorLog.at(-1);
  if (lastError) details.push({ label: 'error.log', value: lastError });
  return { headline: proxying ? `Proxying ${proxying} request${proxying === 1 ? '' : 's'}` : 'Waiting for requests', details, active: proxying > 0 };
}
