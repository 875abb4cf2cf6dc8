import type { LazyText, NodeContext } from '../../engine/simulator.ts';
import type { HttpRequestPayload } from '../../engine/packet.ts';
import { tableDelete, tableSet, type Table } from '../../engine/table.ts';
import { headerValue } from '../../protocols/http.ts';
import type { TcpConnection } from '../../protocols/tcp.ts';
import { secureClose, type HasTls } from '../tls-endpoint.ts';
import type { NginxConfig } from './config.ts';

/**
 * HTTP keep-alive on nginx's client connections, as nginx 1.22 does it
 * (ngx_http_core_module: keepalive_timeout, keepalive_requests):
 * - a request keeps the connection open if it asks to (HTTP/1.1 unless `Connection: close`;
 *   HTTP/1.0 only with `Connection: keep-alive`), keepalive_timeout is not 0 and fewer than
 *   keepalive_requests requests have been served on the connection;
 * - the response then says `Connection: keep-alive`, and the idle connection is closed (FIN)
 *   once keepalive_timeout passes with no new request;
 * - otherwise the response says `Connection: close` and nginx closes right after sending it.
 */

/** What nginx remembers about one client connection. */
export interface ClientConnection {
  /** Requests received on it so far ($connection_requests). */
  readonly requests: number;
  /** The keepalive_timeout timer while the connection waits for its next request; -1 otherwise. */
  readonly idleTimer: number;
  /** When the current request arrived, for $request_time. */
  readonly requestStart: number;
}

export interface HasClients extends HasTls {
  /** Client connections that have sent a request, by connection id. */
  readonly clients: Table<ClientConnection>;
}

type Ctx = NodeContext<HasClients>;

/** The timer that closes an idle keep-alive connection; its summary is written when read. */
export class KeepaliveTimer implements LazyText {
  constructor(
    readonly connId: string,
    private readonly conn: TcpConnection,
    private readonly seconds: number,
  ) {}

  text(): string {
    return `keepalive_timeout ${this.seconds}s: the connection from ${this.conn.remoteAddr}:${this.conn.remotePort} was idle, nginx closes it`;
  }
}

/** A request arrived on a client connection: count it and stop its idle timer. */
export function requestArrived(ctx: Ctx, connId: string): void {
  const client = ctx.state.clients.get(connId);
  if (client && client.idleTimer >= 0) ctx.cancelTimer(client.idleTimer);
  setClient(ctx, connId, client, (client?.requests ?? 0) + 1, -1, ctx.now);
}

/**
 * Whether the connection stays open after the response to this request (nginx's
 * r->keepalive once ngx_http_update_location_config has run).
 */
export function keepsAlive(ctx: Ctx, connId: string, request: HttpRequestPayload): boolean {
  const config = ctx.node.config as NginxConfig;
  if (config.keepalive_timeout === 0 || !asksForKeepAlive(request)) return false;
  return (ctx.state.clients.get(connId)?.requests ?? 0) < config.keepalive_requests;
}

/** HTTP/1.1 keeps the connection unless told `close`; HTTP/1.0 only when told `keep-alive`. */
function asksForKeepAlive(request: HttpRequestPayload): boolean {
  let asks = askedByRequest.get(request);
  if (asks === undefined) {
    // nginx looks for the words anywhere in the header (ngx_http_process_connection).
    const connection = headerValue(request.headers, 'Connection')?.toLowerCase() ?? '';
    asks = connection.includes('close') ? false : connection.includes('keep-alive') ? true : request.version === 'HTTP/1.1';
    askedByRequest.set(request, asks);
  }
  return asks;
}

/** Requests are shared, read-only objects (a load run sends the same one each time): judge each once. */
const askedByRequest = new WeakMap<HttpRequestPayload, boolean>();

/**
 * After the response has been written: keep the connection and start its idle timer, or
 * close it (nginx closes the socket: FIN).
 */
export function afterResponse(ctx: Ctx, connId: string, keepAlive: boolean): void {
  const conn = ctx.state.tcp.conns.get(connId);
  if (!conn) return;
  if (!keepAlive) {
    forgetClient(ctx, connId);
    secureClose(ctx, connId);
    return;
  }
  if (conn.state !== 'ESTABLISHED') return;
  const seconds = (ctx.node.config as NginxConfig).keepalive_timeout;
  const timer = new KeepaliveTimer(connId, conn, seconds);
  const client = ctx.state.clients.get(connId);
  setClient(ctx, connId, client, client?.requests ?? 0, ctx.timer(seconds * 1000, timer, timer), client?.requestStart ?? ctx.now);
}

/** The idle timer fired: close the connection if it is still idle and open. */
export function keepaliveExpired(ctx: Ctx, timer: KeepaliveTimer): void {
  const client = ctx.state.clients.get(timer.connId);
  if (!client || client.idleTimer < 0) return;
  // The timer has fired: nothing to cancel.
  const state = ctx.draft();
  state.clients = tableDelete(state.clients, timer.connId, ctx.inPlace);
  secureClose(ctx, timer.connId);
}

/** The connection is closing or gone: stop its timer and forget it. */
export function forgetClient(ctx: Ctx, connId: string): void {
  const client = ctx.state.clients.get(connId);
  if (!client) return;
  if (client.idleTimer >= 0) ctx.cancelTimer(client.idleTimer);
  const state = ctx.draft();
  state.clients = tableDelete(state.clients, connId, ctx.inPlace);
}

/** Writes a client's record: in place in a load run, as a new record in a new table in a playback. */
function setClient(ctx: Ctx, connId: string, client: ClientConnection | undefined, requests: number, idleTimer: number, requestStart: number): void {
  if (client && ctx.inPlace) {
    const writable = client as { requests: number; idleTimer: number; requestStart: number };
    writable.requests = requests;
    writable.idleTimer = idleTimer;
    writable.requestStart = requestStart;
    return;
  }
  const state = ctx.draft();
  state.clients = tableSet(state.clients, connId, { requests, idleTimer, requestStart }, ctx.inPlace);
}
