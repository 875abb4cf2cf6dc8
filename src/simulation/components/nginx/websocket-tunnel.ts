import type { NodeContext } from '../../engine/simulator.ts';
import type { HttpRequestPayload, HttpResponsePayload, WebSocketFramePayload } from '../../engine/packet.ts';
import { httpDate, lowerCase } from '../../protocols/http.ts';
import { tableDelete, tableSet, type Table } from '../../engine/table.ts';
import { tcpClose, tcpSend, type HasTcp } from '../tcp-endpoint.ts';
import { forgetClient, type HasClients } from './keepalive.ts';
import { NGINX_VERSION } from './response-headers.ts';

/**
 * What nginx does when an upstream answers 101 Switching Protocols to a request that asked
 * for an upgrade (ngx_http_upstream_upgrade): it passes the 101 on with its own Server, Date
 * and `Connection: upgrade` first, then stops speaking HTTP on both connections and copies
 * bytes between them, in both directions, until either side closes. The request's
 * access.log line is written then, with status 101 (websocket.json's nginx_access_log).
 */

/** One end of a tunnel: the connection at the other end, and the request that opened it. */
export interface TunnelEnd {
  readonly peer: string;
  readonly side: 'client' | 'upstream';
  readonly request: HttpRequestPayload;
  readonly upstreamAddr: string;
}

export interface HasTunnels extends HasTcp, HasClients {
  readonly tunnels: Table<TunnelEnd>;
}

type Ctx<S extends HasTunnels> = NodeContext<S>;

/** Upstream headers nginx does not pass on in a 101: hop-by-hop ones, and those it writes itself. */
const NOT_PASSED = new Set(['connection', 'keep-alive', 'transfer-encoding', 'server', 'date', 'x-accel-redirect', 'x-pad']);

/** Whether nginx turns this response into a tunnel: a 101 to a request that carried Upgrade. */
export function upgrades(request: HttpRequestPayload, response: HttpResponsePayload): boolean {
  return response.status === 101 && request.headers.some(([name]) => lowerCase(name) === 'upgrade');
}

/** Sends the 101 on to the client and joins the two connections. */
export function openTunnel<S extends HasTunnels>(ctx: Ctx<S>, clientConn: string, upstreamConn: string, request: HttpRequestPayload, response: HttpResponsePayload, upstreamAddr: string): void {
  const headers: (readonly [string, string])[] = [['Server', NGINX_VERSION], ['Date', httpDate(ctx.now)], ['Connection', 'upgrade']];
  for (const header of response.headers) if (!NOT_PASSED.has(lowerCase(header[0]))) headers.push(header);
  tcpSend(ctx, clientConn, { protocol: 'http', kind: 'response', version: 'HTTP/1.1', status: 101, reason: response.reason, headers, body: '' });
  // The client connection leaves keep-alive: it will never carry another HTTP request.
  forgetClient(ctx, clientConn);
  const state = ctx.draft();
  state.tunnels = tableSet(state.tunnels, clientConn, { peer: upstreamConn, side: 'client', request, upstreamAddr }, ctx.inPlace);
  state.tunnels = tableSet(state.tunnels, upstreamConn, { peer: clientConn, side: 'upstream', request, upstreamAddr }, ctx.inPlace);
  ctx.note(`Upgraded to WebSocket: relaying frames between the client and ${upstreamAddr}`);
}

/** A frame arrived on one end: nginx copies it, unchanged, to the other. */
export function relayFrame<S extends HasTunnels>(ctx: Ctx<S>, connId: string, frame: WebSocketFramePayload): boolean {
  const end = ctx.state.tunnels.get(connId);
  if (!end) return false;
  tcpSend(ctx, end.peer, frame);
  return true;
}

/**
 * One end closed (or was reset): nginx closes both and finishes the request. Returns the
 * tunnel's request for the access log, or undefined when the connection was no tunnel.
 */
export function closeTunnel<S extends HasTunnels>(ctx: Ctx<S>, connId: string): { clientConn: string; end: TunnelEnd } | undefined {
  const end = ctx.state.tunnels.get(connId);
  if (!end) return undefined;
  const state = ctx.draft();
  state.tunnels = tableDelete(state.tunnels, connId, ctx.inPlace);
  state.tunnels = tableDelete(state.tunnels, end.peer, ctx.inPlace);
  tcpClose(ctx, connId);
  tcpClose(ctx, end.peer);
  return { clientConn: end.side === 'client' ? connId : end.peer, end };
}

/** Open tunnels (each has two ends in the table). */
export function openTunnels(tunnels: Table<TunnelEnd>): number {
  return tunnels.size / 2;
}
